package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"chorusdesk/i18n"
)

// The system tray: while Chorus Desk runs, its icon (the app's) carries a small menu — open
// the window, what the transfers are doing, pause or resume the inbox watch, quit. Closing the
// window while the inbox is watched or transfers are pending only hides it (background.go).

// TrayHost is the system tray as the window uses it: Fyne's desktop.App in the app; tests pass
// a fake that records the menus.
type TrayHost interface {
	// Available reports whether the desktop shows a tray now: a window hidden without one
	// could never be opened again, so the window quits instead.
	Available() bool
	SetMenu(m *fyne.Menu)
	SetIcon(r fyne.Resource)
}

// desktopTray is Fyne's system tray. Available asks the desktop (trayShown, per OS).
type desktopTray struct{ app desktop.App }

func (t desktopTray) Available() bool         { return trayShown() }
func (t desktopTray) SetMenu(m *fyne.Menu)    { t.app.SetSystemTrayMenu(m) }
func (t desktopTray) SetIcon(r fyne.Resource) { t.app.SetSystemTrayIcon(r) }

// systemTray is a's tray, or nil when the driver has none (the test driver, mobile) or it
// cannot be set up safely here (trayInstallable).
func systemTray(a fyne.App) TrayHost {
	if d, ok := a.(desktop.App); ok && trayInstallable() {
		return desktopTray{app: d}
	}
	return nil
}

// trayView is what the tray menu shows. It is plain data, compared to skip menus that did not
// change (the OS tray rebuilds its whole menu each time).
type trayView struct {
	Lang     i18n.Lang
	Paused   bool // locked, and the transfers wait for the unlock
	Problem  bool // locked transfers go on, but the system keyring did not give the key
	Pending  int  // items the engine still works on (pendingItem)
	Watching bool // the inbox is watched
	CanWatch bool // the watch can be started from the tray (transfers running, an inbox chosen)
}

// trayActions are what the tray's items do.
type trayActions struct {
	Open, ToggleWatch, Quit func()
}

// status is the menu's line about the transfers, the most pressing first.
func (v trayView) status() string {
	switch {
	case v.Paused:
		return i18n.T(v.Lang, "tray.status.paused_locked")
	case v.Problem:
		return i18n.T(v.Lang, "tray.status.keyring")
	case v.Pending > 0:
		return i18n.T(v.Lang, "tray.status.pending", v.Pending)
	case v.Watching:
		return i18n.T(v.Lang, "tray.status.watching")
	}
	return i18n.T(v.Lang, "tray.status.idle")
}

// trayMenu is the tray's menu: Open, the status line (not clickable), Pause or Resume
// watching (disabled when the watch cannot start from here), Quit (marked as the quit item,
// so Fyne adds no second one).
func trayMenu(v trayView, act trayActions) *fyne.Menu {
	open := fyne.NewMenuItem(i18n.T(v.Lang, "tray.menu.open"), act.Open)
	status := fyne.NewMenuItem(v.status(), nil)
	status.Disabled = true
	watch := fyne.NewMenuItem(i18n.T(v.Lang, "tray.menu.resume"), act.ToggleWatch)
	if v.Watching {
		watch.Label = i18n.T(v.Lang, "tray.menu.pause")
	}
	watch.Disabled = !v.Watching && !v.CanWatch
	quit := fyne.NewMenuItem(i18n.T(v.Lang, "tray.menu.quit"), act.Quit)
	quit.IsQuit = true
	return fyne.NewMenu(i18n.T(v.Lang, "gui.title"), open, fyne.NewMenuItemSeparator(), status, watch,
		fyne.NewMenuItemSeparator(), quit)
}
