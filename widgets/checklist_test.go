package widgets

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestCheckList(t *testing.T) {
	test.NewTempApp(t)
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("INV-%04d.xml", i)
	}
	c := NewCheckList(names)
	changes := 0
	c.OnChanged = func() { changes++ }
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 300))

	c.SetChecked(2, true)
	c.SetChecked(2, true) // no change: no callback
	c.SetChecked(-1, true)
	c.SetChecked(1000, true)
	if got := c.Checked(); !slices.Equal(got, []int{2}) || changes != 1 {
		t.Fatalf("checked %v after %d changes", got, changes)
	}
	// Tapping a visible row's box checks that entry, not the one the row showed before.
	c.List.ScrollToBottom()
	c.List.ScrollToTop()
	row := rowCheck(t, c, 0)
	if row.Checked || row.Text != "INV-0000.xml" {
		t.Fatalf("row 0 shows %q checked=%v", row.Text, row.Checked)
	}
	test.Tap(row)
	if !c.IsChecked(0) || !c.IsChecked(2) || changes != 2 {
		t.Fatalf("after a tap: %v (%d changes)", c.Checked(), changes)
	}
	c.SetAll(true)
	if len(c.Checked()) != 1000 {
		t.Fatalf("%d checked after SetAll(true)", len(c.Checked()))
	}
	c.SetAll(false)
	if len(c.Checked()) != 0 || rowCheck(t, c, 0).Checked {
		t.Fatal("SetAll(false) left boxes checked")
	}
}

// rowCheck finds the check box showing entry i among the list's visible rows.
func rowCheck(t *testing.T, c *CheckList, i int) *widget.Check {
	t.Helper()
	var found *widget.Check
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Check:
			if o.Text == c.Items[i] && o.Visible() {
				found = o
			}
		case *fyne.Container:
			for _, k := range o.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(o).Objects() {
				walk(k)
			}
		}
	}
	walk(c)
	if found == nil {
		t.Fatalf("entry %d is not shown", i)
	}
	return found
}
