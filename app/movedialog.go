package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// moveDialog is "Transfer to another company" (spec §2.4): a searchable list of destinations
// and Validate.
type moveDialog struct {
	from     domain.Company
	list     *widgets.FilterList
	chosen   *widget.Label
	validate *widget.Button
	dlg      *dialog.CustomDialog
}

func (u *UI) showMove() {
	tab := u.main.tab
	if tab.company.ID == "" || tab.move.Disabled() {
		return
	}
	if tab.dirty() {
		u.showInfo(u.t("gui.unsaved.title"), u.t("gui.move.unsaved"))
		return
	}
	m := &moveDialog{from: tab.company}
	u.main.moveDlg = m
	m.list = widgets.NewFilterList(u.t("gui.companies.filter"))
	var items []widgets.Item
	for _, it := range u.main.companies.list.Items() {
		if it.ID != m.from.ID {
			items = append(items, it)
		}
	}
	m.list.SetItems(items)
	m.chosen = widget.NewLabel(u.t("gui.move.pick"))
	m.validate = widget.NewButton(u.t("gui.move.validate"), func() { u.touch(); u.validateMove() })
	m.validate.Importance = widget.HighImportance
	m.validate.Disable()
	m.list.OnSelected = func(it widgets.Item) {
		u.touch()
		m.chosen.SetText(u.t("gui.move.to", it.Label))
		m.validate.Enable()
	}
	// Enter in the search box picks the first match, and a second Enter validates it: the
	// whole move is reachable without the mouse.
	m.list.Filter.OnSubmitted = func(string) {
		shown := m.list.Shown()
		for _, it := range shown {
			if it.ID == m.list.Selected() {
				u.validateMove()
				return
			}
		}
		if len(shown) > 0 {
			m.list.Select(shown[0].ID)
		}
	}
	intro := widget.NewLabel(u.t("gui.move.intro", m.from.Code, m.from.Code))
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(intro), m.chosen, nil, nil, m.list)
	m.dlg = dialog.NewCustomWithoutButtons(u.t("gui.move.title"), body, u.win)
	m.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { m.dlg.Hide() }), m.validate})
	m.dlg.Resize(fyne.NewSize(520, 460))
	u.track(m.dlg)
	u.win.Canvas().Focus(m.list.Filter)
}

// validateMove moves at once to an empty destination, and after a confirmation to one that
// holds data.
func (u *UI) validateMove() {
	m := u.main.moveDlg
	toID := m.list.Selected()
	if toID == "" {
		return
	}
	to := u.main.companies.byID[toID]
	dest, err := u.svc.Setup(toID)
	if err != nil {
		u.showError(err)
		return
	}
	if dest.HasData() {
		u.confirm(u.t("gui.move.overwrite_title"), u.t("gui.move.overwrite", to.Code), u.t("gui.move.overwrite_button"), func() {
			u.doMove(m, to, true)
		})
		return
	}
	u.doMove(m, to, false)
}

func (u *UI) doMove(m *moveDialog, to domain.Company, overwrite bool) {
	err := u.svc.MoveSetup(m.from.ID, to.ID, overwrite)
	if errors.Is(err, core.ErrDestinationHasData) && !overwrite {
		u.confirm(u.t("gui.move.overwrite_title"), u.t("gui.move.overwrite", to.Code), u.t("gui.move.overwrite_button"), func() {
			u.doMove(m, to, true)
		})
		return
	}
	if err != nil {
		u.showError(err)
		return
	}
	m.dlg.Hide()
	tab := u.main.tab
	if tab.company.ID == m.from.ID {
		tab.load(m.from) // now empty and disabled
	}
	tab.report.SetText(u.t("gui.move.done", m.from.Code, to.Code))
	tab.report.Importance = widget.SuccessImportance
	tab.report.Show()
	tab.report.Refresh()
	tab.relayout()
}
