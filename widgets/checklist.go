package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// CheckList is a scrolling list of labelled check boxes: a multiple choice that stays cheap
// with thousands of entries (a widget.List reuses the few visible rows; a VBox of checks
// would build one widget per entry). Fyne 2.7's file dialog picks one file only; the
// Transfers view uses this to pick several invoices of a folder.
type CheckList struct {
	widget.BaseWidget
	Items []string
	List  *widget.List
	// OnChanged is called after the user (or SetChecked/SetAll) changed a box.
	OnChanged func()

	checked []bool
}

// NewCheckList lists items, none checked.
func NewCheckList(items []string) *CheckList {
	c := &CheckList{Items: items, checked: make([]bool, len(items))}
	c.List = widget.NewList(
		func() int { return len(c.Items) },
		func() fyne.CanvasObject { return widget.NewCheck("", nil) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			ch := o.(*widget.Check)
			ch.OnChanged = nil // the row is being reused: no callback for the old entry
			ch.Text = c.Items[id]
			ch.SetChecked(c.checked[id])
			ch.Refresh()
			ch.OnChanged = func(on bool) { c.set(id, on) }
		})
	c.ExtendBaseWidget(c)
	return c
}

func (c *CheckList) set(i int, on bool) {
	if c.checked[i] == on {
		return
	}
	c.checked[i] = on
	if c.OnChanged != nil {
		c.OnChanged()
	}
}

// SetChecked checks or unchecks entry i (out of range is ignored).
func (c *CheckList) SetChecked(i int, on bool) {
	if i < 0 || i >= len(c.checked) {
		return
	}
	c.set(i, on)
	c.List.RefreshItem(i)
}

// SetAll checks or unchecks every entry.
func (c *CheckList) SetAll(on bool) {
	for i := range c.checked {
		c.checked[i] = on
	}
	c.List.Refresh()
	if c.OnChanged != nil {
		c.OnChanged()
	}
}

// IsChecked reports whether entry i is checked.
func (c *CheckList) IsChecked(i int) bool { return i >= 0 && i < len(c.checked) && c.checked[i] }

// Checked returns the indexes of the checked entries, in order.
func (c *CheckList) Checked() []int {
	var out []int
	for i, on := range c.checked {
		if on {
			out = append(out, i)
		}
	}
	return out
}

// CreateRenderer draws the list.
func (c *CheckList) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.List) }

// MinSize leaves room for a few rows.
func (c *CheckList) MinSize() fyne.Size {
	m := c.List.MinSize()
	return fyne.NewSize(max(m.Width, 360), max(m.Height, 240))
}
