package app

// showCompanySetup brings the setup window forward on a company's tab: a Transfers row stopped
// by its setup (its Test fails, none applies, Chorus Pro refused the flux for the setup) offers
// it in one click, and the company header's Test is there.
func (u *UI) showCompanySetup(code string) {
	if u.main == nil {
		return // locked meanwhile
	}
	c, err := u.svc.Company(code)
	if err != nil {
		u.showError(err)
		return
	}
	if !u.main.companies.list.Select(c.ID) {
		u.selectCompany(c.ID) // hidden by the list's filter: show it anyway
	}
	u.win.Show()
	u.win.RequestFocus()
}
