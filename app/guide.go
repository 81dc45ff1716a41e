package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// guideMaxCompanies bounds the vaults the first-run guide opens by itself on: it reads every
// company's state, and a vault with more companies is past its first run anyway.
const guideMaxCompanies = 20

// guideStep is one step of the first-run guide: what to do, whether it is done, and the
// button that does it.
type guideStep struct {
	key  string // catalog key of the text
	done bool
	act  string // catalog key of the button
	do   func()
}

// guideDialog is the first-run guide: endpoints → add a company → credentials → Test →
// enable. "Do not show again" dismisses it for good (kept in the vault); Help → Getting
// started opens it again.
type guideDialog struct {
	steps    []guideStep
	buttons  []*widget.Button
	dontShow *widget.Check
	dlg      *dialog.CustomDialog
}

// guideSteps reads where the vault stands on each step.
func (u *UI) guideSteps() []guideStep {
	env := u.main.env
	cs, _ := u.svc.Companies()
	sts, _ := u.svc.SetupStatuses()
	var filled, tested, enabled bool
	var firstFilled string
	for _, c := range cs {
		st := sts[c.ID]
		if st.Filled(env) {
			filled = true
			if firstFilled == "" {
				firstFilled = c.ID
			}
			if st.Enabled {
				enabled = true
			}
			if r, ok, err := u.svc.LastTestResult(c.ID, env); err == nil && ok && r.OK {
				tested = true
			}
		}
	}
	ep, _ := u.svc.Endpoints(env)
	endpointsSet := ep != domain.DefaultEndpoints(env) || tested
	pick := func() {
		if firstFilled != "" {
			u.main.companies.list.SetFilter("")
			u.main.companies.list.Select(firstFilled)
		}
	}
	return []guideStep{
		{key: "setupui.guide.endpoints", done: endpointsSet, act: "gui.settings", do: u.showSettings},
		{key: "setupui.guide.company", done: len(cs) > 1, act: "setupui.companies.add", do: func() { u.showCompanyForm(nil) }},
		{key: "setupui.guide.credentials", done: filled, act: "setupui.guide.go_form", do: func() {
			pick()
			u.win.Canvas().Focus(u.main.tab.slots[env].entries[domain.FieldClientID])
		}},
		{key: "setupui.guide.test", done: tested, act: "setupui.guide.go_test", do: func() { pick(); u.main.tab.test.start(env) }},
		{key: "setupui.guide.enable", done: enabled, act: "setupui.tab.enable", do: func() { pick(); u.main.tab.setEnabled(true) }},
	}
}

// maybeShowGuide opens the guide after unlock while it was not dismissed and the vault is
// still being set up.
func (u *UI) maybeShowGuide() {
	if u.guideShown || len(u.main.companies.list.Items()) > guideMaxCompanies {
		return
	}
	if p, err := u.svc.UIPrefs(); err != nil || p.GuideDismissed {
		return
	}
	for _, s := range u.guideSteps() {
		if !s.done {
			u.showGuide(false)
			return
		}
	}
}

// showGuide opens the guide; asked tells it was opened from the Help menu.
func (u *UI) showGuide(asked bool) {
	u.guideShown = true
	g := &guideDialog{steps: u.guideSteps()}
	u.main.guide = g
	rows := container.NewVBox(widget.NewLabel(u.t("setupui.guide.intro")))
	for i, s := range g.steps {
		var icon fyne.Resource = theme.NewDisabledResource(theme.RadioButtonIcon())
		if s.done {
			icon = theme.NewSuccessThemedResource(theme.ConfirmIcon())
		}
		text := widget.NewLabel(u.t(s.key))
		text.Wrapping = fyne.TextWrapWord
		do := s.do
		b := widget.NewButton(u.t(s.act), func() {
			u.touch()
			g.dlg.Hide()
			do()
		})
		g.buttons = append(g.buttons, b)
		num := widget.NewLabelWithStyle(string(rune('1'+i))+".", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows.Add(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(icon), num), b, text))
	}
	g.dontShow = widget.NewCheck(u.t("setupui.guide.dont_show"), nil)
	if p, err := u.svc.UIPrefs(); err == nil && p.GuideDismissed {
		g.dontShow.SetChecked(true)
	}
	closeB := widgets.NewDefaultButton(u.t("gui.close"), func() { g.dlg.Hide() })
	g.dlg = dialog.NewCustomWithoutButtons(u.t("setupui.guide.title"), rows, u.win)
	g.dlg.SetButtons([]fyne.CanvasObject{g.dontShow, closeB})
	g.dlg.SetOnClosed(func() {
		if u.main != nil {
			_ = u.svc.SetGuideDismissed(g.dontShow.Checked)
		}
	})
	g.dlg.Resize(fyne.NewSize(640, 460))
	u.track(g.dlg)
	u.win.Canvas().Focus(closeB) // Enter closes it
}
