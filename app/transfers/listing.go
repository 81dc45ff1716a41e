package transfers

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// The "In Chorus Pro" window: a company's invoices as Chorus Pro holds them, each marked with
// who deposited it — this app (its flux is one of the outbox's, carrying the setup's ID tag),
// a person by hand on the portal, or another tool. The engine's Listing decides; this renders
// it. Asking Chorus Pro reads every page of the supplier's search, so it runs off Fyne's
// goroutine (the bridge's hop brings the answer back) with a progress bar and a Stop button.

// ListingHost is what the listing needs of the window around it.
type ListingHost struct {
	App       fyne.App
	Lang      i18n.Lang
	ErrText   func(error) string
	Companies func() ([]domain.Company, error)
	// ShowTransfer opens the Transfers window on an item this app deposited (nil: not offered).
	ShowTransfer func(itemID string)
	// Quit quits the app the main window's way (Ctrl+Q); nil: no Ctrl+Q.
	Quit func()
}

// Columns of the listing.
const (
	lcNumber = iota
	lcDeposited
	lcBuyer
	lcAmount
	lcStatus
	lcFlux
	lcOrigin
	lcCols
)

var (
	lcKeys = [lcCols]string{"number", "deposited", "buyer", "amount", "status", "flux", "origin"}
	lcMin  = []float32{112, 96, 150, 100, 170, 230, 150}
	lcGrow = []float32{0.5, 0, 2, 0, 1.5, 0, 1}
)

// ListingView is the "In Chorus Pro" window. Its widgets are fields so that tests can tap them.
type ListingView struct {
	h   ListingHost
	b   *bridge.Bridge
	win fyne.Window

	company   *widget.Select
	companyOf map[string]domain.Company // option text → company
	since     *widget.Entry
	ask       *widget.Button
	stop      *widget.Button
	busy      *widget.ProgressBarInfinite
	status    *widget.Label
	summary   *widget.Label
	table     *widget.Table
	open      *widget.Button // Show in Transfers

	rows     []outbox.ListingEntry
	selected int
	cancel   func() // the question on its way, if any
	asked    string // the company code of the rows shown
	shown    bool
	closed   bool
}

// NewListing builds the "In Chorus Pro" window of b (hidden: call Show).
func NewListing(b *bridge.Bridge, h ListingHost) *ListingView {
	l := &ListingView{h: h, b: b, selected: -1, win: h.App.NewWindow(i18n.T(h.Lang, "transfersui.listing.title"))}
	l.build()
	l.win.SetCloseIntercept(l.Hide)
	l.win.Resize(fyne.NewSize(1000, 640))
	return l
}

func (l *ListingView) t(key string, args ...any) string { return i18n.T(l.h.Lang, key, args...) }

func (l *ListingView) build() {
	l.companyOf = map[string]domain.Company{}
	var opts []string
	if l.h.Companies != nil {
		if cs, err := l.h.Companies(); err == nil {
			for _, c := range cs {
				if c.IsDefault() {
					continue // the `*****` setup carries other companies' invoices, it has none of its own
				}
				o := c.Code + " — " + c.Name
				l.companyOf[o] = c
				opts = append(opts, o)
			}
		}
	}
	l.company = widget.NewSelect(opts, func(string) { l.Ask() })
	l.company.PlaceHolder = l.t("transfersui.listing.pick_company")
	l.since = widget.NewEntry()
	l.since.SetPlaceHolder(l.t("transfersui.listing.since_hint"))
	l.since.OnSubmitted = func(string) { l.Ask() }
	l.ask = widget.NewButtonWithIcon(l.t("transfersui.listing.ask"), theme.ViewRefreshIcon(), l.Ask)
	l.ask.Importance = widget.HighImportance
	l.stop = widget.NewButtonWithIcon(l.t("transfersui.listing.stop"), theme.MediaStopIcon(), l.Stop)
	l.stop.Disable()
	l.busy = widget.NewProgressBarInfinite()
	l.busy.Stop()
	l.busy.Hide()
	l.status = widget.NewLabel(l.t("transfersui.listing.intro"))
	l.status.Wrapping = fyne.TextWrapWord
	l.summary = widget.NewLabel("")
	l.summary.Wrapping = fyne.TextWrapWord
	l.open = widget.NewButtonWithIcon(l.t("transfersui.listing.open"), theme.MailSendIcon(), l.openSelected)
	l.open.Disable()
	if l.h.ShowTransfer == nil {
		l.open.Hide()
	}

	l.table = widget.NewTableWithHeaders(func() (int, int) { return len(l.rows), lcCols },
		func() fyne.CanvasObject {
			lb := widget.NewLabel("")
			lb.Truncation = fyne.TextTruncateEllipsis
			return lb
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if id.Row >= 0 && id.Row < len(l.rows) {
				text = l.cellText(l.rows[id.Row], id.Col)
			}
			setLabel(o.(*widget.Label), text)
		})
	l.table.ShowHeaderColumn = false
	l.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	l.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < lcCols {
			setLabel(o.(*widget.Label), l.t("transfersui.listing.col."+lcKeys[id.Col]))
		}
	}
	l.table.OnSelected = func(id widget.TableCellID) {
		l.selected = id.Row
		enable(l.open, l.selectedItem() != "")
	}
	for c, w := range lcMin {
		l.table.SetColumnWidth(c, w)
	}
	wideSince := container.NewGridWrap(fyne.NewSize(150, l.since.MinSize().Height), l.since)
	controls := container.NewBorder(nil, nil,
		widget.NewLabel(l.t("transfersui.filter.company")),
		container.NewHBox(widget.NewLabel(l.t("transfersui.listing.since")), wideSince, l.ask, l.stop),
		l.company)
	top := container.NewVBox(controls, l.busy, l.status)
	bottom := container.NewBorder(nil, nil, nil, l.open, l.summary)
	area := container.New(&growColumns{table: l.table, min: lcMin, grow: lcGrow}, l.table)
	l.win.SetContent(container.NewBorder(top, bottom, nil, nil, area))
	if l.h.Quit != nil {
		l.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { l.h.Quit() })
	}
}

// Show opens (or brings forward) the window.
func (l *ListingView) Show() {
	if l.closed {
		return
	}
	l.shown = true
	l.win.Show()
	l.win.RequestFocus()
	if l.company.Selected == "" && len(l.company.Options) == 1 {
		l.company.SetSelected(l.company.Options[0]) // the one company: asked at once
	}
}

// ShowCompany opens the window on a company's invoices (asked at once when they are not shown).
func (l *ListingView) ShowCompany(code string) {
	l.Show()
	for o, c := range l.companyOf {
		if c.Code == code && l.company.Selected != o {
			l.company.SetSelected(o) // asks
			return
		}
	}
}

// Hide closes the window for the user; a question on its way is stopped.
func (l *ListingView) Hide() {
	l.Stop()
	l.shown = false
	l.win.Hide()
}

// Shown reports whether the user has the window open.
func (l *ListingView) Shown() bool { return l.shown }

// Close destroys the window (the vault locks, or the language changed).
func (l *ListingView) Close() {
	if l.closed {
		return
	}
	l.Stop()
	l.closed, l.shown = true, false
	l.win.Close()
}

// Ask asks Chorus Pro for the chosen company's invoices (deposited since the day typed, if
// any); the window stays usable meanwhile.
func (l *ListingView) Ask() {
	c, ok := l.companyOf[l.company.Selected]
	if !ok || l.closed {
		return
	}
	var opt outbox.ListingOptions
	if s := l.since.Text; s != "" {
		day, ok := i18n.ParseDate(l.h.Lang, s)
		if !ok {
			l.say(l.t("transfersui.listing.bad_since", s), true)
			return
		}
		opt.Since = day
	}
	l.Stop()
	l.busy.Show()
	l.busy.Start()
	l.stop.Enable()
	l.say(l.t("transfersui.listing.asking", c.Code), false)
	l.cancel = l.b.Listing(c.ID, opt, func(list []outbox.ListingEntry, err error) {
		l.cancel = nil
		l.idle()
		if err != nil {
			l.say(l.t("transfersui.listing.failed", c.Code, l.h.ErrText(err)), true)
			return
		}
		l.show(c.Code, list)
	})
}

// Stop stops the question on its way, if any.
func (l *ListingView) Stop() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
		l.say(l.t("transfersui.listing.stopped"), false)
	}
	l.idle()
}

func (l *ListingView) idle() {
	l.busy.Stop()
	l.busy.Hide()
	l.stop.Disable()
}

// show puts Chorus Pro's answer in the table, with how many were deposited by whom.
func (l *ListingView) show(code string, list []outbox.ListingEntry) {
	l.rows, l.asked, l.selected = list, code, -1
	l.table.UnselectAll()
	l.open.Disable()
	l.table.Refresh()
	counts := map[outbox.Origin]int{}
	for _, e := range list {
		counts[e.Origin]++
	}
	if len(list) == 0 {
		l.say(l.t("engine.cli.listing_empty", code), false)
		setLabel(l.summary, "")
		return
	}
	l.say(l.t("transfersui.listing.done", code), false)
	setLabel(l.summary, l.t("engine.cli.listing_summary", len(list), counts[outbox.OriginApp], counts[outbox.OriginPortal], counts[outbox.OriginOther]))
}

func (l *ListingView) say(s string, bad bool) {
	l.status.Importance = widget.MediumImportance
	if bad {
		l.status.Importance = widget.DangerImportance
	}
	l.status.SetText(s)
}

func (l *ListingView) cellText(e outbox.ListingEntry, col int) string {
	lang := l.h.Lang
	switch col {
	case lcNumber:
		return orDash(e.Number)
	case lcDeposited:
		return dayText(lang, e.Deposited)
	case lcBuyer:
		if e.BuyerName != "" {
			return domain.CleanText(e.BuyerName) + " (" + e.Buyer + ")"
		}
		return e.Buyer
	case lcAmount:
		return i18n.FormatAmount(lang, strconv.FormatFloat(e.Amount, 'f', 2, 64), e.Currency)
	case lcStatus:
		return e.Stage.Text().In(lang)
	case lcFlux:
		return e.Flux
	case lcOrigin:
		return originText(lang, e)
	}
	return ""
}

// originText says who deposited an invoice Chorus Pro holds.
func originText(lang i18n.Lang, e outbox.ListingEntry) string {
	s := i18n.T(lang, "engine.origin."+string(e.Origin))
	if e.Origin == outbox.OriginApp && e.Tag != "" {
		s += " · " + e.Tag
	}
	return s
}

// selectedItem is the outbox item of the selected invoice, when this app deposited it.
func (l *ListingView) selectedItem() string {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return ""
	}
	return l.rows[l.selected].ItemID
}

func (l *ListingView) openSelected() {
	if id := l.selectedItem(); id != "" && l.h.ShowTransfer != nil {
		l.h.ShowTransfer(id)
	}
}
