package app

import (
	"fyne.io/fyne/v2"

	"chorusdesk/app/transfers"
	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
)

// transfersInWindow is the Transfers view as the main window sees it: package transfers draws
// it and package transfers/bridge connects it to the engine; this only starts and stops them
// with the vault (its hooks are in the views table, views.go).
type transfersInWindow struct {
	u      *UI
	bridge *bridge.Bridge  // the bridge of the unlocked session (nil while locked)
	view   *transfers.View // its window (nil until first shown in the session)
	do     func(func())    // the bridge's hop to Fyne's goroutine (fyne.Do; tests: a queue)
	engine *engineHolder   // the data directory's engine, kept across locks
}

// unlocked is called when the main screen is shown (the vault is unlocked): it starts the
// bridge to the engine, unless it runs (it went on through the lock: "keep transfers running
// while locked"). Called again (a language change rebuilt the main screen), it keeps the
// running bridge and rebuilds an open Transfers window in the new language.
func (x *transfersInWindow) unlocked() {
	if x.bridge == nil {
		x.start()
	} else if x.view != nil {
		shown := x.view.Shown()
		x.view.Close()
		x.view = nil
		x.bridge.Listen(bridge.Listener{})
		if shown {
			x.show()
		}
	}
	// Files dropped on the main window go to the outbox too (and open the Transfers view).
	x.u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { x.window().Drop(uris) })
	x.u.bg.refresh() // the tray speaks the window's language, and knows the watch can start
}

// start begins the session's bridge unless it runs.
func (x *transfersInWindow) start() {
	if x.bridge != nil {
		return
	}
	u := x.u
	x.bridge = bridge.NewBridge(bridge.Config{
		Engine:   x.engine.get,
		Now:      u.svc.Now,
		Lang:     func() i18n.Lang { return u.lang },
		Notify:   u.bg.notify, // desktop notifications, the window shown or not (background.go)
		RunAsync: u.runAsync,
		Do:       x.do,
		OnWatch:  u.bg.refresh,
	})
	x.bridge.Start()
}

// window returns the session's Transfers window, building it the first time.
func (x *transfersInWindow) window() *transfers.View {
	x.start()
	if x.view == nil {
		x.view = transfers.New(x.bridge, x.host())
	}
	return x.view
}

// host is what the Transfers window gets of the main window.
func (x *transfersInWindow) host() transfers.Host {
	u := x.u
	return transfers.Host{
		App:       u.app,
		Lang:      u.lang,
		ErrText:   u.errText,
		Companies: u.svc.Companies,
		// The inbox is the vault's, never Fyne's global preferences (another vault, or the
		// demo, must not see it).
		InboxDir: func() string { p, _ := u.svc.UIPrefs(); return p.Inbox },
		SetInbox: func(dir string) error {
			err := u.svc.SetInboxFolder(dir)
			u.bg.refresh() // the tray can start the watch now
			return err
		},
		OpenSetup: u.showCompanySetup,
		Quit:      u.quit,
	}
}

// show opens the Transfers window (Ctrl+J, the header button).
func (x *transfersInWindow) show() { x.window().Show() }

// locking is called when the vault locks: the Transfers window closes and files dropped on
// the main window are refused. With "keep transfers running while locked" the bridge and the
// inbox watch go on (the engine does, and its notifications still come); otherwise they stop
// and the engine waits (the core pauses it while locked). Nothing waits for the network on
// Fyne's goroutine.
func (x *transfersInWindow) locking() {
	if x.bridge == nil {
		return
	}
	if on, err := x.u.svc.KeepRunning(); err == nil && on {
		if x.view != nil {
			x.view.Close()
			x.view = nil
			x.bridge.Listen(bridge.Listener{})
		}
		x.u.win.SetOnDropped(nil)
		return
	}
	x.bridge.Stop()
	x.bridge = nil
	if x.view != nil {
		x.view.Close()
		x.view = nil
	}
	x.u.win.SetOnDropped(nil)
}

// quit lets go of the engine once the window has closed (Fyne's loop is over: no widget is
// touched) and waits for an engine open still on its way; closing the store stops the engine.
func (x *transfersInWindow) quit() {
	if x.bridge != nil {
		x.bridge.Stop()
		x.bridge = nil
	}
	x.engine.release()
}
