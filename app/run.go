package app

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

// AppID is the Fyne application ID (preferences live under it; never secrets).
const AppID = "fr.chorusdesk.app"

// Args are the command line's global options for the window (cli.WindowRequest parses them).
type Args struct {
	Data       string // --data DIR ("" = not given)
	Demo       bool   // --demo: a throwaway vault against the in-process emulator
	Background bool   // --background: the start at login, hidden in the tray when the vault can run locked
}

// Run opens the window on the data directory (--data DIR, else CHORUSDESK_DATA, else the user
// configuration directory) and returns the process exit code when it closes.
func Run(args Args) int {
	if args.Demo {
		return runDemo() // demo.go
	}
	a := fyneapp.NewWithID(AppID)
	useIcon(a)
	lang := i18n.FromEnv() // until the vault's own choice can be read
	dir, err := core.DataDir(args.Data, os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "chorusdesk:", i18n.Message(lang, err))
		return core.ExitUsage
	}
	svc, code, msg := openData(dir, lang, core.Options{})
	if svc == nil {
		fmt.Fprintln(os.Stderr, "chorusdesk:", msg)
		if code == core.ExitDamaged {
			return runDamaged(a, dir, lang, msg) // offers the restore of a backup (damaged.go)
		}
		if code == core.ExitInUse && raiseOtherWindow(dir) {
			msg = i18n.T(lang, "setupui.instance.raised")
		}
		showSecondInstance(a, lang, msg, code == core.ExitInUse)
		return code
	}
	lang = vaultLang(svc)
	w := a.NewWindow(i18n.T(lang, "gui.title"))
	w.Resize(DefaultWindowSize)
	defer listenForRaise(dir, w)()
	u := New(a, w, svc, Options{Lang: lang})
	u.Start()
	if args.Background && u.startHidden() { // background.go
		a.Run()
		return u.shutdown(svc.Close)
	}
	u.unlockFromEnv() // opt-in: only when CHORUSDESK_PASSWORD is set (scripts, the start-up benchmark)
	w.ShowAndRun()
	return u.shutdown(svc.Close)
}

// shutdown is the way out once the window has closed, the same for Run and the demo: the
// Transfers bridge lets go of the engine and an engine open still on its way finishes; then
// closeStore (svc.Close, or the demo's Close, which calls it) stops the engine and waits for
// its workers before the store closes — a worker writing to a closed store makes Badger panic.
// It touches no widget (Fyne's loop is over) and returns the exit code.
func (u *UI) shutdown(closeStore func() error) int {
	u.bg.stop()
	u.transfers.quit()
	if err := closeStore(); err != nil {
		fmt.Fprintln(os.Stderr, "chorusdesk:", u.errText(err))
		return core.ExitCode(err)
	}
	return core.ExitOK
}

// openData opens the data directory; on failure it returns the exit code (core.ExitCode, as
// in the CLI: another instance holding the directory is 4, a damaged one 5) and the message
// for the user.
func openData(dir string, lang i18n.Lang, opt core.Options) (*core.Service, int, string) {
	svc, err := core.Open(dir, opt)
	if err == nil {
		return svc, core.ExitOK, ""
	}
	return nil, core.ExitCode(err), (&UI{lang: lang}).errText(err)
}

// showFatal shows msg in a small window with a Quit button and waits until it is closed: a
// double-clicked app has no terminal to print to.
func showFatal(a fyne.App, title, msg, quit string) {
	w := a.NewWindow(title)
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton(quit, a.Quit)), nil, nil, l))
	w.Resize(fyne.NewSize(480, 160))
	w.ShowAndRun()
}

// realTimer is the production idle timer: it fires on Fyne's goroutine.
type realTimerT struct{ t *time.Timer }

func realTimer(d time.Duration, fire func()) Timer {
	return realTimerT{time.AfterFunc(d, func() { fyne.Do(fire) })}
}

func (r realTimerT) Reset(d time.Duration) { r.t.Reset(d) }
func (r realTimerT) Stop()                 { r.t.Stop() }
