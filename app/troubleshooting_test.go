package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
)

// The troubleshooting page is built into the program: the damaged-directory message sends an
// installed user to it, so both the Help menu and the window that says the data cannot be
// opened must show it (that window has no menu).
func TestTroubleshootingIsReachable(t *testing.T) {
	opened := func(t *testing.T, a fyne.App, lang i18n.Lang) {
		t.Helper()
		title := i18n.T(lang, "setupui.menu.troubleshooting")
		for _, w := range a.Driver().AllWindows() {
			if !strings.HasPrefix(w.Title(), title) {
				continue
			}
			rt := findRichText(w.Content())
			if rt == nil || !strings.Contains(rt.String(), "A damaged data directory") {
				t.Fatalf("the %q window does not hold the troubleshooting page", w.Title())
			}
			return
		}
		t.Fatalf("no %q window opened", title)
	}
	cases := []struct {
		name string
		open func(t *testing.T) (fyne.App, i18n.Lang)
	}{
		{"Help menu", func(t *testing.T) (fyne.App, i18n.Lang) {
			h := newHarness(t, true)
			for _, group := range h.ui.commands() {
				for _, c := range group {
					if c.label == "setupui.menu.troubleshooting" {
						c.do()
						return h.ui.app, i18n.EN
					}
				}
			}
			t.Fatal("no Troubleshooting entry in the menus")
			return nil, ""
		}},
		{"cannot open window", func(t *testing.T) (fyne.App, i18n.Lang) {
			a := test.NewTempApp(t)
			w := test.NewTempWindow(t, secondInstanceContent(a, i18n.FR, "damaged", false, func() {}))
			buttons := w.Content().(*fyne.Container).Objects[1].(*fyne.Container).Objects
			for _, o := range buttons {
				if b, ok := o.(*widget.Button); ok && b.Text == i18n.T(i18n.FR, "setupui.menu.troubleshooting") {
					test.Tap(b)
					return a, i18n.FR
				}
			}
			t.Fatal("no Troubleshooting button")
			return nil, ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, lang := c.open(t)
			opened(t, a, lang)
		})
	}
}

// findRichText is the first RichText under o (a scroll, a container, or itself).
func findRichText(o fyne.CanvasObject) *widget.RichText {
	switch v := o.(type) {
	case *widget.RichText:
		return v
	case *container.Scroll:
		return findRichText(v.Content)
	case *fyne.Container:
		for _, c := range v.Objects {
			if rt := findRichText(c); rt != nil {
				return rt
			}
		}
	}
	return nil
}
