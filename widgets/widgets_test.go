package widgets

import (
	"fmt"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestMain(m *testing.M) {
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}

func items(n int) []Item {
	out := make([]Item, n)
	for i := range out {
		out[i] = Item{ID: fmt.Sprint(i), Label: fmt.Sprintf("C%04d — Company %d", i, i)}
	}
	return out
}

func TestFilterListFilterSelectStep(t *testing.T) {
	test.NewTempApp(t)
	f := NewFilterList("filter")
	var picked []string
	f.OnSelected = func(it Item) { picked = append(picked, it.ID) }
	f.SetItems(items(30))
	cases := []struct {
		filter string
		want   int
	}{{"", 30}, {"c001", 10}, {"COMPANY 2", 11}, {"  c0029 ", 1}, {"nothing", 0}}
	for _, c := range cases {
		f.SetFilter(c.filter)
		if n := len(f.Shown()); n != c.want {
			t.Errorf("filter %q: %d shown, want %d", c.filter, n, c.want)
		}
	}
	f.SetFilter("c001")
	if !f.Select("12") || f.Selected() != "12" {
		t.Fatal("select a visible item")
	}
	if f.Select("25") {
		t.Fatal("selected an item hidden by the filter")
	}
	f.Step(1)
	f.Step(-2)
	f.Step(-3) // wraps from 11 past 10 to 19, then 18
	want := []string{"12", "13", "11", "18"}
	if fmt.Sprint(picked) != fmt.Sprint(want) {
		t.Fatalf("picked %v, want %v", picked, want)
	}
	// The selection survives a refill of the items.
	f.SetItems(items(30))
	if f.Selected() != "18" {
		t.Fatalf("selection lost after SetItems: %q", f.Selected())
	}
}

func TestFilterListStepWithoutSelection(t *testing.T) {
	test.NewTempApp(t)
	f := NewFilterList("")
	f.Step(1) // empty: nothing happens
	f.SetItems(items(3))
	f.Step(1)
	if f.Selected() != "0" {
		t.Fatalf("first Step(1) selects %q", f.Selected())
	}
	f.ClearSelection()
	f.Step(-1)
	if f.Selected() != "2" {
		t.Fatalf("first Step(-1) selects %q", f.Selected())
	}
}

func TestEnvBadge(t *testing.T) {
	test.NewTempApp(t)
	b := NewEnvBadge()
	b.SetEnv(false, "SANDBOX")
	if b.Production() || b.Color() != SandboxColor || b.Text() != "SANDBOX" {
		t.Fatal("sandbox badge")
	}
	b.SetEnv(true, "PRODUCTION")
	if !b.Production() || b.Color() != ProductionColor {
		t.Fatal("production badge")
	}
	w := test.NewTempWindow(t, b)
	if w.Canvas().Size().Width <= 0 {
		t.Fatal("badge does not render")
	}
}

func TestStepRow(t *testing.T) {
	test.NewTempApp(t)
	r := NewStepRow("token")
	cases := []struct {
		state StepState
		ms    int64
		dur   string
	}{{StepOK, 42, "42 ms"}, {StepFailed, 7, "7 ms"}, {StepSkipped, -1, ""}, {StepRunning, -1, ""}}
	for _, c := range cases {
		r.Set(c.state, c.ms, "msg")
		if r.State != c.state || r.Duration.Text != c.dur || r.Icon.Resource == nil {
			t.Errorf("state %v: duration %q", c.state, r.Duration.Text)
		}
	}
	if StepIcon(StepOK).Name() == StepIcon(StepFailed).Name() {
		t.Fatal("success and failure share an icon")
	}
}

func TestSecretEntryRevealAndWipe(t *testing.T) {
	test.NewTempApp(t)
	e := NewSecretEntry()
	if !e.Password || Revealed(e) || e.ActionItem == nil {
		t.Fatal("a secret entry must start masked with its reveal toggle")
	}
	test.Type(e, "s3cret")
	Reveal(e, true)
	if !Revealed(e) {
		t.Fatal("reveal")
	}
	Wipe(e, true)
	if e.Text != "" || Revealed(e) {
		t.Fatal("wipe must empty and mask")
	}
}

func TestFilterEntryArrowsStepTheList(t *testing.T) {
	test.NewTempApp(t)
	f := NewFilterList("")
	f.SetItems(items(20))
	test.Type(f.Filter, "c001")
	f.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if f.Selected() != "11" {
		t.Fatalf("two Downs select %q, want 11", f.Selected())
	}
	f.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if f.Selected() != "10" || f.Filter.Text != "c001" {
		t.Fatalf("Up selects %q (filter %q)", f.Selected(), f.Filter.Text)
	}
	f.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if f.Filter.Text != "c00" {
		t.Fatalf("other keys must still edit: %q", f.Filter.Text)
	}
}
