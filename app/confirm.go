package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/widgets"
)

// confirmDialog is the window's yes/no question (widgets.Question) over a wrapped message.
type confirmDialog struct {
	*widgets.Question
	message *widget.Label
}

func newConfirmDialog(title, msg, yes, no string, ok func(), win fyne.Window) *confirmDialog {
	message := widget.NewLabel(msg)
	message.Wrapping = fyne.TextWrapWord
	return &confirmDialog{Question: widgets.NewQuestion(title, message, yes, no, ok, win), message: message}
}
