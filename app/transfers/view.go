// Package transfers is the Transfers window: intake (files, drop, inbox), the table of items
// with the batch's progress, and the selected item's details and actions.
//
// It is the rendering half of a one-way pair, as in rymdport's split between its screens and
// its bridge: package bridge owns the model, the engine subscription, the inbox watch and the
// one hop to Fyne's goroutine; this package renders the model and calls the bridge's actions,
// and hears of changes through the one bridge.Listener it installs. The bridge cannot import
// this package, so nothing flows back but those callbacks.
package transfers

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// Host is what the view needs of the window around it.
type Host struct {
	App       fyne.App
	Lang      i18n.Lang                        // the view is rebuilt when it changes
	ErrText   func(error) string               // an error in the user's language
	Companies func() ([]domain.Company, error) // the company choice for unroutable invoices
	InboxDir  func() string                    // the inbox folder remembered ("" = none)
	SetInbox  func(dir string) error           // remember another inbox folder
}

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

// View is the Transfers window. Its widgets are fields so that tests can tap them.
type View struct {
	h   Host
	b   *bridge.Bridge
	m   *bridge.Model
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
	lastDialog  dialog.Dialog
	shown       bool // the user has the window open
	closed      bool
}

// New builds the Transfers window of b (hidden: call Show) and makes it b's listener.
func New(b *bridge.Bridge, h Host) *View {
	v := &View{h: h, b: b, m: b.Model(), win: h.App.NewWindow(i18n.T(h.Lang, "gui.transfers.title"))}
	v.build()
	v.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { v.Drop(uris) })
	// Closing the window only hides it: the engine goes on, and reopening is instant.
	v.win.SetCloseIntercept(v.Hide)
	v.win.Resize(fyne.NewSize(1200, 720))
	v.b.Listen(bridge.Listener{Changed: v.refresh, Inbox: v.inboxNews})
	v.refresh()
	return v
}

// Show opens (or brings forward) the window.
func (v *View) Show() {
	if v.closed {
		return
	}
	v.shown = true
	v.win.Show()
	v.win.RequestFocus()
}

// Hide closes the window for the user; the view is kept for the next opening.
func (v *View) Hide() {
	v.shown = false
	v.win.Hide()
}

// Shown reports whether the user has the window open.
func (v *View) Shown() bool { return v.shown }

// Close destroys the window (the vault locks, or the language changed and a new view takes
// over).
func (v *View) Close() {
	if v.closed {
		return
	}
	v.closed, v.shown = true, false
	v.win.Close()
}

// Drop takes files dropped on a window (this one or the main window): the window opens and
// they are added.
func (v *View) Drop(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) == 0 || !v.b.Ready() {
		return
	}
	v.Show()
	v.addPaths(paths, false)
}

func (v *View) t(key string, args ...any) string { return i18n.T(v.h.Lang, key, args...) }

func (v *View) build() {
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
		func() (int, int) { return v.m.Len(), numCols },
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
		if it, ok := v.m.Row(id.Row); ok {
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
		v.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { do() })
	}
	sc(fyne.KeyO, v.pickFile)
	sc(fyne.KeyR, func() { v.retry.OnTapped() })
	sc(fyne.KeyW, v.Hide)
}

func (v *View) newCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	icon := widget.NewIcon(nil)
	icon.Hide()
	return container.NewBorder(nil, nil, icon, nil, l)
}

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	l, icon := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Icon)
	it, ok := v.m.Row(id.Row)
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

func (v *View) cellText(it outbox.Item, col int) string {
	switch col {
	case colFile:
		return baseName(it.File)
	case colCompany:
		return it.CompanyCode
	case colNumber:
		return it.Number
	case colState:
		return v.t(bridge.StateKey(it))
	case colFlux:
		return it.Flux
	case colStatus:
		if it.InvoiceStatus != "" {
			return it.InvoiceStatus
		}
		return it.FluxState
	case colAge:
		return ageText(v.h.Lang, it.Age(v.b.Now()))
	case colMessage:
		return firstLine(it.Message.In(v.h.Lang))
	}
	return ""
}

// refresh repaints what depends on the model: the table, the batch's progress, the details.
// It is the bridge's Listener.Changed.
func (v *View) refresh() {
	if err := v.b.Err(); err != nil && v.status.Text == "" {
		v.setStatus(v.h.ErrText(err), true)
	}
	v.table.Refresh()
	done, total := v.m.BatchProgress()
	if total == 0 {
		v.progress.Max, v.progress.Value = 1, 0
	} else {
		v.progress.Max, v.progress.Value = float64(total), float64(done)
	}
	v.progress.Refresh()
	dep, held, failed := v.m.BatchCounts()
	switch {
	case total == 0:
		setLabel(v.batch, v.t("gui.transfers.batch.none", v.m.Len()))
	case done < total:
		setLabel(v.batch, v.t("gui.transfers.batch.running", done, total))
	default:
		setLabel(v.batch, v.t("gui.transfers.batch.done", dep, held, failed))
	}
	if v.selected != "" {
		v.showDetails()
	}
}

// loadCompanies fills the company choice: by seller SIRET (default), or one company.
func (v *View) loadCompanies() {
	auto := v.t("gui.transfers.company.auto")
	v.companyOf = map[string]string{auto: ""}
	opts := []string{auto}
	if v.h.Companies != nil {
		if cs, err := v.h.Companies(); err == nil {
			for _, c := range cs {
				if c.IsDefault() {
					continue // the fallback company has no SIRET to route to
				}
				o := c.Code + " — " + c.Name
				v.companyOf[o] = c.Code
				opts = append(opts, o)
			}
		}
	}
	v.company.SetOptions(opts)
	v.company.SetSelected(auto)
}

// chosenCompany is the company code chosen for invoices whose seller SIRET matches none.
func (v *View) chosenCompany() string { return v.companyOf[v.company.Selected] }

func (v *View) track(d dialog.Dialog) {
	v.lastDialog = d
	d.Show()
}

// confirm asks a yes/no question over the Transfers window.
func (v *View) confirm(title, msg, yes string, ok func()) {
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

func (v *View) setStatus(s string, bad bool) {
	v.status.SetText(s)
	v.status.Importance = widget.MediumImportance
	if bad {
		v.status.Importance = widget.DangerImportance
	}
	v.status.Refresh()
}

// actionDone shows an action's outcome: its error, or nothing.
func (v *View) actionDone(err error) {
	if err != nil {
		v.setStatus(v.h.ErrText(err), true)
	} else {
		v.setStatus("", false)
	}
}
