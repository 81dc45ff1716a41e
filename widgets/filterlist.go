package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Item is one row of a FilterList. Search is matched (case-insensitively) by the filter; it
// defaults to Label.
type Item struct {
	ID     string
	Label  string
	Search string
}

// FilterList is a filter box over a virtualised list: only the visible rows are built, so it
// costs the same with 10 or 10,000 items (the target "UI cost flat").
type FilterList struct {
	widget.BaseWidget
	Filter *FilterEntry
	List   *widget.List

	// OnSelected is called when the user (or Select) picks an item.
	OnSelected func(Item)

	items    []Item
	lower    []string // lower-cased search text, computed once per SetItems
	visible  []int    // indexes into items that match the filter
	selected string
	// lastMarked is the item whose row was last drawn as selected (Select clears selected
	// before marking the new row).
	lastMarked string
}

// NewFilterList makes an empty list; placeholder is the filter box's hint.
func NewFilterList(placeholder string) *FilterList {
	f := &FilterList{}
	f.Filter = newFilterEntry(f)
	f.Filter.SetPlaceHolder(placeholder)
	f.Filter.OnChanged = func(string) { f.apply() }
	f.List = widget.NewList(
		func() int { return len(f.visible) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(f.visible) {
				o.(*widget.Label).SetText(f.items[f.visible[id]].Label)
			}
		})
	f.List.OnSelected = func(id widget.ListItemID) {
		if id < 0 || id >= len(f.visible) {
			return
		}
		it := f.items[f.visible[id]]
		if it.ID == f.selected {
			return
		}
		prev := f.rowOf(f.lastMarked)
		f.selected, f.lastMarked = it.ID, it.ID
		// Rows that draw the selection themselves (SetRows) repaint: the old and the new one.
		if prev >= 0 && prev != id {
			f.List.RefreshItem(prev)
		}
		f.List.RefreshItem(id)
		if f.OnSelected != nil {
			f.OnSelected(it)
		}
	}
	f.ExtendBaseWidget(f)
	return f
}

// SetRows replaces the plain label rows: create builds one row template, update fills it
// for it (selected tells whether it is the selected item). Only the visible rows exist, so the
// list keeps its flat cost.
func (f *FilterList) SetRows(create func() fyne.CanvasObject, update func(it Item, selected bool, row fyne.CanvasObject)) {
	f.List.CreateItem = create
	f.List.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(f.visible) {
			it := f.items[f.visible[id]]
			update(it, it.ID == f.selected, o)
		}
	}
	f.List.Refresh()
}

// RefreshRows repaints the visible rows (their state changed, not the items).
func (f *FilterList) RefreshRows() { f.List.Refresh() }

// SetItems replaces the items, keeping the filter and (if still present) the selection.
func (f *FilterList) SetItems(items []Item) {
	f.items = items
	f.lower = make([]string, len(items))
	for i, it := range items {
		s := it.Search
		if s == "" {
			s = it.Label
		}
		f.lower[i] = strings.ToLower(s)
	}
	f.apply()
}

// Items returns every item, filtered or not.
func (f *FilterList) Items() []Item { return f.items }

// Shown returns the items that match the filter, in order.
func (f *FilterList) Shown() []Item {
	out := make([]Item, len(f.visible))
	for i, ix := range f.visible {
		out[i] = f.items[ix]
	}
	return out
}

// SetFilter types text into the filter box.
func (f *FilterList) SetFilter(text string) { f.Filter.SetText(text) }

func (f *FilterList) apply() {
	q := strings.ToLower(strings.TrimSpace(f.Filter.Text))
	f.visible = f.visible[:0]
	for i := range f.items {
		if q == "" || strings.Contains(f.lower[i], q) {
			f.visible = append(f.visible, i)
		}
	}
	f.List.UnselectAll()
	f.List.Refresh()
	if row := f.rowOf(f.selected); row >= 0 {
		f.markRow(row)
	}
}

// markRow highlights row without calling OnSelected again.
func (f *FilterList) markRow(row int) {
	f.List.Select(row)
	f.List.ScrollTo(row)
}

func (f *FilterList) rowOf(id string) int {
	if id == "" {
		return -1
	}
	for row, ix := range f.visible {
		if f.items[ix].ID == id {
			return row
		}
	}
	return -1
}

// Selected returns the ID of the selected item ("" if none).
func (f *FilterList) Selected() string { return f.selected }

// Select picks the item with this ID (calling OnSelected) if it is visible; it reports
// whether it was.
func (f *FilterList) Select(id string) bool {
	row := f.rowOf(id)
	if row < 0 {
		return false
	}
	f.selected = ""
	f.List.UnselectAll() // else List.Select of the same row would not call back
	f.markRow(row)
	return true
}

// ClearSelection forgets the selection without calling OnSelected.
func (f *FilterList) ClearSelection() {
	f.selected = ""
	f.List.UnselectAll()
	if r := f.rowOf(f.lastMarked); r >= 0 {
		f.lastMarked = ""
		f.List.RefreshItem(r)
	}
	f.lastMarked = ""
}

// Step selects the visible item delta rows away from the selection, wrapping around; it is
// the Ctrl+Tab / Ctrl+Shift+Tab of the company list.
func (f *FilterList) Step(delta int) {
	n := len(f.visible)
	if n == 0 {
		return
	}
	row := f.rowOf(f.selected)
	if row < 0 {
		if delta > 0 {
			row = -1
		} else {
			row = 0
		}
	}
	row = ((row+delta)%n + n) % n
	f.Select(f.items[f.visible[row]].ID)
}

func (f *FilterList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(f.Filter, nil, nil, nil, f.List))
}

// FilterEntry is the filter box: Up and Down move the selection through the matches without
// leaving the box, so "type, arrow, arrow" picks a company.
type FilterEntry struct {
	widget.Entry
	list *FilterList
}

func newFilterEntry(l *FilterList) *FilterEntry {
	e := &FilterEntry{list: l}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey steps the list on Up/Down and edits the text otherwise.
func (e *FilterEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.list.Step(1)
	case fyne.KeyUp:
		e.list.Step(-1)
	default:
		e.Entry.TypedKey(k)
	}
}
