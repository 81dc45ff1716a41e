package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// companiesPane is the left side: a filter box over the company list (`*****` first, then by
// code) and the add / edit / remove buttons. One list plus one detail form replaces a tab per
// company, so 1,000 companies cost what 10 do.
type companiesPane struct {
	list    *widgets.FilterList
	add     *widget.Button
	edit    *widget.Button
	remove  *widget.Button
	count   *widget.Label
	content fyne.CanvasObject
	byID    map[string]domain.Company
}

func (u *UI) newCompaniesPane() *companiesPane {
	p := &companiesPane{byID: map[string]domain.Company{}}
	p.list = widgets.NewFilterList(u.t("gui.companies.filter"))
	p.list.OnSelected = func(it widgets.Item) { u.touch(); u.selectCompany(it.ID) }
	p.list.Filter.OnSubmitted = func(string) { // Enter picks the first match
		if shown := p.list.Shown(); len(shown) > 0 {
			p.list.Select(shown[0].ID)
		}
	}
	p.list.Filter.OnChanged = chain(p.list.Filter.OnChanged, func(string) { u.touch(); u.showCount() })
	p.add = widget.NewButtonWithIcon(u.t("gui.companies.add"), theme.ContentAddIcon(), func() { u.touch(); u.showCompanyForm(nil) })
	p.edit = widget.NewButtonWithIcon(u.t("gui.companies.edit"), theme.DocumentCreateIcon(), func() {
		u.touch()
		if c, ok := p.byID[p.list.Selected()]; ok {
			u.showCompanyForm(&c)
		}
	})
	p.remove = widget.NewButtonWithIcon(u.t("gui.companies.remove"), theme.DeleteIcon(), func() { u.touch(); u.askRemoveCompany() })
	p.count = widget.NewLabel("")
	buttons := container.NewGridWithColumns(3, p.add, p.edit, p.remove)
	p.content = container.NewBorder(nil, container.NewVBox(p.count, buttons), nil, nil, p.list)
	return p
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

// reload reads the companies again and selects selectID (or keeps the selection, or picks
// the first company).
func (u *UI) reloadCompanies(selectID string) {
	p := u.main.companies
	cs, err := u.svc.Companies()
	if err != nil {
		u.showError(err)
		return
	}
	items := make([]widgets.Item, len(cs))
	p.byID = make(map[string]domain.Company, len(cs))
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

// selectCompany shows a company in the detail pane, asking first when the form holds
// unsaved changes.
func (u *UI) selectCompany(id string) {
	tab := u.main.tab
	if tab.company.ID == id {
		return
	}
	if tab.dirty() {
		prev := tab.company.ID
		u.confirm(u.t("gui.unsaved.title"), u.t("gui.unsaved.discard", tab.company.Code), u.t("gui.unsaved.discard_button"), func() {
			tab.load(u.main.companies.byID[id])
		}).SetOnClosed(func() {
			if tab.company.ID == prev { // declined: put the highlight back
				u.main.companies.list.Select(prev)
			}
		})
		return
	}
	tab.load(u.main.companies.byID[id])
}
