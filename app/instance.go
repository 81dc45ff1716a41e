package app

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/docs"
	"chorusdesk/i18n"
)

// One window per data directory: the storage lock refuses a second one. So that starting the
// app again (a double click on an already open app is common) is not a dead end, the first
// window listens on a loopback port named in a small file of the data directory, and the
// second asks it to come to the front before saying so. The OS may still refuse to raise a
// window (focus-stealing prevention); the message then tells where the window is.

// appIcon is the product's icon (SetIcon), nil in tests.
var appIcon fyne.Resource

// SetIcon gives the app its icon (PNG bytes); main calls it before Run.
func SetIcon(png []byte) {
	if len(png) > 0 {
		appIcon = fyne.NewStaticResource("Icon.png", png)
	}
}

// useIcon sets the icon on a, unless the packaged build already carries one.
func useIcon(a fyne.App) {
	if appIcon != nil && a.Icon() == nil {
		a.SetIcon(appIcon)
	}
}

// raiseFile is the file, in the data directory, that names the first window's port and token.
const raiseFile = "window-raise"

// raiseRequest is the line a second instance sends; raiseAck the first one's answer.
const (
	raiseRequest = "raise"
	raiseAck     = "ok"
)

// listenForRaise makes w come forward when another instance asks, and returns the function
// that stops listening (call it when the window closes). Errors are not fatal: without the
// file, a second instance simply shows its message.
func listenForRaise(dir string, w fyne.Window) (stop func()) {
	return listenForRaiseFunc(dir, func() {
		fyne.Do(func() {
			w.Show()
			w.RequestFocus()
		})
	})
}

// listenForRaiseFunc is listenForRaise with what to do on a request (tests count them).
func listenForRaiseFunc(dir string, raise func()) (stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return func() {}
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return func() {}
	}
	token := hex.EncodeToString(b)
	path := filepath.Join(dir, raiseFile)
	if err := os.WriteFile(path, []byte(ln.Addr().String()+" "+token+"\n"), 0o600); err != nil {
		ln.Close()
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			if strings.TrimSpace(line) == raiseRequest+" "+token {
				raise()
				c.Write([]byte(raiseAck + "\n"))
			}
			c.Close()
		}
	}()
	return func() {
		ln.Close()
		<-done
		os.Remove(path)
	}
}

// raiseOtherWindow asks the window that holds dir to come forward; it reports whether that
// window answered.
func raiseOtherWindow(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, raiseFile))
	if err != nil {
		return false
	}
	addr, token, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok || !strings.HasPrefix(addr, "127.0.0.1:") {
		return false
	}
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte(raiseRequest + " " + token + "\n")); err != nil {
		return false
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(line) == raiseAck
}

// showSecondInstance is the small window of a start that cannot open the data directory:
// the app's icon, what happened (another window has it, brought forward if it could be) and
// Quit. It waits until it is closed: a double-clicked app has no terminal to print to.
func showSecondInstance(a fyne.App, lang i18n.Lang, msg string, inUse bool) {
	useIcon(a)
	w := a.NewWindow(i18n.T(lang, "gui.title"))
	w.SetContent(secondInstanceContent(a, lang, msg, inUse, a.Quit))
	w.Resize(fyne.NewSize(520, 200))
	w.CenterOnScreen()
	w.ShowAndRun()
}

// secondInstanceContent is that window's content (tests render it).
func secondInstanceContent(a fyne.App, lang i18n.Lang, msg string, inUse bool, quit func()) fyne.CanvasObject {
	icon := a.Icon()
	if icon == nil {
		icon = appIcon
	}
	if icon == nil {
		icon = theme.InfoIcon()
	}
	if !inUse {
		icon = theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	img := canvas.NewImageFromResource(icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(64, 64))
	title := widget.NewLabelWithStyle(i18n.T(lang, "setupui.instance.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if !inUse {
		title.SetText(i18n.T(lang, "setupui.instance.cannot_open"))
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	q := widget.NewButton(i18n.T(lang, "gui.quit"), quit)
	q.Importance = widget.HighImportance
	buttons := container.NewHBox(layout.NewSpacer(), q)
	if !inUse {
		// The data cannot be opened (damaged, say): the message sends the user to the
		// troubleshooting page, which the Help menu of a window that did not open cannot show.
		help := widget.NewButton(i18n.T(lang, "setupui.menu.troubleshooting"), func() {
			showDocument(a, lang, "setupui.menu.troubleshooting", docs.Troubleshooting)
		})
		buttons.Objects = []fyne.CanvasObject{layout.NewSpacer(), help, q}
	}
	return container.NewBorder(nil, buttons, container.NewPadded(img), nil, container.NewVBox(title, text))
}
