package app

import (
	"fmt"
	"image/color"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/demo"
	"chorusdesk/i18n"
)

// demoColor is the banner's orange: unlike both environment colours, so nobody mistakes the
// demo for their real vault.
var demoColor = color.NRGBA{R: 0xB3, G: 0x53, B: 0x00, A: 0xFF} // white text on it: 5.1:1

// runDemo is Run for `chorusdesk --demo`: a throwaway vault against the in-process emulator
// (package demo), opened already unlocked under a DEMO banner. Everything is removed on exit.
func runDemo() int {
	// Nothing of the demo outlives it, Fyne's own preferences file included.
	if cfg, err := os.MkdirTemp("", "chorusdesk-demo-desktop-"); err == nil {
		defer os.RemoveAll(cfg)
		isolateDesktopConfig(cfg)
	}
	a := fyneapp.NewWithID(AppID)
	useIcon(a)
	lang := i18n.FromEnv()
	d, err := demo.Start(demo.Options{})
	if err != nil {
		u := &UI{lang: lang}
		msg := u.errText(err)
		fmt.Fprintln(os.Stderr, "chorusdesk:", msg)
		showFatal(a, u.t("demo.title"), msg, u.t("gui.quit"))
		return core.ExitCode(err)
	}
	w := a.NewWindow("")
	w.Resize(DefaultWindowSize)
	u, _ := startDemoUI(a, w, d, Options{}) // the language is the throwaway vault's own choice
	// `make demo` runs in a terminal: Ctrl+C must still remove the throwaway directory, so an
	// interrupt quits the app and the shutdown below runs.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		if _, ok := <-sig; ok {
			fyne.Do(a.Quit)
		}
	}()
	w.ShowAndRun()
	// The same way out as Run: the engine stops before the demo's store closes and its
	// directory goes.
	return u.shutdown(d.Close)
}

// startDemoUI builds the window for the demo d inside a frame that keeps the DEMO banner
// above every screen (unlock screen included), and shows the unlocked main screen.
func startDemoUI(a fyne.App, w fyne.Window, d *demo.Demo, opt Options) (*UI, *demoWindow) {
	dw := &demoWindow{Window: w, demo: d}
	u := New(a, dw, d.Service, opt)
	dw.ui = u
	dw.banner = newDemoBanner(dw.unlockAgain)
	u.Start()
	if d.Service.Unlocked() {
		u.unlock = nil
		u.showMain()
		// Open on a company whose Test passes at once rather than on the disabled fallback.
		if co, err := d.Service.Company(demo.Companies[0].Code); err == nil {
			u.reloadCompanies(co.ID)
		}
	}
	return u, dw
}

// demoWindow is the real window with the banner framed above whatever the UI shows: the UI
// code stays unaware of the demo, and no screen can hide the banner.
type demoWindow struct {
	fyne.Window
	ui      *UI
	demo    *demo.Demo
	banner  *demoBanner
	content fyne.CanvasObject // what the UI set, without the frame
}

func (w *demoWindow) SetContent(c fyne.CanvasObject) {
	w.content = c
	if w.banner == nil { // during New, before the banner exists
		w.Window.SetContent(c)
		return
	}
	w.banner.update(w.ui, w.demo.Inbox)
	w.Window.SetContent(container.NewBorder(w.banner.content, nil, nil, nil, c))
}

func (w *demoWindow) Content() fyne.CanvasObject { return w.content }

// SetTitle names the demo in the title too: it shows in the task bar and window switcher.
func (w *demoWindow) SetTitle(t string) {
	prefix := "DEMO"
	if w.ui != nil {
		prefix = w.ui.t("demo.title")
	}
	if t == "" {
		w.Window.SetTitle(prefix)
		return
	}
	w.Window.SetTitle(prefix + " — " + t)
}

// unlockAgain unlocks with the demo's hidden password after a lock: nobody knows it.
func (w *demoWindow) unlockAgain() {
	u := w.ui
	u.background(w.demo.Unlock, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		u.unlock = nil
		u.showMain()
	})
}

// demoBanner is the orange bar: what the demo is, where the sample invoices are, and (when
// locked) the button that unlocks it.
type demoBanner struct {
	text    *canvas.Text
	inbox   *canvas.Text
	unlock  *widget.Button
	content fyne.CanvasObject
}

func newDemoBanner(unlock func()) *demoBanner {
	b := &demoBanner{
		text:   canvas.NewText("", color.White),
		inbox:  canvas.NewText("", color.White),
		unlock: widget.NewButton("", unlock),
	}
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.inbox.TextSize = b.text.TextSize * 0.9
	bg := canvas.NewRectangle(demoColor)
	b.content = container.NewStack(bg, container.NewPadded(container.NewHBox(
		container.NewVBox(b.text, b.inbox), layout.NewSpacer(), b.unlock)))
	return b
}

// update renders the banner in the UI's current language and shows the unlock button only
// while the unlock screen is up.
func (b *demoBanner) update(u *UI, inbox string) {
	b.text.Text = u.t("demo.banner")
	b.inbox.Text = u.t("demo.inbox_at", inbox)
	b.unlock.SetText(u.t("demo.unlock"))
	if u.unlock != nil {
		b.unlock.Show()
	} else {
		b.unlock.Hide()
	}
	b.text.Refresh()
	b.inbox.Refresh()
}
