package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// Columns of the transfers table.
const (
	colFile = iota
	colCompany
	colNumber
	colState
	colFlux
	colStatus
	colAge
	colMessage
	numCols
)

var colKeys = [numCols]string{"file", "company", "number", "state", "flux", "status", "age", "message"}
var colWidths = [numCols]float32{190, 90, 130, 200, 140, 180, 70, 480}

// transfersView is the Transfers window: intake (files, drop, inbox), the table of items
// with the batch's progress, and the selected item's details and actions. Its widgets are
// fields so that tests can tap them.
type transfersView struct {
	x   *transfers
	win fyne.Window

	add       *widget.Button
	addDir    *widget.Button
	company   *widget.Select
	companyOf map[string]string // option text → company code ("" = by seller SIRET)

	inboxPath   *widget.Label
	inboxPick   *widget.Button
	inboxToggle *widget.Button
	inboxState  *widget.Label

	status   *widget.Label // outcome of the last add or action
	progress *widget.ProgressBar
	batch    *widget.Label

	table    *widget.Table
	selected string // item ID shown in the details

	title      *widget.Label
	fields     *widget.Label
	message    *widget.Label
	todo       *widget.Label
	history    *widget.Label
	retry      *widget.Button
	resend     *widget.Button
	mark       *widget.Button
	remove     *widget.Button
	details    fyne.CanvasObject
	detailsBox *fyne.Container // laid out again when a wrapped label's text changes

	markEntry   *widget.Entry         // flux number of the last "found in Chorus Pro" form
	pickList    *widgets.CheckList    // files of the last "several invoices" choice
	lastConfirm *dialog.ConfirmDialog // the tests answer it
	shown       bool                  // the user has the window open
	lastDialog  dialog.Dialog
}

// show opens (or brings forward) the Transfers window.
func (x *transfers) show() {
	if x.view != nil {
		x.view.shown = true
		x.view.win.Show()
		x.view.win.RequestFocus()
		return
	}
	u := x.u
	v := &transfersView{x: x, win: u.app.NewWindow(u.t("gui.transfers.title"))}
	x.view = v
	v.build()
	v.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { x.dropped(uris) })
	// Closing the window only hides it: the engine goes on, and reopening is instant.
	v.win.SetCloseIntercept(v.hide)
	v.win.Resize(fyne.NewSize(1200, 720))
	v.refresh()
	if x.eng != nil && x.eng.ob.Err() != nil {
		v.setStatus(u.errText(x.eng.ob.Err()), true)
	}
	v.shown = true
	v.win.Show()
}

// hide closes the window for the user; the view is kept for the next opening.
func (v *transfersView) hide() {
	v.shown = false
	v.win.Hide()
}

func (v *transfersView) t(key string, args ...any) string { return v.x.u.t(key, args...) }

func (v *transfersView) build() {
	x := v.x
	v.add = widget.NewButtonWithIcon(v.t("gui.transfers.add"), theme.FileIcon(), v.pickFile)
	v.add.Importance = widget.HighImportance
	v.addDir = widget.NewButtonWithIcon(v.t("gui.transfers.add_folder"), theme.FolderOpenIcon(), v.pickFolder)
	v.company = widget.NewSelect(nil, nil)
	v.loadCompanies()
	v.inboxPath = widget.NewLabel("")
	v.inboxPath.Truncation = fyne.TextTruncateEllipsis
	v.inboxPick = widget.NewButtonWithIcon(v.t("gui.transfers.inbox.pick"), theme.FolderIcon(), v.pickInbox)
	v.inboxToggle = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), v.toggleInbox)
	v.inboxState = widget.NewLabel("")
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.progress = widget.NewProgressBar()
	v.progress.TextFormatter = func() string {
		return fmt.Sprintf("%d / %d", int(v.progress.Value), int(v.progress.Max))
	}
	v.batch = widget.NewLabel("")
	v.showInbox()

	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(x.rows), numCols },
		v.newCell, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < numCols {
			setLabel(o.(*widget.Label), v.t("gui.transfers.col."+colKeys[id.Col]))
		}
	}
	for c, w := range colWidths {
		v.table.SetColumnWidth(c, w)
	}
	v.table.OnSelected = func(id widget.TableCellID) {
		if it, ok := x.row(id.Row); ok {
			v.selected = it.ID
			v.showDetails()
		}
	}

	v.buildDetails()
	intake := container.NewBorder(nil, nil, container.NewHBox(v.add, v.addDir,
		widget.NewLabel(v.t("gui.transfers.company"))), nil, v.company)
	inbox := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(v.t("gui.transfers.inbox")), v.inboxPick, v.inboxToggle),
		v.inboxState, v.inboxPath)
	progress := container.NewBorder(nil, nil, v.batch, nil, v.progress)
	top := container.NewVBox(intake, inbox, progress, v.status)
	split := container.NewVSplit(v.table, container.NewVScroll(v.details))
	split.Offset = 0.6
	v.win.SetContent(container.NewBorder(top, nil, nil, nil, split))

	sc := func(key fyne.KeyName, do func()) {
		v.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: ctrl}, func(fyne.Shortcut) { do() })
	}
	sc(fyne.KeyO, v.pickFile)
	sc(fyne.KeyR, func() { v.retry.OnTapped() })
	sc(fyne.KeyW, v.hide)
}

func (v *transfersView) buildDetails() {
	v.title = widget.NewLabelWithStyle(v.t("gui.transfers.none_selected"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.fields = widget.NewLabel("")
	v.fields.Wrapping = fyne.TextWrapWord
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.todo = widget.NewLabel("")
	v.todo.Wrapping = fyne.TextWrapWord
	v.todo.Importance = widget.WarningImportance
	v.history = widget.NewLabel("")
	v.retry = widget.NewButtonWithIcon(v.t("gui.transfers.retry"), theme.ViewRefreshIcon(), func() { v.x.retry(v.selected) })
	v.resend = widget.NewButtonWithIcon(v.t("gui.transfers.resend"), theme.MailSendIcon(), func() { v.x.askResend(v.selected) })
	v.mark = widget.NewButtonWithIcon(v.t("gui.transfers.mark"), theme.ConfirmIcon(), func() { v.x.askMark(v.selected) })
	v.remove = widget.NewButtonWithIcon(v.t("gui.transfers.remove"), theme.DeleteIcon(), func() { v.x.askRemove(v.selected) })
	actions := container.NewHBox(v.retry, v.resend, v.mark, v.remove)
	v.detailsBox = container.NewVBox(container.NewBorder(nil, nil, nil, actions, v.title),
		v.message, v.todo, v.fields,
		widget.NewLabelWithStyle(v.t("gui.transfers.history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.history)
	v.details = v.detailsBox
	v.showDetails()
}

func (v *transfersView) newCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	icon := widget.NewIcon(nil)
	icon.Hide()
	return container.NewBorder(nil, nil, icon, nil, l)
}

func (v *transfersView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	l, icon := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Icon)
	it, ok := v.x.row(id.Row)
	text := ""
	if ok {
		text = v.cellText(it, id.Col)
	}
	if ok && id.Col == colState {
		// Icons are compared by name: the themed wrappers are new values each time.
		if r := stateIcon(it); icon.Resource == nil || icon.Resource.Name() != r.Name() {
			icon.SetResource(r)
		}
		if !icon.Visible() {
			icon.Show()
			c.Layout.Layout(c.Objects, c.Size()) // the label moves right of the icon
		}
	} else if icon.Visible() {
		icon.Hide()
		c.Layout.Layout(c.Objects, c.Size()) // the label takes the icon's room
	}
	// Setting a truncated label's text measures it again: skip the cells that did not change
	// (most of them at each frame of a batch).
	if l.Text != text {
		l.SetText(text)
	}
}

func (v *transfersView) cellText(it outbox.Item, col int) string {
	lang := v.x.u.lang
	switch col {
	case colFile:
		return baseName(it.File)
	case colCompany:
		return it.CompanyCode
	case colNumber:
		return it.Number
	case colState:
		return v.t(stateKey(it))
	case colFlux:
		return it.Flux
	case colStatus:
		if it.InvoiceStatus != "" {
			return it.InvoiceStatus
		}
		return it.FluxState
	case colAge:
		return ageText(lang, it.Age(v.x.now()))
	case colMessage:
		return firstLine(it.Message.In(lang))
	}
	return ""
}

// refresh repaints what depends on the model: the table, the batch's progress, the details.
func (v *transfersView) refresh() {
	v.table.Refresh()
	done, total := v.x.batchProgress()
	if total == 0 {
		v.progress.Max, v.progress.Value = 1, 0
	} else {
		v.progress.Max, v.progress.Value = float64(total), float64(done)
	}
	v.progress.Refresh()
	dep, held, failed := v.x.batchCounts()
	switch {
	case total == 0:
		setLabel(v.batch, v.t("gui.transfers.batch.none", len(v.x.rows)))
	case done < total:
		setLabel(v.batch, v.t("gui.transfers.batch.running", done, total))
	default:
		setLabel(v.batch, v.t("gui.transfers.batch.done", dep, held, failed))
	}
	if v.selected != "" {
		v.showDetails()
	}
}

// showDetails fills the details panel with the selected item.
func (v *transfersView) showDetails() {
	x := v.x
	i, ok := x.index[v.selected]
	if !ok {
		v.selected = ""
		setLabel(v.title, v.t("gui.transfers.none_selected"))
		for _, l := range []*widget.Label{v.fields, v.message, v.todo, v.history} {
			setLabel(l, "")
		}
		for _, b := range []*widget.Button{v.retry, v.resend, v.mark, v.remove} {
			b.Disable()
		}
		return
	}
	it := x.rows[i]
	lang := x.u.lang
	before := v.detailsSig()
	defer func() {
		// A wrapped label's height follows its text, but its container is laid out only
		// when refreshed: without this, lines of the details overlap.
		if v.detailsSig() != before {
			v.detailsBox.Refresh()
		}
	}()
	setLabel(v.title, v.t("gui.transfers.details_title", orDash(it.Number), baseName(it.File), v.t(stateKey(it))))
	setLabel(v.message, it.Message.In(lang))
	if k := adviceKey(it); k != "" {
		setLabel(v.todo, v.t(k))
	} else {
		setLabel(v.todo, "")
	}
	setLabel(v.fields, v.fieldsText(it))
	var h strings.Builder
	for _, e := range x.hist[it.ID] {
		fmt.Fprintf(&h, "%s  %s", e.at.Local().Format("2006-01-02 15:04:05"), v.t(e.state))
		if e.extra != "" {
			fmt.Fprintf(&h, " (%s)", e.extra)
		}
		h.WriteByte('\n')
	}
	setLabel(v.history, strings.TrimSuffix(h.String(), "\n"))
	enable(v.retry, canRetry(it))
	enable(v.resend, canResend(it))
	enable(v.mark, canMark(it))
	enable(v.remove, canRemove(it))
}

// detailsSig identifies what the details show (their text), to lay them out only on change.
func (v *transfersView) detailsSig() string {
	return v.title.Text + "\x00" + v.message.Text + "\x00" + v.todo.Text + "\x00" + v.fields.Text + "\x00" + v.history.Text
}

// fieldsText lists every field of the item, one per line, leaving out the empty ones.
func (v *transfersView) fieldsText(it outbox.Item) string {
	lang := v.x.u.lang
	now := v.x.now()
	env := ""
	if it.Env != "" {
		env = v.t("gui.env." + string(it.Env))
	}
	total := strings.TrimSpace(it.Total + " " + it.Currency)
	rows := []struct{ key, val string }{
		{"file", it.File},
		{"number", it.Number},
		{"format", strings.TrimSpace(it.Format + " " + it.SyntaxeFlux)},
		{"issue_date", it.IssueDate},
		{"seller", it.SellerSIRET},
		{"buyer", it.BuyerSIRET},
		{"service", it.ServiceCode},
		{"commitment", it.Commitment},
		{"total", total},
		{"company", it.CompanyCode},
		{"env", env},
		{"state", v.t(stateKey(it))},
		{"flux", it.Flux},
		{"deposit_date", it.DepositDate},
		{"flux_state", it.FluxState},
		{"invoice_id", nonZero(it.InvoiceID)},
		{"invoice_status", it.InvoiceStatus},
		{"attempts", nonZero(int64(it.Attempts))},
		{"age", ageText(lang, it.Age(now))},
		{"idle", ageText(lang, it.Idle(now))},
		{"sha", it.SHA},
	}
	if !it.NextTry.IsZero() {
		rows = append(rows, struct{ key, val string }{"next_try", it.NextTry.Local().Format("15:04:05")})
	}
	if it.Forced {
		rows = append(rows, struct{ key, val string }{"forced", v.t("gui.transfers.yes")})
	}
	if it.Reconciled {
		rows = append(rows, struct{ key, val string }{"reconciled", v.t("gui.transfers.yes")})
	}
	var b strings.Builder
	for _, r := range rows {
		if r.val == "" {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", v.t("gui.transfers.f."+r.key), r.val)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// loadCompanies fills the company choice: by seller SIRET (default), or one company.
func (v *transfersView) loadCompanies() {
	auto := v.t("gui.transfers.company.auto")
	v.companyOf = map[string]string{auto: ""}
	opts := []string{auto}
	cs, err := v.x.u.svc.Companies()
	if err == nil {
		for _, c := range cs {
			if c.Code == domain.DefaultCode {
				continue // the fallback company has no SIRET to route to
			}
			o := c.Code + " — " + c.Name
			v.companyOf[o] = c.Code
			opts = append(opts, o)
		}
	}
	v.company.SetOptions(opts)
	v.company.SetSelected(auto)
}

// chosenCompany is the company code chosen for invoices whose seller SIRET matches none.
func (v *transfersView) chosenCompany() string { return v.companyOf[v.company.Selected] }

func (v *transfersView) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p := r.URI().Path()
		r.Close()
		v.x.offerSiblings(p)
	}, v.win)
	v.track(d)
}

func (v *transfersView) pickFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		v.x.addPaths([]string{l.Path()}, false)
	}, v.win)
	v.track(d)
}

func (v *transfersView) track(d dialog.Dialog) {
	v.lastDialog = d
	d.Show()
}

// confirm asks a yes/no question over the Transfers window.
func (v *transfersView) confirm(title, msg, yes string, ok func()) {
	d := dialog.NewConfirm(title, msg, func(b bool) {
		if b {
			ok()
		}
	}, v.win)
	d.SetConfirmText(yes)
	d.SetDismissText(v.t("gui.cancel"))
	v.lastConfirm = d
	v.track(d)
}

func (v *transfersView) setStatus(s string, bad bool) {
	v.status.SetText(s)
	v.status.Importance = widget.MediumImportance
	if bad {
		v.status.Importance = widget.DangerImportance
	}
	v.status.Refresh()
}

// setLabel changes a label's text only when it differs: SetText always lays the text out again
// (wrapped and truncated labels measure it), and the details are repainted at every frame.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func nonZero(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}
