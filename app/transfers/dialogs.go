package transfers

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// Dialogs that fit: every question of the window is a few wrapped paragraphs and at most a
// short list, in a scrolling area sized to the window, so its buttons stay below its text
// even in a 1024×700 window with a long list or a long message.

// maxListed is how many items a dialog lists before "and N more".
const maxListed = 5

// Paragraphs builds the body of a dialog: wrapped paragraphs, then the list's first
// maxListed lines and "and N more".
func Paragraphs(lang i18n.Lang, paras []string, list []string) *fyne.Container {
	box := container.NewVBox()
	wrapped := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	for i, p := range paras {
		box.Add(wrapped(p))
		if i == 0 && len(list) > 0 {
			shown := list
			if len(shown) > maxListed {
				shown = shown[:maxListed-1]
			}
			for _, line := range shown {
				box.Add(wrapped("• " + line))
			}
			if n := len(list) - len(shown); n > 0 {
				box.Add(wrapped(i18n.T(lang, "transfersui.dialog.more", n)))
			}
		}
	}
	return box
}

// FitDialog sizes d, whose body is box, to its text within the parent window: at most 600
// points wide and the window's height less a margin; the body scrolls beyond that.
func FitDialog(d dialog.Dialog, box fyne.CanvasObject, parent fyne.Window) {
	win := parent.Canvas().Size()
	w := min(float32(600), win.Width-4*theme.Padding())
	inner := w - 8*theme.Padding()
	// Wrapped labels know their height once they have a width: lay the body out twice.
	for range 2 {
		box.Resize(fyne.NewSize(inner, box.MinSize().Height))
	}
	// Title, buttons and the dialog's padding around them.
	chrome := 3*theme.InputBorderSize() + 2*widget.NewButton("Ag", nil).MinSize().Height + 6*theme.Padding()
	h := min(box.MinSize().Height+chrome, win.Height-4*theme.Padding())
	d.Resize(fyne.NewSize(w, h))
}

// ask asks a yes/no question over the Transfers window: paragraphs, at most a short list,
// the buttons below. The keyboard answers it: the yes button has the focus, Enter presses it,
// Escape says no.
func (v *View) ask(title string, paras, list []string, yes string, ok func()) {
	box := Paragraphs(v.h.Lang, paras, list)
	q := widgets.NewQuestion(title, container.NewVScroll(box), yes, v.t("gui.cancel"), ok, v.win)
	FitDialog(q, box, v.win)
	v.lastConfirm = q
	v.track(q)
	v.win.Canvas().Focus(q.Yes)
}
