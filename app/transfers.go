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
// bridge to the engine. Called again (a language change rebuilt the main screen), it keeps the
// running bridge and rebuilds an open Transfers window in the new language.
func (x *transfersInWindow) unlocked() {
	if x.bridge == nil {
		x.start()
		return
	}
	if x.view != nil {
		shown := x.view.Shown()
		x.view.Close()
		x.view = nil
		x.bridge.Listen(bridge.Listener{})
		if shown {
			x.show()
		}
	}
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
		Notify:   func(title, body string) { u.app.SendNotification(fyne.NewNotification(title, body)) },
		RunAsync: u.runAsync,
		Do:       x.do,
	})
	x.bridge.Start()
	// Files dropped on the main window go to the outbox too (and open the Transfers view).
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { x.window().Drop(uris) })
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
		SetInbox: u.svc.SetInboxFolder,
	}
}

// show opens the Transfers window (Ctrl+J, the header button).
func (x *transfersInWindow) show() { x.window().Show() }

// locking is called when the vault locks: the bridge and the inbox watch stop and the
// Transfers window closes; the engine waits (the core pauses it while locked). Nothing waits
// for the network on Fyne's goroutine.
func (x *transfersInWindow) locking() {
	if x.bridge == nil {
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
