package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// settingsDialog edits the endpoint URLs of each environment, the auto-lock delay, the
// language and the theme. The last two are the vault's own choices (core.UIPrefs), never the
// desktop's global preferences.
type settingsDialog struct {
	oauth    map[domain.Env]*widget.Entry
	api      map[domain.Env]*widget.Entry
	autoLock *widget.Entry // minutes
	lang     *widget.RadioGroup
	theme    *widget.RadioGroup
	message  *widget.Label
	dlg      *dialog.CustomDialog
}

var langNames = []string{"Français", "English"}

// themeChoices are the stored values of the theme radio, in its order.
var themeChoices = []string{core.ThemeSystem, core.ThemeLight, core.ThemeDark}

// vaultLang is the language kept in the vault, else the system locale's.
func vaultLang(svc *core.Service) i18n.Lang {
	if svc != nil {
		if p, err := svc.UIPrefs(); err == nil && p.Lang != "" {
			return p.Lang
		}
	}
	return i18n.FromEnv()
}

// vaultTheme is the theme kept in the vault ("" = follow the system).
func vaultTheme(svc *core.Service) string {
	if svc != nil {
		if p, err := svc.UIPrefs(); err == nil {
			return p.Theme
		}
	}
	return ""
}

// applyTheme installs the app's theme (readable colours in both variants) for a choice.
func (u *UI) applyTheme(choice string) {
	if choice == "" {
		choice = core.ThemeSystem
	}
	u.themeChoice = choice
	if u.app != nil {
		u.app.Settings().SetTheme(widgets.NewTheme(choice))
	}
}

func (u *UI) showSettings() {
	s := &settingsDialog{oauth: map[domain.Env]*widget.Entry{}, api: map[domain.Env]*widget.Entry{}, message: errorLabel()}
	u.main.settingsDlg = s
	form := container.New(layout.NewFormLayout())
	for _, env := range domain.Envs {
		ep, err := u.svc.Endpoints(env)
		if err != nil {
			ep = domain.DefaultEndpoints(env)
		}
		s.oauth[env], s.api[env] = widget.NewEntry(), widget.NewEntry()
		s.oauth[env].SetText(ep.OAuthURL)
		s.api[env].SetText(ep.APIURL)
		name := u.t("gui.env." + string(env))
		form.Add(widget.NewLabel(u.t("gui.settings.oauth", name)))
		form.Add(s.oauth[env])
		form.Add(widget.NewLabel(u.t("gui.settings.api", name)))
		form.Add(s.api[env])
	}
	d, _ := u.svc.AutoLockAfter()
	s.autoLock = widget.NewEntry()
	s.autoLock.SetText(strconv.Itoa(int(d / time.Minute)))
	form.Add(widget.NewLabel(u.t("gui.settings.autolock")))
	form.Add(s.autoLock)
	s.lang = widget.NewRadioGroup(langNames, nil)
	s.lang.Horizontal = true
	if u.lang == i18n.FR {
		s.lang.SetSelected(langNames[0])
	} else {
		s.lang.SetSelected(langNames[1])
	}
	form.Add(widget.NewLabel(u.t("gui.settings.language")))
	form.Add(s.lang)
	var themeLabels []string
	for _, c := range themeChoices {
		themeLabels = append(themeLabels, u.t("setupui.settings.theme_"+c))
	}
	s.theme = widget.NewRadioGroup(themeLabels, nil)
	s.theme.Horizontal = true
	for i, c := range themeChoices {
		if c == u.themeChoice {
			s.theme.SetSelected(themeLabels[i])
		}
	}
	form.Add(widget.NewLabel(u.t("setupui.settings.theme")))
	form.Add(s.theme)
	u.addBackgroundSettings(form) // start at login, keep transfers running while locked (settings_background.go)
	reset := widget.NewButton(u.t("gui.settings.defaults"), func() {
		for _, env := range domain.Envs {
			ep := domain.DefaultEndpoints(env)
			s.oauth[env].SetText(ep.OAuthURL)
			s.api[env].SetText(ep.APIURL)
		}
	})
	save := widget.NewButton(u.t("gui.save"), func() { u.touch(); u.saveSettings() })
	save.Importance = widget.HighImportance
	s.dlg = dialog.NewCustomWithoutButtons(u.t("gui.settings"), container.NewVBox(form, s.message), u.win)
	s.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { s.dlg.Hide() }), reset, save})
	s.dlg.Resize(fyne.NewSize(720, 440))
	u.track(s.dlg)
}

func (u *UI) saveSettings() {
	s := u.main.settingsDlg
	setError(s.message, "")
	mins, err := strconv.Atoi(strings.TrimSpace(s.autoLock.Text))
	if err != nil || mins < 1 || mins > 24*60 {
		setError(s.message, u.t("gui.settings.autolock_invalid"))
		return
	}
	for _, env := range domain.Envs {
		want := domain.Endpoints{OAuthURL: strings.TrimSpace(s.oauth[env].Text), APIURL: strings.TrimSpace(s.api[env].Text)}
		if have, err := u.svc.Endpoints(env); err == nil && have == want {
			continue // no audit line for an unchanged environment
		}
		if err := u.svc.SetEndpoints(env, want); err != nil {
			setError(s.message, u.t("gui.env."+string(env))+": "+u.errText(err))
			return
		}
	}
	if d := time.Duration(mins) * time.Minute; d != u.idleDelay {
		if err := u.svc.SetAutoLockAfter(d); err != nil {
			setError(s.message, u.errText(err))
			return
		}
		u.startIdle()
	}
	choice := u.themeChoice
	for i, c := range themeChoices {
		if s.theme.Selected == u.t("setupui.settings.theme_"+c) {
			choice = themeChoices[i]
		}
	}
	if choice != u.themeChoice {
		if err := u.svc.SetUITheme(choice); err != nil {
			setError(s.message, u.errText(err))
			return
		}
		u.applyTheme(choice)
	}
	if err := u.saveBackgroundSettings(); err != nil {
		setError(s.message, u.errText(err))
		return
	}
	s.dlg.Hide()
	lang := i18n.EN
	if s.lang.Selected == langNames[0] {
		lang = i18n.FR
	}
	if lang != u.lang {
		u.setLang(lang)
	}
}

// setLang switches the language, keeps it in the vault, and rebuilds the window (unsaved
// edits are kept).
func (u *UI) setLang(l i18n.Lang) {
	// Read the form before the language changes: its dates are written in the old
	// language's form (31/03/2027), which the new one would not parse (the form then looked
	// edited and kept the French date in English).
	var keep domain.Setup
	var id string
	dirty := false
	if u.main != nil {
		keep, id, dirty = u.main.tab.formSetup(), u.main.tab.company.ID, u.main.tab.dirty()
	}
	useLanguage(l)
	u.lang = l
	if err := u.svc.SetUILang(l); err != nil && u.main != nil {
		u.showError(err)
	}
	if u.main == nil {
		u.showUnlock()
		return
	}
	u.showMain()
	if id != "" && u.main.companies.list.Select(id) && dirty {
		u.main.tab.fill(keep)
	}
}
