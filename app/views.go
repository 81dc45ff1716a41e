package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// view is a window of Chorus Desk beside the setup screens (such as the Transfers view): it
// gets a header button and a View-menu entry with its shortcut, and follows the vault's lock.
type view struct {
	label string // catalog key of the button and the menu entry
	// iconName is looked up when the header is built (theme.XxxIcon() needs a running app).
	iconName fyne.ThemeIconName
	key      fyne.KeyName // Ctrl+key shortcut ("" = none)
	open     func()       // the button or menu entry was used
	unlocked func()       // the main screen was shown (also after a language change); may be nil
	locking  func()       // the vault is about to lock (Lock button, Ctrl+L or idle); may be nil
}

// viewTable lists the views of the window, in the order of the header and the View menu. To
// add a view, add its line here.
func (u *UI) viewTable() []view {
	listing := &listingInWindow{u: u}
	return []view{
		{label: "gui.transfers.open", iconName: theme.IconNameMailSend, key: fyne.KeyJ,
			open: u.transfers.show, unlocked: u.transfers.unlocked, locking: u.transfers.locking},
		{label: "transfersui.listing.open_view", iconName: theme.IconNameStorage, key: fyne.KeyI,
			open: listing.show, unlocked: listing.unlocked, locking: listing.locking},
	}
}

// viewsUnlocked tells every view that the main screen is up.
func (u *UI) viewsUnlocked() {
	for _, v := range u.views {
		if v.unlocked != nil {
			v.unlocked()
		}
	}
}

// viewsLocking tells every view that the vault locks.
func (u *UI) viewsLocking() {
	for _, v := range u.views {
		if v.locking != nil {
			v.locking()
		}
	}
}

// viewIcon is the header icon of v.
func viewIcon(v view) fyne.Resource { return theme.Icon(v.iconName) }
