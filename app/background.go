package app

import (
	"fmt"
	"math"
	"os"
	"sync"

	"fyne.io/fyne/v2"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
	"chorusdesk/internal/autostart"
	"chorusdesk/outbox"
)

// Chorus Desk in the background. Closing the window while the inbox is watched or transfers
// are pending hides it: the app stays in the system tray, the engine goes on, the Transfers
// bridge still sends its desktop notifications (rejections, batch ends). With nothing pending,
// or on a desktop that shows no tray, closing the window quits as before (a hidden window
// with no tray icon would be a process nobody can reach). Quit from the tray leaves through
// the same way out as the window (UI.shutdown: the engine stops before the store closes).
//
// The lock still wipes every key. Whether transfers go on while locked is the core's
// opt-in ("keep transfers running while locked", core/keeprunning.go); without it the tray
// says the transfers are paused.

// background follows the window, the vault and the engine for the tray. Touched on Fyne's
// goroutine only, except schedule (any goroutine).
type background struct {
	u    *UI
	host TrayHost // nil: no tray (test driver without a fake, mobile)
	// send shows a desktop notification (fyne.App.SendNotification; tests record them).
	send func(title, body string)
	// icon is the app's icon (fyne.App.Icon; the test driver has none, tests give one).
	icon func() fyne.Resource

	shown     string     // the menu installed (trayView as text): unchanged menus are not sent again
	menu      *fyne.Menu // the one menu given to the tray, its items replaced on each change
	hidden    bool       // the window was closed into the tray
	told      bool       // the "still running in the tray" notification was shown once
	wasPaused bool       // the last menu said "paused" (the pause is told once when hidden)
	resume    string     // company of the watch paused from the tray (its resume uses it again)
	stopped   bool       // the app is quitting: nothing more is shown
	unhook    []func()

	settings  *backgroundSettings // the settings dialog's row (settings_background.go)
	autostart *autostart.Env      // where the start at login goes (nil = this system; tests: a temporary home)

	mu        sync.Mutex
	scheduled bool // a refresh is queued
}

func newBackground(u *UI, host TrayHost) *background {
	b := &background{u: u, host: host}
	b.send = func(title, body string) { u.app.SendNotification(fyne.NewNotification(title, body)) }
	b.icon = u.app.Icon
	u.transfers.engine.opened = b.follow
	return b
}

// start installs the tray (when there is one) and follows the vault's lock and unlock.
func (b *background) start() {
	if b.host == nil {
		return
	}
	b.unhook = append(b.unhook, b.u.svc.OnLock(b.schedule), b.u.svc.OnUnlock(b.schedule))
	b.refresh()
	// The tray icon is the app's (a build without an icon keeps Fyne's default).
	if ic := b.icon(); ic != nil {
		b.host.SetIcon(ic)
	}
}

// stop is the quit: the tray is no longer updated (Fyne's loop is over or ending).
func (b *background) stop() {
	b.stopped = true
	for _, f := range b.unhook {
		f()
	}
	b.unhook = nil
}

// autostartEnv is where the start at login is written.
func (b *background) autostartEnv() autostart.Env {
	if b.autostart != nil {
		return *b.autostart
	}
	return autostart.Current()
}

// do is the hop to Fyne's goroutine: the Transfers bridge's (fyne.Do; tests: their queue).
func (b *background) do(f func()) { b.u.transfers.do(f) }

// follow subscribes the tray to the engine's items (called once, when the engine opens).
func (b *background) follow(ob *outbox.Outbox) {
	if b.host == nil {
		return
	}
	cancel := ob.Subscribe(func(outbox.Event) { b.schedule() })
	b.do(func() { b.unhook = append(b.unhook, cancel) })
	b.schedule()
}

// schedule asks for one refresh on Fyne's goroutine (from any goroutine: engine events come
// by the thousand in a batch, they cost one refresh per frame).
func (b *background) schedule() {
	b.mu.Lock()
	queued := b.scheduled
	b.scheduled = true
	b.mu.Unlock()
	if !queued {
		b.do(b.refresh)
	}
}

// notify is the Transfers bridge's desktop notification: it is shown whether the window is
// open, hidden in the tray or locked.
func (b *background) notify(title, body string) { b.send(title, body) }

// view is what the tray shows now.
func (b *background) view() trayView {
	u := b.u
	v := trayView{Lang: u.lang, Pending: b.pending()}
	if br := u.transfers.bridge; br != nil && br.Ready() {
		_, v.Watching = br.Watching()
		v.CanWatch = b.inbox() != ""
	}
	if !u.svc.Unlocked() {
		v.Paused = !u.svc.TransfersAllowed()
		v.Problem = !v.Paused && u.svc.KeepRunningProblem() != nil
	}
	return v
}

// refresh installs the tray menu if it changed, and tells once that transfers paused while
// the window is hidden (the auto-lock fired in the background).
func (b *background) refresh() {
	b.mu.Lock()
	b.scheduled = false
	b.mu.Unlock()
	if b.host == nil || b.stopped {
		return
	}
	v := b.view()
	if b.hidden && v.Paused && !b.wasPaused && v.Pending > 0 {
		b.send(b.u.t("tray.notify.locked_title"), b.u.t("tray.notify.hidden_paused"))
	}
	b.wasPaused = v.Paused
	if sig := fmt.Sprintf("%+v", v); sig != b.shown {
		b.shown = sig
		m := trayMenu(v, trayActions{Open: b.open, ToggleWatch: b.toggleWatch, Quit: b.quit})
		// Always the same menu value: Fyne's tray, once ready, shows the menu it was first
		// given (menus set before it is ready are lost), so that one holds the current items.
		if b.menu == nil {
			b.menu = m
		} else {
			b.menu.Label, b.menu.Items = m.Label, m.Items
		}
		b.host.SetMenu(b.menu)
	}
}

// pending counts the engine's items that still need it: not settled (to send, on its way),
// or sent with Chorus Pro's verdict on the flux still to come (a rejection is told then).
// Those are all active — an item ends only once Chorus Pro settled its flux — so only the
// active items are read, the engine's copies in memory; the finished ones stay on disk.
func (b *background) pending() int {
	ob := b.u.transfers.engine.engine()
	if ob == nil {
		return 0
	}
	return pendingIn(ob)
}

// pendingIn counts the pending items among ob's active ones.
func pendingIn(ob *outbox.Outbox) int {
	items, _, err := ob.Page(outbox.Query{Active: true}, "", math.MaxInt)
	if err != nil {
		return 0
	}
	n := 0
	for _, it := range items {
		if pendingItem(it) {
			n++
		}
	}
	return n
}

func pendingItem(it outbox.Item) bool {
	return !it.Settled() || it.WasDeposited() && !outbox.FluxFinal(it.FluxState)
}

// inbox is the vault's inbox folder ("" = none chosen).
func (b *background) inbox() string {
	p, err := b.u.svc.UIPrefs()
	if err != nil {
		return ""
	}
	return p.Inbox
}

// keepsRunning reports whether closing the window should leave the app in the tray: a tray
// is shown, and the inbox is watched or transfers are pending.
func (b *background) keepsRunning() bool {
	if b.host == nil || b.stopped || !b.host.Available() {
		return false
	}
	v := b.view()
	return v.Watching || v.Pending > 0
}

// hide closes the window into the tray, saying so the first time.
func (b *background) hide() {
	b.u.win.Hide()
	b.hidden = true
	if !b.told {
		b.told = true
		body := "tray.notify.hidden_body"
		if b.view().Paused {
			body = "tray.notify.hidden_paused"
		}
		b.send(b.u.t("tray.notify.hidden_title"), b.u.t(body))
	}
	b.refresh()
}

// open shows the window again (as it was: locked or not).
func (b *background) open() {
	b.hidden = false
	b.u.win.Show()
	b.u.win.RequestFocus()
	b.refresh()
}

// toggleWatch pauses or resumes the inbox watch from the tray (resumed with the company the
// paused watch had).
func (b *background) toggleWatch() {
	br := b.u.transfers.bridge
	if br == nil || !br.Ready() {
		return
	}
	if _, on := br.Watching(); on {
		b.resume = br.WatchCompany()
		br.StopWatch()
	} else if dir := b.inbox(); dir != "" {
		br.StartWatch(dir, b.resume)
	}
	b.refresh()
}

// quit is the tray's Quit: the same as the window's (unsaved changes are asked about first,
// in the window, shown for it).
func (b *background) quit() {
	u := b.u
	if u.main != nil && u.main.tab.dirty() {
		b.open()
		u.quit()
		return
	}
	u.quitApp()
}

// closeWindow is the window's close button: into the tray when something runs there, else
// the quit as before.
func (u *UI) closeWindow() {
	if u.bg.keepsRunning() {
		u.bg.hide()
		return
	}
	u.quit()
}

// startHidden is the start at login (--background): hidden in the tray with transfers going
// on, when a tray is shown and the vault can run locked ("keep transfers running while
// locked" on, its key in the system keyring). It reports whether the window stays hidden;
// otherwise the window opens on the unlock screen as usual (the reason is printed).
func (u *UI) startHidden() bool {
	b := u.bg
	if b.host == nil || !b.host.Available() {
		fmt.Fprintln(os.Stderr, "chorusdesk:", u.t("tray.settings.no_tray"))
		return false
	}
	if err := u.svc.ResumeLocked(); err != nil {
		fmt.Fprintln(os.Stderr, "chorusdesk:", i18n.Message(u.lang, err))
		return false
	}
	b.hidden, b.told = true, true
	x := u.transfers
	x.start()
	// The inbox chosen in the window is watched as soon as the engine's items are loaded.
	if dir := b.inbox(); dir != "" {
		br := x.bridge
		br.Listen(bridge.Listener{Changed: func() {
			if _, on := br.Watching(); !on && br.Ready() {
				br.Listen(bridge.Listener{})
				br.StartWatch(dir, "")
			}
		}})
	}
	b.refresh()
	return true
}
