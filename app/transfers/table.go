package transfers

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/outbox"
)

// The table of transfers: which columns, how they share the window's width, what each cell
// says, and the filter above it.

// Columns of the transfers table. The company and its setup's ID tag share a column: both
// are short, and the flux number and the file name get the room to be read whole.
const (
	colNumber = iota
	colFile
	colCompany
	colSetup
	colState
	colFlux
	colAge
	numCols
)

var colKeys = [numCols]string{"number", "file", "company", "setup", "state", "flux", "age"}

// colMin are the widths that fit a 1000-point window, the flux number and the state whole
// ("sent, waiting for Chorus Pro", "made available to the buyer": the word a finance admin
// reads first; the file name, beside the invoice number, may be cut); colGrow shares what a
// wider window adds (the long texts: file name, setup and login, state with its cause).
var (
	colMin  = [numCols]float32{114, 116, 110, 100, 224, 228, 52}
	colGrow = [numCols]float32{0.5, 2, 0.5, 1.5, 3, 0, 0}
)

func (v *View) buildTable() {
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return v.m.Len(), numCols },
		v.newCell, v.updateCell)
	v.table.ShowHeaderColumn = false
	// Headers are plain labels (the table repaints them at every frame: a truncated label
	// would be shaped again each time); their texts fit the columns' minimum widths.
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < numCols {
			setLabel(o.(*widget.Label), v.t("transfersui.col."+colKeys[id.Col]))
		}
	}
	for c, w := range colMin {
		v.table.SetColumnWidth(c, w)
	}
	v.table.OnSelected = func(id widget.TableCellID) {
		if it, ok := v.m.Row(id.Row); ok {
			v.selected, v.selRow = it.ID, id.Row
			v.showDetails()
		}
	}
}

// tableArea is the table in a layout that gives its columns the width of the window.
func (v *View) tableArea() fyne.CanvasObject {
	return container.New(&growColumns{table: v.table, min: colMin[:], grow: colGrow[:]}, v.table)
}

// growColumns lays a table out over the whole area and shares the width beyond the minimum
// among the columns with long texts, so that file names and flux numbers are readable in a
// maximised window and nothing is cut at 1024 points.
type growColumns struct {
	table     *widget.Table
	min, grow []float32
	width     float32 // the width the columns were last set for
}

func (g *growColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != g.width {
		g.width = size.Width
		for c, w := range columnWidths(size.Width, g.min, g.grow) {
			g.table.SetColumnWidth(c, w)
		}
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (g *growColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return g.table.MinSize()
}

// columnWidths shares width among the columns: their minimum, then the rest by grow.
func columnWidths(width float32, minW, grow []float32) []float32 {
	var minSum, growSum float32
	for c := range minW {
		minSum += minW[c]
		growSum += grow[c]
	}
	// The separators between cells and the vertical scroll bar take some room.
	extra := width - minSum - float32(len(minW)+1)*theme.Padding() - theme.ScrollBarSize()
	out := append([]float32(nil), minW...)
	if extra > 0 && growSum > 0 {
		for c := range out {
			out[c] += extra * grow[c] / growSum
		}
	}
	return out
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
	case colNumber:
		return orDash(it.Number)
	case colFile:
		return baseName(it.File)
	case colCompany:
		if it.Tag == "" {
			return it.CompanyCode
		}
		return it.CompanyCode + " · " + it.Tag
	case colSetup:
		return setupText(v.h.Lang, it)
	case colState:
		return stateText(v.h.Lang, it, outbox.Explain(it))
	case colFlux:
		return it.Flux
	case colAge:
		return ageText(v.h.Lang, it.Age(v.b.Now()))
	}
	return ""
}

// buildFilter makes the filter's widgets: company, state, search, hide finished.
func (v *View) buildFilter() {
	v.fCompany = widget.NewSelect(nil, func(string) { v.applyFilter() })
	v.fStateOf = map[string]bridge.Group{}
	var opts []string
	for _, g := range bridge.Groups {
		key := "transfersui.filter.group.all"
		if g != bridge.GroupAll {
			key = "transfersui.filter.group." + string(g)
		}
		o := v.t(key)
		v.fStateOf[o] = g
		opts = append(opts, o)
	}
	v.fState = widget.NewSelect(opts, func(string) { v.applyFilter() })
	v.fState.SetSelected(opts[0])
	v.search = v.newEntry()
	v.search.SetPlaceHolder(v.t("transfersui.filter.search"))
	v.search.OnChanged = func(string) { v.applyFilter() }
	v.search.OnSubmitted = func(string) { // Enter shows the first match
		if it, ok := v.m.Row(0); ok {
			v.selectItem(it.ID)
		}
	}
	v.hideDone = widget.NewCheck(v.t("transfersui.filter.hide_done", int(v.h.HideDone.Hours()/24)), func(bool) { v.applyFilter() })
	v.hideDone.SetChecked(true)
	v.shownCount = widget.NewLabel("")
}

// filterBar is the filter's row above the table.
func (v *View) filterBar() fyne.CanvasObject {
	// A select is as wide as its shortest choice: give both room for their longest.
	wide := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(165, o.MinSize().Height), o)
	}
	left := container.NewHBox(widget.NewLabel(v.t("transfersui.filter.company")), wide(v.fCompany),
		widget.NewLabel(v.t("transfersui.filter.state")), wide(v.fState))
	return container.NewBorder(nil, nil, left, v.hideDone, v.search)
}

// applyFilter hands the widgets' choice to the model and repaints.
func (v *View) applyFilter() {
	if v.fCompany == nil || v.table == nil {
		return // still being built
	}
	f := bridge.Filter{Company: v.fCompanyOf[v.fCompany.Selected], Group: v.fStateOf[v.fState.Selected],
		Search: v.search.Text}
	if v.hideDone.Checked {
		f.HideDone = v.h.HideDone
	}
	if f == v.m.Filter() {
		return
	}
	v.m.SetFilter(f)
	v.table.Refresh()
	v.showCounts()
	v.syncSelection()
	if r := v.selRow; r >= 0 && v.selected != "" {
		v.table.ScrollTo(widget.TableCellID{Row: r, Col: colNumber})
	}
}

// syncSelection keeps the table's highlight on the selected item when its row moves (a filter
// changed, an item before it was removed); the details stay on it when the filter hides it.
func (v *View) syncSelection() {
	if v.selected == "" {
		return
	}
	r := v.m.RowOf(v.selected)
	if r == v.selRow {
		return
	}
	v.selRow = r
	if r < 0 {
		v.table.UnselectAll()
		return
	}
	v.table.Select(widget.TableCellID{Row: r, Col: colNumber})
}

// showCounts says how many transfers the table shows, and how many finished ones it hides.
func (v *View) showCounts() {
	c := v.m.Counts()
	text := v.t("transfersui.filter.shown", c.Shown, c.All)
	if c.Hidden > 0 {
		text = v.t("transfersui.filter.shown_hidden", c.Shown, c.All, c.Hidden)
	}
	setLabel(v.shownCount, text)
}

// selectItem selects an item's row (the link between copies of a re-sent invoice): a filter
// that hides it is cleared first.
func (v *View) selectItem(id string) {
	if _, ok := v.m.Item(id); !ok {
		return
	}
	if v.m.RowOf(id) < 0 {
		v.fCompany.SetSelectedIndex(0)
		v.fState.SetSelectedIndex(0)
		v.search.SetText("")
		if v.m.RowOf(id) < 0 {
			v.hideDone.SetChecked(false)
		}
	}
	r := v.m.RowOf(id)
	if r < 0 {
		return
	}
	cell := widget.TableCellID{Row: r, Col: colNumber}
	v.table.ScrollTo(cell)
	v.table.Select(cell)
}
