package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// companiesPane is the strip of company tabs on the left: a filter box over a vertical tab
// strip (`*****` first, then by code) and the add / edit / remove buttons. Only the visible
// tabs are built and their state is read when they are drawn, so 1,000 companies cost what
// 10 do; the selected company's setup is the pane on the right.
type companiesPane struct {
	list    *widgets.FilterList
	add     *ttwidget.Button
	edit    *ttwidget.Button
	remove  *ttwidget.Button
	count   *widget.Label
	content fyne.CanvasObject
	byID    map[string]domain.Company
	states  map[string]widgets.TabState // cache of the visible tabs' states
}

func (u *UI) newCompaniesPane() *companiesPane {
	p := &companiesPane{byID: map[string]domain.Company{}, states: map[string]widgets.TabState{}}
	p.list = widgets.NewTabStrip(u.t("setupui.companies.filter"), u.tabState)
	p.list.OnSelected = func(it widgets.Item) { u.touch(); u.selectCompany(it.ID) }
	p.list.Filter.OnSubmitted = func(string) { // Enter picks the first match
		if shown := p.list.Shown(); len(shown) > 0 {
			p.list.Select(shown[0].ID)
		}
	}
	p.list.Filter.OnChanged = chain(p.list.Filter.OnChanged, func(string) { u.touch(); u.showCount() })
	p.add = ttwidget.NewButtonWithIcon(u.t("setupui.companies.add"), theme.ContentAddIcon(), func() { u.touch(); u.showCompanyForm(nil) })
	p.add.SetToolTip(u.t("setupui.companies.add_tip"))
	p.edit = ttwidget.NewButtonWithIcon(u.t("gui.companies.edit"), theme.DocumentCreateIcon(), func() {
		u.touch()
		if c, ok := p.byID[p.list.Selected()]; ok {
			u.showCompanyForm(&c)
		}
	})
	p.edit.SetToolTip(u.t("setupui.companies.edit_tip"))
	p.remove = ttwidget.NewButtonWithIcon(u.t("gui.companies.remove"), theme.DeleteIcon(), func() { u.touch(); u.askRemoveCompany() })
	p.remove.SetToolTip(u.t("setupui.companies.remove_tip"))
	p.count = widget.NewLabel("")
	p.count.Truncation = fyne.TextTruncateEllipsis
	buttons := widgets.NewCollapsingBar(p.add, p.edit, p.remove).AlignLeading()
	p.content = container.NewBorder(nil, container.NewVBox(p.count, buttons), nil, nil, p.list)
	return p
}

// invalidate forgets the cached state of one tab and repaints the strip.
func (p *companiesPane) invalidate(id string) {
	delete(p.states, id)
	p.list.RefreshRows()
}

// invalidateAll forgets every tab's state (the `*****` setup or the environment changed,
// which every fallback company depends on).
func (p *companiesPane) invalidateAll() {
	clear(p.states)
	p.list.RefreshRows()
}

// chain calls a then b.
func chain(a, b func(string)) func(string) {
	return func(s string) {
		if a != nil {
			a(s)
		}
		b(s)
	}
}

// reloadCompanies reads the companies again and selects selectID (or keeps the selection,
// or picks the first company).
func (u *UI) reloadCompanies(selectID string) {
	p := u.main.companies
	cs, err := u.svc.Companies()
	if err != nil {
		u.showError(err)
		return
	}
	items := make([]widgets.Item, len(cs))
	p.byID = make(map[string]domain.Company, len(cs))
	clear(p.states)
	for i, c := range cs {
		p.byID[c.ID] = c
		items[i] = widgets.Item{ID: c.ID, Label: u.companyLabel(c), Search: c.Code + " " + u.companyName(c) + " " + c.SIRET}
	}
	if selectID == "" {
		selectID = p.list.Selected()
	}
	p.list.SetItems(items)
	u.showCount()
	if _, ok := p.byID[selectID]; !ok && len(cs) > 0 {
		selectID = cs[0].ID
	}
	if selectID != "" {
		if !p.list.Select(selectID) {
			// hidden by the filter: show it anyway, the list keeps the filter
			p.list.ClearSelection()
			u.selectCompany(selectID)
		}
	}
}

func (u *UI) companyLabel(c domain.Company) string {
	if name := u.companyName(c); name != "" {
		return c.Code + " — " + name
	}
	return c.Code
}

// companyName is the name shown for c: the `*****` company's fixed name is a label of the
// product, so it speaks the user's language; other names are the user's own data.
func (u *UI) companyName(c domain.Company) string {
	if c.IsDefault() {
		return u.t("gui.default.name")
	}
	return c.Name
}

func (u *UI) showCount() {
	p := u.main.companies
	p.count.SetText(u.t("gui.companies.count", len(p.list.Shown()), len(p.list.Items())))
}

// selectCompany shows a company's tab. With unsaved changes in the current one it asks first:
// Save (the default), Discard or Cancel; Cancel keeps the current tab selected.
func (u *UI) selectCompany(id string) {
	tab := u.main.tab
	if tab.company.ID == id {
		return
	}
	if tab.dirty() {
		prev := tab.company.ID
		u.askUnsaved(u.t("setupui.unsaved.switch", tab.company.Code), func() {
			if c, ok := u.main.companies.byID[id]; ok {
				tab.load(c)
			}
			u.main.companies.list.Select(id)
		}, func() {
			u.main.companies.list.Select(prev) // put the highlight back
		})
		return
	}
	tab.load(u.main.companies.byID[id])
}

// stepCompany moves to the next (delta 1) or previous (-1) tab, as Ctrl+Tab and Ctrl+PageDown do.
func (u *UI) stepCompany(delta int) { u.main.companies.list.Step(delta) }
