package app

import (
	"chorusdesk/app/transfers"
)

// listingInWindow is the "In Chorus Pro" window as the main window sees it: package transfers
// draws it, on the Transfers bridge of the unlocked session (its engine lists); this opens it
// on the company of the current tab and closes it with the vault (hooks in the views table).
type listingInWindow struct {
	u    *UI
	view *transfers.ListingView // nil until first shown in the session
}

// show opens the window on the current tab's company.
func (l *listingInWindow) show() {
	u := l.u
	if u.main == nil {
		return
	}
	u.transfers.start()
	if l.view == nil {
		l.view = transfers.NewListing(u.transfers.bridge, transfers.ListingHost{
			App: u.app, Lang: u.lang, ErrText: u.errText, Companies: u.svc.Companies,
			ShowTransfer: func(id string) { u.transfers.window().ShowItem(id) },
			Quit:         u.quit,
		})
	}
	l.view.Show()
	if tab := u.main.tab; tab != nil && !tab.company.IsDefault() && tab.company.Code != "" {
		l.view.ShowCompany(tab.company.Code)
	}
}

// unlocked rebuilds an open window after a language change (the main screen was rebuilt).
func (l *listingInWindow) unlocked() {
	if l.view == nil {
		return
	}
	shown := l.view.Shown()
	l.view.Close()
	l.view = nil
	if shown {
		l.show()
	}
}

// locking closes the window: the vault locks (a question on its way is stopped).
func (l *listingInWindow) locking() {
	if l.view != nil {
		l.view.Close()
		l.view = nil
	}
}
