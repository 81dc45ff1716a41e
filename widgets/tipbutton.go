package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// TipButton is an icon button that shows a tooltip while the mouse rests on it (Fyne 2.7 has
// no tooltips of its own). The tooltip text is also the button's accessible description.
type TipButton struct {
	widget.Button
	Tip   string
	popup *widget.PopUp
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

// MouseIn shows the tooltip under the button.
func (b *TipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.showTip()
}

// MouseOut hides the tooltip.
func (b *TipButton) MouseOut() {
	b.Button.MouseOut()
	b.HideTip()
}

// Tapped hides the tooltip then acts.
func (b *TipButton) Tapped(e *fyne.PointEvent) {
	b.HideTip()
	b.Button.Tapped(e)
}

// TipShown reports whether the tooltip is on screen.
func (b *TipButton) TipShown() bool { return b.popup != nil && b.popup.Visible() }

func (b *TipButton) showTip() {
	if b.Tip == "" {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	if b.popup == nil {
		b.popup = widget.NewPopUp(widget.NewLabel(b.Tip), c)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	size := b.popup.MinSize()
	x := pos.X + b.Size().Width - size.Width // keep it inside the window: the toolbar is at the right
	if x < 0 {
		x = 0
	}
	b.popup.ShowAtPosition(fyne.NewPos(x, pos.Y+b.Size().Height))
}

// HideTip hides the tooltip if shown.
func (b *TipButton) HideTip() {
	if b.popup != nil {
		b.popup.Hide()
	}
}
