package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"
)

// CollapsingBar is a row of action buttons that show their icon and short label where the
// space allows, and only their icon when it does not (their tooltips then say what they do).
// Its minimum width is the icons' alone, so a long French label never widens the window.
type CollapsingBar struct {
	widget.BaseWidget
	Buttons   []*ttwidget.Button
	labels    []string
	measure   []*widget.Button // the buttons with their labels, never shown: their widths
	collapsed bool
	lead      bool // leading (left) alignment; default trailing
}

// NewCollapsingBar makes a right-aligned bar of buttons; each keeps its Text as its label.
func NewCollapsingBar(buttons ...*ttwidget.Button) *CollapsingBar {
	b := &CollapsingBar{Buttons: buttons}
	for _, btn := range buttons {
		b.labels = append(b.labels, btn.Text)
		b.measure = append(b.measure, widget.NewButtonWithIcon(btn.Text, btn.Icon, nil))
	}
	b.ExtendBaseWidget(b)
	return b
}

// AlignLeading lays the buttons out from the left.
func (b *CollapsingBar) AlignLeading() *CollapsingBar { b.lead = true; return b }

// Collapsed reports whether the labels are hidden for lack of room.
func (b *CollapsingBar) Collapsed() bool { return b.collapsed }

// Label is the label of button i (shown or not).
func (b *CollapsingBar) Label(i int) string { return b.labels[i] }

// fullWidth is the bar's width with every label shown.
func (b *CollapsingBar) fullWidth() float32 {
	w := float32(0)
	for i, m := range b.measure {
		if i > 0 {
			w += theme.Padding()
		}
		w += m.MinSize().Width
	}
	return w
}

func (b *CollapsingBar) setCollapsed(c bool) {
	if c == b.collapsed {
		return
	}
	b.collapsed = c
	for i, btn := range b.Buttons {
		if c {
			btn.Text = ""
		} else {
			btn.Text = b.labels[i]
		}
		btn.Refresh()
	}
}

func (b *CollapsingBar) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(b.Buttons))
	for i, btn := range b.Buttons {
		objs[i] = btn
	}
	return &collapsingRenderer{bar: b, objs: objs}
}

type collapsingRenderer struct {
	bar  *CollapsingBar
	objs []fyne.CanvasObject
}

func (r *collapsingRenderer) Destroy()                     {}
func (r *collapsingRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *collapsingRenderer) Refresh() {
	for _, o := range r.objs {
		o.Refresh()
	}
}

// MinSize is the bar with icons only.
func (r *collapsingRenderer) MinSize() fyne.Size {
	s := fyne.NewSize(0, 0)
	for i, btn := range r.bar.Buttons {
		if i > 0 {
			s.Width += theme.Padding()
		}
		m := iconOnlyMin(btn)
		s.Width += m.Width
		s.Height = max(s.Height, r.bar.measure[i].MinSize().Height)
	}
	return s
}

// iconOnlyMin is a button's size without its label.
func iconOnlyMin(btn *ttwidget.Button) fyne.Size {
	if btn.Text == "" {
		return btn.MinSize()
	}
	pad := theme.InnerPadding() * 2
	return fyne.NewSize(theme.IconInlineSize()+pad, theme.IconInlineSize()+pad)
}

// Layout shows the labels when they fit, then places the buttons at their own widths.
func (r *collapsingRenderer) Layout(size fyne.Size) {
	b := r.bar
	b.setCollapsed(size.Width < b.fullWidth())
	total := float32(0)
	for i, btn := range b.Buttons {
		if i > 0 {
			total += theme.Padding()
		}
		total += btn.MinSize().Width
	}
	x := size.Width - total
	if b.lead || x < 0 {
		x = 0
	}
	for _, btn := range b.Buttons {
		w := btn.MinSize().Width
		btn.Resize(fyne.NewSize(w, size.Height))
		btn.Move(fyne.NewPos(x, 0))
		x += w + theme.Padding()
	}
}

// titleRowLayout puts a title on the left and a CollapsingBar on the right: the bar shows
// its labels while the title keeps at least want pixels, and only its icons otherwise.
type titleRowLayout struct {
	bar  *CollapsingBar
	want float32
}

// NewTitleRow lays title and bar out on one line (the title ellipsises, so the row's minimum
// width is the bar's icons plus a little of the title).
func NewTitleRow(title fyne.CanvasObject, bar *CollapsingBar, want float32) *fyne.Container {
	return container.New(&titleRowLayout{bar: bar, want: want}, title, bar)
}

func (l *titleRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	t, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(t.Width+theme.Padding()+b.Width, max(t.Height, b.Height))
}

func (l *titleRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	bw := l.bar.MinSize().Width
	if full := l.bar.fullWidth(); size.Width-full-theme.Padding() >= l.want {
		bw = full
	}
	tw := max(size.Width-bw-theme.Padding(), 0)
	objs[0].Resize(fyne.NewSize(tw, size.Height))
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(bw, size.Height))
	objs[1].Move(fyne.NewPos(size.Width-bw, 0))
}
