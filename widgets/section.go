package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Section is a framed group with a heading in bold body text: lighter than widget.Card,
// whose title is drawn larger than the company title it sits under.
type Section struct {
	widget.BaseWidget
	Heading *widget.Label
	Trail   fyne.CanvasObject // drawn after the heading, on its line (may be nil)
	Content fyne.CanvasObject
	frame   *canvas.Rectangle
}

// NewSection frames content under heading; trail (may be nil) shares the heading's line and
// takes the room left.
func NewSection(heading string, trail, content fyne.CanvasObject) *Section {
	s := &Section{Heading: widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Trail: trail, Content: content, frame: canvas.NewRectangle(nil)}
	s.ExtendBaseWidget(s)
	return s
}

func (s *Section) CreateRenderer() fyne.WidgetRenderer {
	var head fyne.CanvasObject = s.Heading
	if s.Trail != nil {
		head = container.NewBorder(nil, nil, s.Heading, nil, s.Trail)
	}
	inner := container.NewPadded(container.NewBorder(head, nil, nil, nil, s.Content))
	r := &sectionRenderer{s: s, inner: widget.NewSimpleRenderer(container.NewStack(s.frame, inner))}
	r.paint()
	return r
}

type sectionRenderer struct {
	s     *Section
	inner fyne.WidgetRenderer
}

func (r *sectionRenderer) Layout(size fyne.Size)        { r.inner.Layout(size) }
func (r *sectionRenderer) MinSize() fyne.Size           { return r.inner.MinSize() }
func (r *sectionRenderer) Objects() []fyne.CanvasObject { return r.inner.Objects() }
func (r *sectionRenderer) Destroy()                     { r.inner.Destroy() }

// Refresh takes the frame's colours from the current theme again (light and dark differ).
func (r *sectionRenderer) Refresh() {
	r.paint()
	r.inner.Refresh()
}

// paint fills the frame with the header background: a plain fill (no stroke, no rounded
// corner) costs the software renderer of the tests and of remote desktops far less.
func (r *sectionRenderer) paint() {
	r.s.frame.FillColor = theme.Color(theme.ColorNameHeaderBackground)
	r.s.frame.Refresh()
}
