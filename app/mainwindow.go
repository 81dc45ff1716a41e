package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// mainScreen is the unlocked window: the header, the company list and the selected company.
type mainScreen struct {
	env       domain.Env
	envBadge  *widgets.EnvBadge
	envStrip  *canvas.Rectangle // a band of the environment's colour under the header
	switchEnv *widget.Button
	settings  *widget.Button
	audit     *widget.Button
	lock      *widget.Button

	companies   *companiesPane
	tab         *companyTab
	moveDlg     *moveDialog // the last move dialog shown (tests drive it)
	compForm    *companyForm
	settingsDlg *settingsDialog
	auditView   *auditView
	passwordDlg *passwordDialog
	bundleDlg   *bundleDialog
}

func (u *UI) showMain() {
	env, err := u.svc.ActiveEnv()
	if err != nil {
		env = domain.Sandbox
	}
	m := &mainScreen{env: env}
	u.main = m
	m.envBadge = widgets.NewEnvBadge()
	m.envStrip = canvas.NewRectangle(widgets.SandboxColor)
	m.envStrip.SetMinSize(fyne.NewSize(1, 4))
	m.switchEnv = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), u.askSwitchEnv)
	m.settings = widget.NewButtonWithIcon(u.t("gui.settings"), theme.SettingsIcon(), func() { u.touch(); u.showSettings() })
	m.audit = widget.NewButtonWithIcon(u.t("gui.audit"), theme.ListIcon(), func() { u.touch(); u.showAudit() })
	m.lock = widget.NewButtonWithIcon(u.t("gui.lock"), theme.LoginIcon(), u.lockNow)
	m.lock.Importance = widget.HighImportance
	u.showEnv()

	m.tab = u.newCompanyTab()
	m.companies = u.newCompaniesPane()

	header := container.NewHBox(
		widget.NewLabelWithStyle(u.t("gui.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		m.envBadge, m.switchEnv, layout.NewSpacer())
	for _, v := range u.views {
		open := v.open
		header.Add(widget.NewButtonWithIcon(u.t(v.label), viewIcon(v), func() { u.touch(); open() }))
	}
	// Master password, export and import are rare: they live in the File and Vault menus, so
	// the header fits the window in French too (its labels are longer).
	for _, b := range []fyne.CanvasObject{m.settings, m.audit, m.lock} {
		header.Add(b)
	}
	split := container.NewHSplit(m.companies.content, m.tab.content)
	split.Offset = 0.27
	u.win.SetContent(container.NewBorder(container.NewVBox(header, m.envStrip), nil, nil, nil, split))
	u.installMenu()
	u.startIdle()
	u.reloadCompanies("")
	u.viewsUnlocked()
}

// showEnv paints the header for the active environment.
func (u *UI) showEnv() {
	m := u.main
	prod := m.env == domain.Production
	m.envBadge.SetEnv(prod, u.t("gui.env.badge."+string(m.env)))
	m.envStrip.FillColor = m.envBadge.Color()
	m.envStrip.Refresh()
	// The title names the environment too: it shows in the task bar and the window switcher.
	u.win.SetTitle(u.t("gui.title") + " — " + m.envBadge.Text())
	other := domain.Production
	if prod {
		other = domain.Sandbox
	}
	m.switchEnv.SetText(u.t("gui.env.switch_to", u.t("gui.env."+string(other))))
}

// askSwitchEnv confirms, then switches the active environment of the vault.
func (u *UI) askSwitchEnv() {
	u.touch()
	target := domain.Production
	if u.main.env == domain.Production {
		target = domain.Sandbox
	}
	name := u.t("gui.env." + string(target))
	u.confirm(u.t("gui.env.confirm_title"), u.t("gui.env.confirm_"+string(target)), u.t("gui.env.switch_to", name), func() {
		if err := u.svc.SetActiveEnv(target); err != nil {
			u.showError(err)
			return
		}
		u.main.env = target
		u.showEnv()
		u.main.tab.refreshStatus()
	})
}

// startIdle arms the auto-lock timer with the vault's delay.
func (u *UI) startIdle() {
	d, err := u.svc.AutoLockAfter()
	if err != nil || d <= 0 {
		return
	}
	u.idleDelay = d
	if u.idle != nil {
		u.idle.Stop()
	}
	u.idle = u.newTimer(d, u.autoLock)
}

// touch records user activity: the auto-lock countdown starts again.
func (u *UI) touch() {
	if u.idle != nil && u.idleDelay > 0 {
		u.idle.Reset(u.idleDelay)
	}
}

func (u *UI) lockNow() { u.lock() }

// autoLock is the idle timer firing.
func (u *UI) autoLock() {
	if u.main == nil {
		return
	}
	u.lock()
}

// lock wipes the keys (core) and every secret shown (here), then shows the unlock screen.
func (u *UI) lock() {
	if u.idle != nil {
		u.idle.Stop()
		u.idle = nil
	}
	u.closeDialogs()
	if u.main != nil {
		u.viewsLocking()
	}
	if m := u.main; m != nil {
		m.tab.wipe()
		if m.passwordDlg != nil {
			m.passwordDlg.wipe()
		}
		if m.bundleDlg != nil {
			m.bundleDlg.wipe()
		}
	}
	u.svc.Lock()
	u.showUnlock()
}
