package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// extraView is another view of the window (such as the Transfers view of spec §3) plugged in
// from its own file: it gets a header button and a main-menu entry, and follows the vault's
// lock. Register it from init with registerView; the window code needs no edit.
type extraView struct {
	label string        // catalog key of the button and the menu entry
	icon  fyne.Resource // header button icon (may be nil); prefer iconName
	// iconName is looked up when the header is built. Prefer it to icon: calling theme.XxxIcon()
	// from init runs before any app exists (the CLI too) and logs a Fyne error on every run.
	iconName fyne.ThemeIconName
	key      fyne.KeyName // Ctrl+key shortcut ("" = none)
	open     func(u *UI)  // the button or menu entry was used
	unlocked func(u *UI)  // the main screen was shown (also after a language change); may be nil
	locking  func(u *UI)  // the vault is about to lock (Lock button, Ctrl+L or idle); may be nil
}

var extraViews []extraView

// registerView adds a view; call it from init.
func registerView(v extraView) { extraViews = append(extraViews, v) }

// viewsUnlocked tells every view that the main screen is up.
func (u *UI) viewsUnlocked() {
	for _, v := range extraViews {
		if v.unlocked != nil {
			v.unlocked(u)
		}
	}
}

// viewsLocking tells every view that the vault locks.
func (u *UI) viewsLocking() {
	for _, v := range extraViews {
		if v.locking != nil {
			v.locking(u)
		}
	}
}

// viewIcon is the header icon of v.
func viewIcon(v extraView) fyne.Resource {
	if v.iconName != "" {
		return theme.Icon(v.iconName)
	}
	return v.icon
}
