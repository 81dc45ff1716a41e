package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Title is what the benchmark and the end-to-end scripts look for (xdotool search --name).
const Title = "Bare Fyne"

// Size is Chorus Desk's main window size: the frame buffers grow with the window, so a smaller
// yardstick would make Chorus Desk's memory ratio look worse than its code is.
var Size = fyne.NewSize(1100, 740)

// newWindow builds the window without showing it, so a test can check it with Fyne's test app.
// Nothing else is added on purpose: every extra widget would flatter the ratios.
func newWindow(a fyne.App) fyne.Window {
	w := a.NewWindow(Title)
	w.SetContent(widget.NewLabel("Hello from a bare Fyne window"))
	w.Resize(Size)
	return w
}
