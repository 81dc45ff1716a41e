package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

func TestExtraViewFollowsTheLock(t *testing.T) {
	var opened, unlocked, locking int
	saved := extraViews
	defer func() { extraViews = saved }()
	extraViews = nil
	registerView(extraView{label: "gui.audit", iconName: theme.IconNameList, key: fyne.KeyJ,
		open: func(*UI) { opened++ }, unlocked: func(*UI) { unlocked++ }, locking: func(*UI) { locking++ }})

	h := newHarness(t, true)
	if viewIcon(extraViews[0]) == nil {
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
