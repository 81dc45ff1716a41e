package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// stripStates are one tab of each kind, as the window computes them.
var stripStates = map[string]TabState{
	"0": {Kind: TabNotTransferred, KindTip: "Not transferred: the ***** setup is not enabled."},
	"1": {Kind: TabOwn, Verdict: TabPassed, KindTip: "Own setup", VerdictTip: "Passed"},
	"2": {Kind: TabFallback, Verdict: TabFailed, KindTip: "Fallback", VerdictTip: "Failed"},
	"3": {Kind: TabOwn, Alert: TabExpiresSoon, AlertTip: "Expires in 5 days"},
	"4": {Kind: TabOwn, Verdict: TabPassed, Alert: TabExpired, AlertTip: "Expired"},
	"5": {Kind: TabNotTransferred},
}

func stripItems() []Item {
	labels := []string{"***** — Default company", "ACME — ACME France", "BETA — Beta Industries", "GAMMA — Gamma Services",
		"DELTA — Delta Logistique SAS", "EPS — Epsilon"}
	out := make([]Item, len(labels))
	for i, l := range labels {
		out[i] = Item{ID: string(rune('0' + i)), Label: l}
	}
	return out
}

// TestTabStripGolden pins the look of the company tabs in the light and the dark theme: the
// selected tab's accent bar and bold label, and each tab's state icons.
func TestTabStripGolden(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(NewTheme(variant))
			f := NewTabStrip("Filter (Ctrl+F): code, name or SIRET", func(id string) TabState { return stripStates[id] })
			f.SetItems(stripItems())
			f.Select("1")
			w := test.NewTempWindow(t, f)
			w.Resize(fyne.NewSize(300, 300))
			test.AssertImageMatches(t, "tabstrip_"+variant+".png", w.Canvas().Capture())
		})
	}
}

// TestTabStripRows: a tab shows its label, bold and with the accent bar when selected, and
// the tooltips of its icons say the state in words.
func TestTabStripRows(t *testing.T) {
	test.NewTempApp(t)
	calls := map[string]int{}
	f := NewTabStrip("", func(id string) TabState { calls[id]++; return stripStates[id] })
	f.SetItems(stripItems())
	f.Select("2")
	row := f.List.CreateItem()
	for i, it := range stripItems() {
		f.List.UpdateItem(i, row)
		text, bold := TabRowText(row)
		if text != it.Label || bold != (it.ID == "2") {
			t.Errorf("tab %s: %q bold=%v", it.ID, text, bold)
		}
		r := row.(*tabRow)
		if r.kind.ToolTip() != stripStates[it.ID].KindTip || r.alert.ToolTip() != stripStates[it.ID].AlertTip {
			t.Errorf("tab %s: tooltips %q %q", it.ID, r.kind.ToolTip(), r.alert.ToolTip())
		}
		selected := it.ID == "2"
		if (r.bar.FillColor != color.Transparent) != selected {
			t.Errorf("tab %s: accent bar %v", it.ID, r.bar.FillColor)
		}
		if (r.verdict.Resource != nil) != (stripStates[it.ID].Verdict != TabUntested) {
			t.Errorf("tab %s: verdict icon %v", it.ID, r.verdict.Resource)
		}
	}
	// Shapes differ for each state, not only colours.
	names := map[string]bool{}
	for _, k := range []TabKind{TabOwn, TabFallback, TabNotTransferred} {
		names[kindIcon(k).Name()] = true
	}
	if len(names) != 3 {
		t.Fatalf("state icons share shapes: %v", names)
	}
}

// TestTabStripStep: Step walks the visible tabs and wraps, as Ctrl+Tab and Ctrl+PageDown do.
func TestTabStripStep(t *testing.T) {
	test.NewTempApp(t)
	f := NewTabStrip("", nil)
	f.SetItems(stripItems())
	f.Select("0")
	for _, c := range []struct {
		delta int
		want  string
	}{{1, "1"}, {1, "2"}, {-1, "1"}, {-1, "0"}, {-1, "5"}, {1, "0"}} {
		f.Step(c.delta)
		if f.Selected() != c.want {
			t.Fatalf("step %d: on %s, want %s", c.delta, f.Selected(), c.want)
		}
	}
}
