// Package transfers is the Transfers window: intake (files, drop, inbox), the table of items
// with the batch's two stages, and the selected item's details and actions.
//
// It is the rendering half of a one-way pair, as in rymdport's split between its screens and
// its bridge: package bridge owns the model, the engine subscription, the inbox watch and the
// one hop to Fyne's goroutine; this package renders the model and calls the bridge's actions,
// and hears of changes through the one bridge.Listener it installs. The bridge cannot import
// this package, so nothing flows back but those callbacks.
package transfers

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// Host is what the view needs of the window around it.
type Host struct {
	App       fyne.App
	Lang      i18n.Lang                        // the view is rebuilt when it changes
	ErrText   func(error) string               // an error in the user's language
	Companies func() ([]domain.Company, error) // the company choice for unroutable invoices, the filter
	InboxDir  func() string                    // the inbox folder remembered ("" = none)
	SetInbox  func(dir string) error           // remember another inbox folder
	// OpenSetup shows the company's tab on the setup window, where its Test runs and its setup
	// is fixed (nil: the button is not offered).
	OpenSetup func(companyCode string)
	// HideDone is how long finished transfers stay in the default view (0 = 90 days).
	HideDone time.Duration
	// Quit quits the app the main window's way (Ctrl+Q works in every window); nil: no Ctrl+Q.
	Quit func()
}

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

	inboxPath   *windowEntry // the folder watched: chosen with the button, or typed (a network path)
	inboxPick   *widget.Button
	inboxToggle *widget.Button
	inboxState  *widget.Label

	status   *widget.Label // outcome of the last add or action
	sentBar  *widget.ProgressBar
	heardBar *widget.ProgressBar
	batch    *widget.Label

	// The table's filter.
	fCompany   *widget.Select
	fCompanyOf map[string]string // option text → company code ("" = every company)
	fState     *widget.Select
	fStateOf   map[string]bridge.Group
	search     *windowEntry
	hideDone   *widget.Check
	shownCount *widget.Label

	table    *widget.Table
	selected string // item ID shown in the details
	selRow   int    // its row in the table (-1: hidden by the filter)

	title      *widget.Label
	message    *widget.Label
	todo       *widget.Label
	raw        *widget.Label
	link       *widget.Hyperlink // to the other copy of a re-sent invoice
	linkTo     string            // the item the link goes to
	setup      *widget.Label
	fluxLabel  *widget.Label
	copyFlux   *widget.Button
	fields     *widget.Label
	history    *widget.Label
	retry      *widget.Button
	resend     *widget.Button
	mark       *widget.Button
	fixSetup   *widget.Button
	remove     *widget.Button
	details    fyne.CanvasObject
	detailsBox *fyne.Container // laid out again when a wrapped label's text changes
	fluxRow    *fyne.Container

	fileDialog  *dialog.FileDialog // the last file dialog (tests read its filter)
	markEntry   *widget.Entry      // flux number of the last "found in Chorus Pro" form
	pickList    *widgets.CheckList // files of the last "several invoices" choice
	lastConfirm *widgets.Question  // the tests answer it
	lastDialog  dialog.Dialog
	keys        map[string]func() // the window's shortcuts, also run from its text fields
	entries     []*windowEntry
	shown       bool // the user has the window open
	closed      bool
}

// New builds the Transfers window of b (hidden: call Show) and makes it b's listener.
func New(b *bridge.Bridge, h Host) *View {
	if h.HideDone <= 0 {
		h.HideDone = bridge.DefaultHideDone
	}
	v := &View{h: h, b: b, m: b.Model(), selRow: -1, win: h.App.NewWindow(i18n.T(h.Lang, "gui.transfers.title"))}
	v.build()
	v.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { v.Drop(uris) })
	// Closing the window only hides it: the engine goes on, and reopening is instant.
	v.win.SetCloseIntercept(v.Hide)
	// Fits a 1024×700 screen; the table's columns grow with the window.
	v.win.Resize(fyne.NewSize(1000, 680))
	v.b.Listen(bridge.Listener{Changed: v.refresh, Inbox: v.inboxNews})
	v.applyFilter()
	v.refresh()
	return v
}

// Window is the Transfers window (the host places dialogs over it).
func (v *View) Window() fyne.Window { return v.win }

// Show opens (or brings forward) the window.
func (v *View) Show() {
	if v.closed {
		return
	}
	v.shown = true
	v.win.Show()
	v.win.RequestFocus()
}

// ShowItem opens the window on an item (the "In Chorus Pro" listing's Show in Transfers); a
// filter that hides it is cleared.
func (v *View) ShowItem(id string) {
	v.Show()
	v.selectItem(id)
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
	v.inboxPath = v.newEntry()
	v.inboxPath.SetPlaceHolder(v.t("transfersui.inbox.placeholder"))
	v.inboxPath.OnSubmitted = v.typedInbox
	v.inboxPick = widget.NewButtonWithIcon(v.t("gui.transfers.inbox.pick"), theme.FolderIcon(), v.pickInbox)
	v.inboxToggle = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), v.toggleInbox)
	v.inboxState = widget.NewLabel("")
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.Hide()
	v.buildBatch()
	v.buildFilter()
	v.loadCompanies()
	v.showInbox()
	v.buildTable()
	v.buildDetails()

	intake := container.NewBorder(nil, nil, container.NewHBox(v.add, v.addDir,
		widget.NewLabel(v.t("gui.transfers.company"))), nil, v.company)
	inbox := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(v.t("gui.transfers.inbox")), v.inboxPick, v.inboxToggle),
		v.inboxState, v.inboxPath)
	top := container.NewVBox(intake, inbox, v.batchBox(), v.status)
	tablePane := container.NewBorder(v.filterBar(), nil, nil, nil, v.tableArea())
	split := container.NewVSplit(tablePane, container.NewVScroll(v.details))
	split.Offset = 0.5
	v.win.SetContent(container.NewBorder(top, nil, nil, nil, split))

	v.keys = map[string]func(){}
	sc := func(key fyne.KeyName, mod fyne.KeyModifier, do func()) {
		s := &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		v.keys[s.ShortcutName()] = do
		v.win.Canvas().AddShortcut(s, func(fyne.Shortcut) { do() })
	}
	ctrl := fyne.KeyModifierShortcutDefault
	sc(fyne.KeyO, ctrl, v.pickFile)
	sc(fyne.KeyR, ctrl, func() { v.retry.OnTapped() })
	sc(fyne.KeyW, ctrl, v.Hide)
	shift := ctrl | fyne.KeyModifierShift
	sc(fyne.KeyF, ctrl, func() { v.win.Canvas().Focus(v.search) })
	sc(fyne.KeyI, ctrl, func() { v.win.Canvas().Focus(v.inboxPath) })
	sc(fyne.KeyR, shift, func() { v.resend.OnTapped() })
	sc(fyne.KeyT, shift, func() {
		if v.fixSetup.Visible() {
			v.fixSetup.OnTapped()
		}
	})
	sc(fyne.KeyC, shift, v.copySelectedFlux)
	if v.h.Quit != nil {
		sc(fyne.KeyQ, ctrl, v.h.Quit)
	}
	for _, e := range v.entries {
		e.keys = v.keys
	}
}

// refresh repaints what depends on the model: the table, the batch's stages, the details.
// It is the bridge's Listener.Changed.
func (v *View) refresh() {
	if err := v.b.Err(); err != nil && v.status.Text == "" {
		v.setStatus(v.h.ErrText(err), true)
	}
	v.table.Refresh()
	v.syncSelection()
	v.showBatch()
	v.showCounts()
	if v.selected != "" {
		v.showDetails()
	}
}

// loadCompanies fills the company choices: the one for invoices whose seller SIRET matches
// none (by seller SIRET by default, or one company), and the table's filter.
func (v *View) loadCompanies() {
	auto := v.t("gui.transfers.company.auto")
	every := v.t("transfersui.filter.every_company")
	v.companyOf = map[string]string{auto: ""}
	v.fCompanyOf = map[string]string{every: ""}
	opts, fopts := []string{auto}, []string{every}
	if v.h.Companies != nil {
		if cs, err := v.h.Companies(); err == nil {
			for _, c := range cs {
				if c.IsDefault() {
					continue // the fallback company has no SIRET to route to, and no invoice of its own
				}
				o := c.Code + " — " + c.Name
				v.companyOf[o], v.fCompanyOf[o] = c.Code, c.Code
				opts, fopts = append(opts, o), append(fopts, o)
			}
		}
	}
	v.company.SetOptions(opts)
	v.company.SetSelected(auto)
	v.fCompany.SetOptions(fopts)
	v.fCompany.SetSelected(every)
}

// chosenCompany is the company code chosen for invoices whose seller SIRET matches none.
func (v *View) chosenCompany() string { return v.companyOf[v.company.Selected] }

func (v *View) track(d dialog.Dialog) {
	v.lastDialog = d
	d.Show()
}

func (v *View) setStatus(s string, bad bool) {
	// An empty status line takes no room: the table gets it.
	if s == "" {
		v.status.Hide()
	} else {
		v.status.Show()
	}
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

// windowEntry is a text field of the Transfers window that leaves the window's shortcuts to
// the window: Fyne hands a shortcut to the focused field first, and a plain Entry drops the
// ones it does not know, so Ctrl+F would do nothing while the inbox field has the focus.
type windowEntry struct {
	widget.Entry
	keys map[string]func()
}

func (v *View) newEntry() *windowEntry {
	e := &windowEntry{}
	e.ExtendBaseWidget(e)
	v.entries = append(v.entries, e) // build gives them the shortcuts once all are known
	return e
}

func (e *windowEntry) TypedShortcut(s fyne.Shortcut) {
	if do, ok := e.keys[s.ShortcutName()]; ok {
		do()
		return
	}
	e.Entry.TypedShortcut(s)
}
