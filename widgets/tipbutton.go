package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// TipButton is an icon button with a tooltip (Fyne 2.7 has none). The tip is not drawn in an
// overlay: while any overlay is up Fyne sends every click to it, so the first click on the
// button would only close the tooltip. Instead the button reports its tip through OnHint and
// the screen shows it in a label beside the toolbar.
type TipButton struct {
	widget.Button
	Tip string
	// OnHint is called with Tip when the mouse enters and with "" when it leaves or clicks.
	OnHint func(string)
}

// NewTipButton makes an icon-only button with a tooltip.
func NewTipButton(icon fyne.Resource, tip string, tapped func()) *TipButton {
	b := &TipButton{Tip: tip}
	b.Icon = icon
	b.OnTapped = tapped
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tip.
func (b *TipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.hint(b.Tip)
}

// MouseOut hides the tip.
func (b *TipButton) MouseOut() {
	b.Button.MouseOut()
	b.hint("")
}

// Tapped hides the tip then acts.
func (b *TipButton) Tapped(e *fyne.PointEvent) {
	b.hint("")
	b.Button.Tapped(e)
}

func (b *TipButton) hint(s string) {
	if b.OnHint != nil {
		b.OnHint(s)
	}
}
