package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	fynetooltip "github.com/dweymouth/fyne-tooltip"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// DefaultWindowSize fits a 1024×768 screen with its task bar and title bar; the content's
// minimum width stays under 1,000 px in English and French.
var DefaultWindowSize = fyne.NewSize(1000, 680)

// mainScreen is the unlocked window: the header, the company tabs and the selected company.
type mainScreen struct {
	env       domain.Env
	envBadge  *widgets.EnvBadge
	envStrip  *canvas.Rectangle // a band of the environment's colour under the header
	switchEnv *ttwidget.Button
	settings  *ttwidget.Button
	audit     *ttwidget.Button
	lock      *ttwidget.Button
	header    fyne.CanvasObject
	content   fyne.CanvasObject // the whole screen, before the tooltip layer

	companies   *companiesPane
	tab         *companyTab
	moveDlg     *moveDialog // the last move dialog shown (tests drive it)
	compForm    *companyForm
	settingsDlg *settingsDialog
	auditView   *auditView
	passwordDlg *passwordDialog
	bundleDlg   *bundleDialog
	guide       *guideDialog
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
	m.switchEnv = ttwidget.NewButtonWithIcon("", theme.ViewRefreshIcon(), u.askSwitchEnv)
	m.settings = headerButton(u.t("gui.settings"), theme.SettingsIcon(), u.t("setupui.header.settings_tip"), func() { u.touch(); u.showSettings() })
	m.audit = headerButton(u.t("gui.audit"), theme.ListIcon(), u.t("setupui.header.audit_tip"), func() { u.touch(); u.showAudit() })
	m.lock = headerButton(u.t("gui.lock"), theme.LoginIcon(), u.t("setupui.header.lock_tip", shortcutLock), u.lockNow)
	m.lock.Importance = widget.HighImportance
	u.showEnv()

	m.tab = u.newCompanyTab()
	m.companies = u.newCompaniesPane()

	// The header is one line of fixed height: the product name is in the window title.
	header := container.NewHBox(m.envBadge, m.switchEnv, layout.NewSpacer())
	for _, v := range u.views {
		open := v.open
		header.Add(headerButton(u.t(v.label), viewIcon(v), "", func() { u.touch(); open() }))
	}
	for _, b := range []fyne.CanvasObject{m.settings, m.audit, m.lock} {
		header.Add(b)
	}
	m.header = header
	split := container.NewHSplit(m.companies.content, m.tab.content)
	split.Offset = 0.28
	m.content = container.NewBorder(container.NewVBox(header, m.envStrip), nil, nil, nil, split)
	u.win.SetContent(fynetooltip.AddWindowToolTipLayer(m.content, u.win.Canvas()))
	u.installMenu()
	u.startIdle()
	u.reloadCompanies("")
	u.viewsUnlocked()
	u.checkExpiries()
	u.maybeShowGuide()
}

// headerButton is a header action: icon and short label, with a tooltip saying more.
func headerButton(label string, icon fyne.Resource, tip string, tapped func()) *ttwidget.Button {
	b := ttwidget.NewButtonWithIcon(label, icon, tapped)
	b.SetToolTip(tip)
	return b
}

// showEnv paints the header for the active environment.
func (u *UI) showEnv() {
	m := u.main
	prod := m.env == domain.Production
	m.envBadge.SetEnv(prod, u.t("setupui.env.badge."+string(m.env)))
	m.envStrip.FillColor = m.envBadge.Color()
	m.envStrip.Refresh()
	// The title names the environment too: it shows in the task bar and the window switcher.
	u.win.SetTitle(u.t("gui.title") + " — " + u.t("gui.env.badge."+string(m.env)))
	other := domain.Production
	if prod {
		other = domain.Sandbox
	}
	m.switchEnv.SetText(u.t("gui.env.switch_to", u.t("gui.env."+string(other))))
	m.switchEnv.SetToolTip(u.t("setupui.header.switch_tip", u.t("gui.env.badge."+string(m.env))))
}

// askSwitchEnv confirms, then switches the active environment of the vault. The confirmation
// also lists the enabled setups the switch leaves without credentials (the core's
// PlanEnvSwitch, the check SetActiveEnv makes): confirming it is the user's consent.
func (u *UI) askSwitchEnv() {
	u.touch()
	target := domain.Production
	if u.main.env == domain.Production {
		target = domain.Sandbox
	}
	name := u.t("gui.env." + string(target))
	text := u.t("gui.env.confirm_" + string(target))
	plan, err := u.svc.PlanEnvSwitch(target)
	if err != nil {
		u.showError(err)
		return
	}
	if w := plan.Warning(u.lang); w != "" {
		text += "\n\n" + w
	}
	u.confirm(u.t("gui.env.confirm_title"), text, u.t("gui.env.switch_to", name), func() {
		if _, err := u.svc.SetActiveEnv(target, true); err != nil {
			u.showError(err)
			return
		}
		u.main.env = target
		u.showEnv()
		u.main.companies.invalidateAll()
		u.main.tab.test.env = target
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

// touch records user activity: the auto-lock countdown starts again, and on the first
// activity of a new day the password expiries are checked again.
func (u *UI) touch() {
	if u.idle != nil && u.idleDelay > 0 {
		u.idle.Reset(u.idleDelay)
	}
	if u.main != nil && u.expiryDay != "" && u.today() != u.expiryDay {
		u.checkExpiries()
		u.main.companies.invalidateAll() // "expires in N days" moved on
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
