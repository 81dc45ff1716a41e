package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/widgets"
)

// confirmDialog is a yes/no question that the keyboard answers too: the yes button has the
// focus, Enter presses it, Escape says no. Fyne 2.7's own confirmation dialog takes clicks
// only. It has the methods of dialog.ConfirmDialog the window uses.
type confirmDialog struct {
	dlg      *dialog.CustomDialog
	message  *widget.Label
	yes      *keyButton
	no       *widget.Button
	ok       func()
	onClosed func()
	answered bool
}

// keyButton is the default button of a question: Enter presses it, Escape dismisses.
type keyButton struct {
	widgets.DefaultButton
	escape func()
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && b.escape != nil {
		b.escape()
		return
	}
	b.DefaultButton.TypedKey(ev)
}

func newConfirmDialog(title, msg, yes, no string, ok func(), win fyne.Window) *confirmDialog {
	d := &confirmDialog{ok: ok}
	d.yes = &keyButton{escape: d.Dismiss}
	d.yes.Text, d.yes.Importance, d.yes.OnTapped = yes, widget.HighImportance, d.Confirm
	d.yes.ExtendBaseWidget(d.yes)
	d.no = widget.NewButton(no, d.Dismiss)
	d.message = widget.NewLabel(msg)
	d.message.Wrapping = fyne.TextWrapWord
	d.dlg = dialog.NewCustomWithoutButtons(title, d.message, win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.no, d.yes})
	d.dlg.SetOnClosed(func() {
		d.answered = true // closed by Hide (a lock): no answer
		if d.onClosed != nil {
			d.onClosed()
		}
	})
	return d
}

func (d *confirmDialog) answer(yes bool) {
	if d.answered {
		return
	}
	d.answered = true
	if yes && d.ok != nil {
		d.ok() // before the close, so that SetOnClosed sees the answer's effect
	}
	d.dlg.Hide()
}

// Confirm answers yes.
func (d *confirmDialog) Confirm() { d.answer(true) }

// Dismiss answers no.
func (d *confirmDialog) Dismiss() { d.answer(false) }

func (d *confirmDialog) SetConfirmText(s string) { d.yes.SetText(s) }
func (d *confirmDialog) SetDismissText(s string) { d.no.SetText(s) }
func (d *confirmDialog) SetOnClosed(f func())    { d.onClosed = f }
func (d *confirmDialog) Show()                   { d.dlg.Show() }
func (d *confirmDialog) Hide()                   { d.dlg.Hide() }
func (d *confirmDialog) Refresh()                { d.dlg.Refresh() }
func (d *confirmDialog) Resize(s fyne.Size)      { d.dlg.Resize(s) }
func (d *confirmDialog) MinSize() fyne.Size      { return d.dlg.MinSize() }

var _ dialog.Dialog = (*confirmDialog)(nil)
