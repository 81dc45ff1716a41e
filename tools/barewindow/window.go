package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Title is what the benchmark and the end-to-end scripts look for (xdotool search --name).
const Title = "Bare Fyne"

// newWindow builds the window without showing it, so a test can check it with Fyne's test app.
// Nothing else is added on purpose: every extra widget would flatter the ratios.
func newWindow(a fyne.App) fyne.Window {
	w := a.NewWindow(Title)
	w.SetContent(widget.NewLabel("Hello from a bare Fyne window"))
	w.Resize(fyne.NewSize(320, 120))
	return w
}
