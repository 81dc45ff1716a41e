package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Badge colours are fixed rather than themed: the point is that production never looks like
// sandbox, in the light and the dark theme alike. White text reads on both.
var (
	SandboxColor    = color.NRGBA{R: 0x1b, G: 0x6e, B: 0xc2, A: 0xff} // calm blue
	ProductionColor = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff} // alarm red
)

// EnvBadge is the always-visible marker of the active environment.
type EnvBadge struct {
	widget.BaseWidget
	production bool
	rect       *canvas.Rectangle
	text       *canvas.Text
}

// NewEnvBadge makes a badge; call SetEnv to give it its environment.
func NewEnvBadge() *EnvBadge {
	b := &EnvBadge{rect: canvas.NewRectangle(SandboxColor), text: canvas.NewText("", color.White)}
	b.rect.CornerRadius = 4
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.ExtendBaseWidget(b)
	return b
}

// SetEnv shows label on the colour of production (true) or sandbox (false).
func (b *EnvBadge) SetEnv(production bool, label string) {
	b.production = production
	b.text.Text = label
	if production {
		b.rect.FillColor = ProductionColor
	} else {
		b.rect.FillColor = SandboxColor
	}
	b.Refresh()
}

// Production reports whether the badge shows production.
func (b *EnvBadge) Production() bool { return b.production }

// Text is the label shown.
func (b *EnvBadge) Text() string { return b.text.Text }

// Color is the background colour shown.
func (b *EnvBadge) Color() color.Color { return b.rect.FillColor }

func (b *EnvBadge) CreateRenderer() fyne.WidgetRenderer {
	pad := theme.Padding() * 2
	inner := container.New(layout.NewCustomPaddedLayout(pad/2, pad/2, pad, pad), container.NewCenter(b.text))
	return widget.NewSimpleRenderer(container.NewStack(b.rect, inner))
}
