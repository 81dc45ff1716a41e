package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

func TestViewFollowsTheLock(t *testing.T) {
	var opened, unlocked, locking int
	h := newHarness(t, true, func(u *UI) {
		u.views = []view{{label: "gui.audit", iconName: theme.IconNameList, key: fyne.KeyJ,
			open: func() { opened++ }, unlocked: func() { unlocked++ }, locking: func() { locking++ }}}
	})
	if viewIcon(h.ui.views[0]) == nil {
		t.Fatal("the view's icon name is not looked up")
	}
	if unlocked != 1 {
		t.Fatalf("unlocked hook called %d times", unlocked)
	}
	h.shortcut(fyne.KeyJ, fyne.KeyModifierShortcutDefault)
	if opened != 1 {
		t.Fatal("the view's shortcut does not open it")
	}
	var inMenu bool
	for _, m := range h.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == h.ui.t("gui.audit") && it.Shortcut != nil && it.Shortcut.ShortcutName() != "" && m.Label == h.ui.t("gui.menu.view") {
				inMenu = true
				it.Action()
			}
		}
	}
	if !inMenu || opened != 2 {
		t.Fatal("the view has no working entry in the View menu")
	}
	h.ui.lock()
	if locking != 1 {
		t.Fatalf("locking hook called %d times", locking)
	}
	h.shortcut(fyne.KeyJ, fyne.KeyModifierShortcutDefault)
	if opened != 2 {
		t.Fatal("the view opened on the unlock screen")
	}
}
