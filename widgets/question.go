package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Question is a yes/no dialog that the keyboard answers too: its yes button (Yes) is the
// default, Enter presses it once it has the focus, Escape says no. Fyne 2.7's own
// confirmation dialog takes clicks only. It has the methods of dialog.ConfirmDialog the
// windows use.
type Question struct {
	dlg      *dialog.CustomDialog
	Yes      *EscapeButton
	no       *widget.Button
	ok       func()
	onClosed func()
	answered bool
}

// EscapeButton is a question's default button: Enter presses it, Escape calls Escape.
type EscapeButton struct {
	DefaultButton
	Escape func()
}

func (b *EscapeButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && b.Escape != nil {
		b.Escape()
		return
	}
	b.DefaultButton.TypedKey(ev)
}

// NewQuestion builds a question over win, hidden (Show it); ok runs on yes.
func NewQuestion(title string, body fyne.CanvasObject, yes, no string, ok func(), win fyne.Window) *Question {
	q := &Question{ok: ok}
	q.Yes = &EscapeButton{Escape: q.Dismiss}
	q.Yes.Text, q.Yes.Importance, q.Yes.OnTapped = yes, widget.HighImportance, q.Confirm
	q.Yes.ExtendBaseWidget(q.Yes)
	q.no = widget.NewButton(no, q.Dismiss)
	q.dlg = dialog.NewCustomWithoutButtons(title, body, win)
	q.dlg.SetButtons([]fyne.CanvasObject{q.no, q.Yes})
	q.dlg.SetOnClosed(func() {
		q.answered = true // closed otherwise (a lock, the window closing): no answer
		if q.onClosed != nil {
			q.onClosed()
		}
	})
	return q
}

func (q *Question) answer(yes bool) {
	if q.answered {
		return
	}
	q.answered = true
	if yes && q.ok != nil {
		q.ok() // before the close, so that OnClosed sees the answer's effect
	}
	q.dlg.Hide()
}

// Confirm answers yes.
func (q *Question) Confirm() { q.answer(true) }

// Dismiss answers no.
func (q *Question) Dismiss() { q.answer(false) }

func (q *Question) SetConfirmText(s string) { q.Yes.SetText(s) }
func (q *Question) SetDismissText(s string) { q.no.SetText(s) }
func (q *Question) SetOnClosed(f func())    { q.onClosed = f }
func (q *Question) Show()                   { q.dlg.Show() }
func (q *Question) Hide()                   { q.dlg.Hide() }
func (q *Question) Refresh()                { q.dlg.Refresh() }
func (q *Question) Resize(s fyne.Size)      { q.dlg.Resize(s) }
func (q *Question) MinSize() fyne.Size      { return q.dlg.MinSize() }

var _ dialog.Dialog = (*Question)(nil)
