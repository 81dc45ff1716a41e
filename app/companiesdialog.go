package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
)

// companyForm adds a company or edits the name and SIRET of one (the code is its identity
// and the `*****` name is fixed).
type companyForm struct {
	editing *domain.Company
	code    *widget.Entry
	name    *widget.Entry
	siret   *widget.Entry
	errs    map[string]*widget.Label // by core.Problem field: code, name, siret
	other   *widget.Label
	submit  *widget.Button
	dlg     *dialog.CustomDialog
}

func (u *UI) showCompanyForm(editing *domain.Company) {
	f := &companyForm{editing: editing, code: widget.NewEntry(), name: widget.NewEntry(), siret: widget.NewEntry(),
		errs: map[string]*widget.Label{"code": errorLabel(), "name": errorLabel(), "siret": errorLabel()}, other: errorLabel()}
	u.main.compForm = f
	title := u.t("gui.company.add_title")
	if editing != nil {
		title = u.t("gui.company.edit_title", editing.Code)
		f.code.SetText(editing.Code)
		f.code.Disable()
		f.name.SetText(editing.Name)
		f.siret.SetText(editing.SIRET)
		if editing.IsDefault() {
			f.name.Disable()
		}
	}
	for _, e := range []*widget.Entry{f.code, f.name, f.siret} {
		e.OnSubmitted = func(string) { u.touch(); u.submitCompanyForm() }
	}
	f.code.SetPlaceHolder("ACME-FR")
	f.siret.SetPlaceHolder(u.t("gui.company.siret_hint"))
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("gui.company.code")), container.NewVBox(f.code, f.errs["code"]),
		widget.NewLabel(u.t("gui.company.name")), container.NewVBox(f.name, f.errs["name"]),
		widget.NewLabel(u.t("gui.company.siret")), container.NewVBox(f.siret, f.errs["siret"]))
	f.submit = widget.NewButton(u.t("gui.save"), func() { u.touch(); u.submitCompanyForm() })
	f.submit.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, f.other), u.win)
	f.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { f.dlg.Hide() }), f.submit})
	f.dlg.Resize(fyne.NewSize(480, 300))
	u.track(f.dlg)
	if editing == nil {
		u.win.Canvas().Focus(f.code)
	} else {
		u.win.Canvas().Focus(f.name)
	}
}

func (u *UI) submitCompanyForm() {
	f := u.main.compForm
	for _, l := range f.errs {
		setError(l, "")
	}
	setError(f.other, "")
	var id string
	var err error
	if f.editing == nil {
		var c domain.Company
		c, err = u.svc.AddCompany(f.code.Text, f.name.Text, f.siret.Text)
		id = c.ID
	} else {
		id = f.editing.ID
		err = u.svc.UpdateCompany(id, f.name.Text, f.siret.Text)
	}
	var ve *core.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			l, ok := f.errs[p.Field]
			if !ok {
				l = f.other
			}
			msg := u.problemText(p)
			if l.Text != "" {
				msg = l.Text + "\n" + msg
			}
			setError(l, msg)
		}
		return
	}
	if err != nil {
		setError(f.other, u.errText(err))
		return
	}
	f.dlg.Hide()
	if f.editing != nil && u.main.tab.company.ID == id {
		// reload the title without touching the form's unsaved edits
		if c, err := u.svc.CompanyByID(id); err == nil {
			u.main.tab.company = c
			u.main.tab.title.SetText(u.companyTitle(c))
			u.main.tab.title.SetToolTip(u.companyTitle(c))
		}
	}
	u.reloadCompanies(id)
}

// askRemoveCompany removes the selected company after a confirmation naming it.
func (u *UI) askRemoveCompany() {
	p := u.main.companies
	c, ok := p.byID[p.list.Selected()]
	if !ok {
		return
	}
	if c.IsDefault() {
		u.showInfo(u.t("gui.companies.remove"), u.t("gui.company.default_fixed"))
		return
	}
	u.confirm(u.t("gui.company.remove_title"), u.t("gui.company.remove_confirm", c.Code, c.Name), u.t("gui.companies.remove"), func() {
		if err := u.svc.RemoveCompany(c.ID); err != nil {
			u.showError(err)
			return
		}
		tab := u.main.tab
		if tab.company.ID == c.ID {
			tab.clear()
		}
		p.list.ClearSelection()
		u.reloadCompanies("")
	})
}
