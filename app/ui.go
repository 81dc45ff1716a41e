// Package app is the window of Chorus Desk: first run and unlock, the company list with one
// setup form at a time, the Test, the move dialog, the views beside them (viewTable: Transfers,
// in package app/transfers) and the dialogs around them. It is a
// thin face over core.Service; every widget a test needs is a field of UI or of a screen struct
// so the fyne test driver can tap and type into it.
//
// Threading: widgets are touched only on Fyne's goroutine. Slow work (Argon2 at unlock, saves,
// the Test) runs through UI.runAsync and hands its results back with fyne.Do; tests replace
// runAsync with a synchronous runner.
package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// TestRunner runs the connection Test (package conntest) for the saved setup of a company,
// reporting each step as it ends.
type TestRunner func(ctx context.Context, svc *core.Service, req TestRequest,
	onStep func(int, domain.TestStep)) (domain.TestResult, error)

// TestRequest names what to test; Lang is the language of the step messages.
type TestRequest struct {
	CompanyID string
	Env       domain.Env
	Lang      i18n.Lang
}

// Timer is the idle timer of auto-lock; tests fire it by hand.
type Timer interface {
	Reset(d time.Duration)
	Stop()
}

// UI is the whole window.
type UI struct {
	app  fyne.App
	win  fyne.Window
	svc  *core.Service
	lang i18n.Lang

	runAsync func(func())
	runTest  TestRunner
	newTimer func(d time.Duration, fire func()) Timer
	quitApp  func() // fyne.App.Quit; tests count the calls

	unlock *unlockScreen // set while the create/unlock screen is shown
	main   *mainScreen   // set while unlocked

	idle      Timer
	idleDelay time.Duration

	// lastConfirm and lastDialog are the most recent confirmations and dialogs shown: the
	// tests answer them, the lock closes them.
	lastConfirm *confirmDialog
	lastDialog  dialog.Dialog
	openDialogs []dialog.Dialog

	menuLang i18n.Lang // language of the installed main menu ("" = none yet)

	views     []view             // the views beside the setup screens (viewTable)
	transfers *transfersInWindow // the Transfers view and the data directory's engine
	menuKey   string             // which menu is installed (language and screen)
	// menuShortcuts are the canvas shortcuts of the installed menu (replaced with it).
	menuShortcuts []fyne.Shortcut

	// The setup window's own state: clock, attachment question, dialogs, expiry and theme.
	now           func() time.Time
	checkAttached AttachmentChecker
	unsavedDlg    *unsavedDialog
	expiryDay     string      // day the password expiries were last checked (YYYY-MM-DD)
	themeChoice   string      // system, light or dark
	guideShown    bool        // the first-run guide opened once this session
	bg            *background // the system tray and the window closed into it (background.go)
}

// Options let tests replace what would otherwise run in the background or on a clock.
type Options struct {
	Lang     i18n.Lang    // "" = preference, else the system locale
	RunAsync func(func()) // nil = a new goroutine
	RunTest  TestRunner   // nil = the conntest package
	NewTimer func(d time.Duration, fire func()) Timer
	// Outbox tunes the transfer engine (tests: short polls and retries).
	Outbox outbox.Options
	// Do is the Transfers bridge's hop to Fyne's goroutine (nil = fyne.Do). The test driver
	// runs fyne.Do at once on the calling goroutine, an engine worker: tests pass a queue they
	// drain themselves.
	Do func(func())
	// Now is the clock of the expiry warnings (nil = time.Now).
	Now func() time.Time
	// CheckAttached answers the move dialog's attachment question (nil = Chorus Pro).
	CheckAttached AttachmentChecker
	// Tray is the system tray (nil = the app's own, when its driver has one); tests pass a fake.
	Tray TrayHost
}

// New builds the UI in win for svc; call Start to show the first screen.
func New(a fyne.App, win fyne.Window, svc *core.Service, opt Options) *UI {
	u := &UI{app: a, win: win, svc: svc, lang: opt.Lang, runAsync: opt.RunAsync, runTest: opt.RunTest, newTimer: opt.NewTimer,
		now: opt.Now, checkAttached: opt.CheckAttached}
	if u.lang == "" {
		u.lang = vaultLang(svc)
	}
	if u.now == nil {
		u.now = time.Now
	}
	if u.checkAttached == nil {
		u.checkAttached = chorusAttachment
	}
	u.applyTheme(vaultTheme(svc))
	if u.runAsync == nil {
		u.runAsync = func(f func()) { go f() }
	}
	if u.runTest == nil {
		u.runTest = conntestRunner
	}
	u.quitApp = a.Quit
	if u.newTimer == nil {
		u.newTimer = realTimer
	}
	u.transfers = &transfersInWindow{u: u, do: opt.Do, engine: &engineHolder{svc: svc, opt: opt.Outbox}}
	if u.transfers.do == nil {
		u.transfers.do = fyne.Do
	}
	tray := opt.Tray
	if tray == nil {
		tray = systemTray(a)
	}
	u.bg = newBackground(u, tray)
	u.views = u.viewTable()
	useLanguage(u.lang)
	return u
}

// Start shows the create-vault screen on first run, else the unlock screen. Ctrl+Q quits
// from any screen (the lock is wiped by Run on the way out).
func (u *UI) Start() {
	u.installMenu()
	u.win.SetCloseIntercept(u.closeWindow) // into the tray when transfers go on (background.go)
	u.bg.start()
	u.showUnlock()
}

// quit closes the window, asking first when the form holds unsaved changes.
func (u *UI) quit() {
	if u.main != nil && u.main.tab.dirty() {
		u.askUnsaved(u.t("setupui.unsaved.quit", u.main.tab.company.Code), u.quitApp, nil)
		return
	}
	u.quitApp()
}

// t renders a GUI string in the current language.
func (u *UI) t(key string, args ...any) string { return i18n.T(u.lang, key, args...) }

// errText renders an error for the user: the core's plain sentinels get our translations,
// everything else speaks through i18n.Message.
func (u *UI) errText(err error) string {
	for _, m := range []struct {
		err error
		key string
	}{
		{core.ErrWrongPassword, "gui.err.wrong_password"},
		{core.ErrLocked, "gui.err.locked"},
		{core.ErrInUse, "gui.err.in_use"},
		{core.ErrNotFound, "gui.err.not_found"},
		{core.ErrNoVault, "gui.err.no_vault"},
		{core.ErrVaultExists, "gui.err.vault_exists"},
		{core.ErrDestinationHasData, "gui.err.dest_has_data"},
	} {
		if errors.Is(err, m.err) {
			return u.t(m.key)
		}
	}
	var ve *core.ValidationError
	if errors.As(err, &ve) {
		s := ""
		for i, p := range ve.Problems {
			if i > 0 {
				s += "\n"
			}
			s += u.problemText(p)
		}
		return s
	}
	return i18n.Message(u.lang, err)
}

// problemText is one validation problem in the user's language.
func (u *UI) problemText(p core.Problem) string {
	if p.Key != "" {
		return i18n.T(u.lang, p.Key, p.Args...)
	}
	return p.Message
}

// showError shows a modal error.
func (u *UI) showError(err error) {
	u.track(dialog.NewError(errors.New(u.errText(err)), u.win))
}

// showInfo shows a modal message.
func (u *UI) showInfo(title, msg string) {
	u.track(dialog.NewInformation(title, msg, u.win))
}

// confirm asks a yes/no question; ok runs on yes. The keyboard answers it (Enter, Escape).
func (u *UI) confirm(title, msg, yes string, ok func()) *confirmDialog {
	if yes == "" {
		yes = u.t("setupui.yes")
	}
	d := newConfirmDialog(title, msg, yes, u.t("gui.cancel"), ok, u.win)
	u.lastConfirm = d
	u.track(d)
	u.win.Canvas().Focus(d.Yes)
	return d
}

// track shows d and remembers it so that locking can close it (it may hold secrets).
func (u *UI) track(d dialog.Dialog) {
	u.lastDialog = d
	u.openDialogs = append(u.openDialogs, d)
	d.Show()
}

func (u *UI) closeDialogs() {
	for _, d := range u.openDialogs {
		d.Hide()
	}
	u.openDialogs = nil
	u.lastConfirm = nil
	u.lastDialog = nil
}

// background runs work off the UI goroutine and then done on it.
func (u *UI) background(work func() error, done func(error)) {
	u.runAsync(func() {
		err := work()
		fyne.Do(func() { done(err) })
	})
}
