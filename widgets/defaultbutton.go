package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// DefaultButton is a dialog's default button: focused when the dialog opens, it answers
// Enter as well as Space, so Enter picks the safe choice (Save rather than Discard).
type DefaultButton struct{ widget.Button }

// NewDefaultButton makes a high-importance button that Enter presses once it has the focus.
func NewDefaultButton(label string, tapped func()) *DefaultButton {
	b := &DefaultButton{}
	b.Text, b.OnTapped, b.Importance = label, tapped, widget.HighImportance
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter, Return or Space.
func (b *DefaultButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(ev)
}
