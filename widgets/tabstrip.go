package widgets

import (
	"image/color"
	"sync"

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

// set paints the tab; it touches only what changed (rows are updated at every scroll and
// selection, and each text refresh shapes the text again).
func (r *tabRow) set(label string, selected bool, st TabState) {
	if r.label.Text != label || r.label.TextStyle.Bold != selected {
		r.label.Text = label
		r.label.TextStyle.Bold = selected
		r.label.Refresh()
	}
	var bar color.Color = color.Transparent
	if selected {
		bar = theme.Color(theme.ColorNamePrimary)
	}
	if r.bar.FillColor != bar {
		r.bar.FillColor = bar
		r.bar.Refresh()
	}
	setIcon(r.kind, icons.kind(st.Kind), st.KindTip)
	setIcon(r.verdict, icons.verdict(st.Verdict), st.VerdictTip)
	setIcon(r.alert, icons.alert(st.Alert), st.AlertTip)
}

// tabIcons are the state icons, made once (the first row needs a running app for them) so
// that a row whose state did not change keeps the same resource and is not repainted.
type tabIcons struct {
	once                    sync.Once
	kinds, verdicts, alerts map[int]fyne.Resource
}

var icons tabIcons

func (i *tabIcons) init() {
	i.once.Do(func() {
		i.kinds, i.verdicts, i.alerts = map[int]fyne.Resource{}, map[int]fyne.Resource{}, map[int]fyne.Resource{}
		for _, k := range []TabKind{TabUnknown, TabOwn, TabFallback, TabNotTransferred} {
			i.kinds[int(k)] = kindIcon(k)
		}
		for _, v := range []TabVerdict{TabUntested, TabPassed, TabFailed} {
			i.verdicts[int(v)] = verdictIcon(v)
		}
		for _, a := range []TabAlert{TabNoAlert, TabExpiresSoon, TabExpired} {
			i.alerts[int(a)] = alertIcon(a)
		}
	})
}

func (i *tabIcons) kind(k TabKind) fyne.Resource       { i.init(); return i.kinds[int(k)] }
func (i *tabIcons) verdict(v TabVerdict) fyne.Resource { i.init(); return i.verdicts[int(v)] }
func (i *tabIcons) alert(a TabAlert) fyne.Resource     { i.init(); return i.alerts[int(a)] }

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
