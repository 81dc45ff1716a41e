package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"
)

// TabKind is which setup an invoice of the company would use, at a glance.
type TabKind int

const (
	TabUnknown        TabKind = iota // not computed (yet)
	TabOwn                           // its own enabled setup
	TabFallback                      // the `*****` fallback
	TabNotTransferred                // no usable setup: invoices are held
)

// TabVerdict is the last Test's verdict in the active environment.
type TabVerdict int

const (
	TabUntested TabVerdict = iota
	TabPassed
	TabFailed
)

// TabAlert is the password-expiry alert of the setup that applies.
type TabAlert int

const (
	TabNoAlert TabAlert = iota
	TabExpiresSoon
	TabExpired
)

// TabState is what one company tab shows about the company; the tips say it in words (the
// icons' tooltips), so colour and shape are never the only carriers.
type TabState struct {
	Kind                          TabKind
	Verdict                       TabVerdict
	Alert                         TabAlert
	KindTip, VerdictTip, AlertTip string
}

// NewTabStrip is the vertical strip of company tabs: a filter box over a virtualised list
// (only the visible tabs exist, so 1,000 companies cost what 10 do), one tab per item, the
// selected one marked by an accent bar, bold text and the selection colour. state gives each
// tab's icons; it is called for visible tabs only, and the caller caches.
func NewTabStrip(placeholder string, state func(id string) TabState) *FilterList {
	f := NewFilterList(placeholder)
	f.SetRows(func() fyne.CanvasObject { return newTabRow() }, func(it Item, selected bool, o fyne.CanvasObject) {
		st := TabState{}
		if state != nil {
			st = state(it.ID)
		}
		o.(*tabRow).set(it.Label, selected, st)
	})
	return f
}

// tabRow is one tab: accent bar, state icon, label, expiry and Test icons.
type tabRow struct {
	widget.BaseWidget
	bar     *canvas.Rectangle
	kind    *ttwidget.Icon
	label   *widget.Label
	alert   *ttwidget.Icon
	verdict *ttwidget.Icon
}

func newTabRow() *tabRow {
	r := &tabRow{bar: canvas.NewRectangle(color.Transparent), kind: ttwidget.NewIcon(nil), label: widget.NewLabel(""),
		alert: ttwidget.NewIcon(nil), verdict: ttwidget.NewIcon(nil)}
	r.bar.SetMinSize(fyne.NewSize(4, 1))
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

// TabRowText is the label and style a tab shows (the tests read it).
func TabRowText(o fyne.CanvasObject) (text string, bold bool) {
	r, ok := o.(*tabRow)
	if !ok {
		return "", false
	}
	return r.label.Text, r.label.TextStyle.Bold
}

func (r *tabRow) set(label string, selected bool, st TabState) {
	r.label.Text = label
	r.label.TextStyle.Bold = selected
	r.label.Refresh()
	if selected {
		r.bar.FillColor = theme.Color(theme.ColorNamePrimary)
	} else {
		r.bar.FillColor = color.Transparent
	}
	r.bar.Refresh()
	setIcon(r.kind, kindIcon(st.Kind), st.KindTip)
	setIcon(r.verdict, verdictIcon(st.Verdict), st.VerdictTip)
	setIcon(r.alert, alertIcon(st.Alert), st.AlertTip)
}

func setIcon(i *ttwidget.Icon, res fyne.Resource, tip string) {
	i.SetToolTip(tip)
	if i.Resource != res {
		i.SetResource(res)
	}
}

// The icons carry the verdict by shape as well as by colour (for colour-blind users).
func kindIcon(k TabKind) fyne.Resource {
	switch k {
	case TabOwn:
		return theme.NewSuccessThemedResource(theme.RadioButtonCheckedIcon())
	case TabFallback:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case TabNotTransferred:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return theme.NewDisabledResource(theme.RadioButtonIcon())
}

func verdictIcon(v TabVerdict) fyne.Resource {
	switch v {
	case TabPassed:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case TabFailed:
		return theme.NewErrorThemedResource(theme.CancelIcon())
	}
	return nil
}

func alertIcon(a TabAlert) fyne.Resource {
	switch a {
	case TabExpiresSoon:
		return theme.NewWarningThemedResource(theme.HistoryIcon())
	case TabExpired:
		return theme.NewErrorThemedResource(theme.HistoryIcon())
	}
	return nil
}

func (r *tabRow) CreateRenderer() fyne.WidgetRenderer {
	left := container.NewHBox(r.bar, r.kind)
	right := container.New(layout.NewHBoxLayout(), r.alert, r.verdict)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, right, r.label))
}
