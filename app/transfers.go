package app

import (
	"fyne.io/fyne/v2"

	"chorusdesk/app/transfers"
	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
)

// The Transfers view in the window: package transfers draws it, package transfers/bridge
// connects it to the engine; this file only starts and stops them with the vault (see the
// views table in views.go).

// prefInbox is the preference key of the watched inbox folder (a path, never a secret).
const prefInbox = "transfers.inbox"

// transfersSession is the Transfers view of one unlocked session: its bridge, and its window
// once opened.
type transfersSession struct {
	bridge *bridge.Bridge
	view   *transfers.View // nil until first shown
}

// startTransfers is called when the main screen is shown (the vault is unlocked): it starts
// the bridge to the engine. Called again (a language change rebuilt the main screen), it keeps
// the running bridge and rebuilds an open Transfers window in the new language.
func (u *UI) startTransfers() {
	if s := u.transfers; s != nil {
		if s.view != nil {
			shown := s.view.Shown()
			s.view.Close()
			s.view = nil
			s.bridge.Listen(bridge.Listener{})
			if shown {
				u.showTransfers()
			}
		}
		return
	}
	u.ensureTransfers()
}

// ensureTransfers starts the session's bridge unless it runs.
func (u *UI) ensureTransfers() *transfersSession {
	if u.transfers != nil {
		return u.transfers
	}
	b := bridge.NewBridge(bridge.Config{
		Engine:   u.engine.get,
		Now:      u.svc.Now,
		Lang:     func() i18n.Lang { return u.lang },
		Notify:   func(title, body string) { u.app.SendNotification(fyne.NewNotification(title, body)) },
		RunAsync: u.runAsync,
		Do:       u.transfersDo,
	})
	s := &transfersSession{bridge: b}
	u.transfers = s
	b.Start()
	// Files dropped on the main window go to the outbox too (and open the Transfers view).
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.transfersView().Drop(uris) })
	return s
}

// transfersView returns the session's Transfers window, building it the first time.
func (u *UI) transfersView() *transfers.View {
	s := u.ensureTransfers()
	if s.view == nil {
		s.view = transfers.New(s.bridge, transfers.Host{
			App:       u.app,
			Lang:      u.lang,
			ErrText:   u.errText,
			Companies: u.svc.Companies,
			InboxDir:  func() string { return u.app.Preferences().String(prefInbox) },
			SetInbox:  func(dir string) { u.app.Preferences().SetString(prefInbox, dir) },
		})
	}
	return s.view
}

// showTransfers opens the Transfers window (Ctrl+J, the header button).
func (u *UI) showTransfers() { u.transfersView().Show() }

// stopTransfers is called when the vault locks: the bridge and the inbox watch stop and the
// Transfers window closes. Nothing waits for the network on Fyne's goroutine.
func (u *UI) stopTransfers() {
	s := u.transfers
	if s == nil {
		return
	}
	u.transfers = nil
	s.bridge.Stop()
	if s.view != nil {
		s.view.Close()
	}
	u.win.SetOnDropped(nil)
	u.engine.pause()
}
