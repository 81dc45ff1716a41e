package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// slotForm is the four credential fields of one environment.
type slotForm struct {
	env     domain.Env
	entries map[domain.Field]*widget.Entry
	errs    map[domain.Field]*widget.Label
	card    *widget.Card
}

// companyTab is the detail pane of the selected company, modelled on the seed's
// "Special parameters > Chorus" screen.
type companyTab struct {
	u       *UI
	company domain.Company
	saved   domain.Setup
	loading bool // filling the form: changes are not the user's

	title   *widget.Label
	warning *widget.Label // the permanent `*****` warning (spec §2.1)
	enable  *widgets.TipButton
	disable *widgets.TipButton
	move    *widgets.TipButton
	hint    *widget.Label // the tooltip of the toolbar icon under the mouse
	enabled *widget.Label // "Specific setup: enabled/disabled"
	status  *widget.Label // what §2.3 decides

	tag    *widget.Entry
	tagErr *widget.Label
	slots  map[domain.Env]*slotForm

	unsaved *widget.Label
	saveB   *widget.Button
	revertB *widget.Button
	report  *widget.Label // notices and warnings of the last save

	test    *testPanel
	body    *fyne.Container
	empty   *widget.Label
	content fyne.CanvasObject
}

func isSecret(f domain.Field) bool {
	return f == domain.FieldClientSecret || f == domain.FieldPassword
}

func (u *UI) newCompanyTab() *companyTab {
	t := &companyTab{u: u, slots: map[domain.Env]*slotForm{}}
	t.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.title.Truncation = fyne.TextTruncateEllipsis
	t.warning = widget.NewLabel(u.t("gui.default.warning"))
	t.warning.Importance = widget.WarningImportance
	t.warning.Wrapping = fyne.TextWrapWord
	t.enable = widgets.NewTipButton(theme.MediaPlayIcon(), u.t("gui.tab.enable_tip"), func() { u.touch(); t.setEnabled(true) })
	t.disable = widgets.NewTipButton(theme.MediaPauseIcon(), u.t("gui.tab.disable_tip"), func() { u.touch(); t.setEnabled(false) })
	t.move = widgets.NewTipButton(theme.MailForwardIcon(), u.t("gui.tab.move_tip"), func() { u.touch(); u.showMove() })
	// Hints and the unsaved marker use colour, not italics: each extra font style costs about
	// 7.5 MiB of parsed glyph data, and memory after unlock is a target of spec §6.
	t.hint = widget.NewLabel("")
	t.hint.Importance = widget.LowImportance
	for _, b := range []*widgets.TipButton{t.enable, t.disable, t.move} {
		b.OnHint = t.hint.SetText
	}
	t.enabled = widget.NewLabel("")
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord

	t.tag = widget.NewEntry()
	t.tag.OnChanged = func(string) { t.changed() }
	t.tagErr = errorLabel()
	grid := container.NewGridWithColumns(2)
	for _, env := range domain.Envs {
		s := t.newSlotForm(env)
		t.slots[env] = s
		grid.Add(s.card)
	}
	t.unsaved = widget.NewLabelWithStyle(u.t("gui.tab.unsaved"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.unsaved.Importance = widget.WarningImportance
	t.unsaved.Hide()
	t.revertB = widget.NewButtonWithIcon(u.t("gui.tab.revert"), theme.ContentUndoIcon(), func() { u.touch(); t.revert() })
	t.revertB.Disable() // enabled by showDirty
	t.saveB = widget.NewButtonWithIcon(u.t("gui.tab.save"), theme.DocumentSaveIcon(), func() { u.touch(); t.save() })
	t.saveB.Importance = widget.HighImportance
	t.report = widget.NewLabel("")
	t.report.Wrapping = fyne.TextWrapWord
	t.report.Hide()
	t.test = u.newTestPanel(t)

	toolbar := container.NewHBox(t.hint, t.enable, t.disable, t.move)
	top := container.NewBorder(nil, nil, nil, toolbar, t.title)
	tagRow := container.New(layout.NewFormLayout(), widget.NewLabel(u.t("gui.field.tag")), container.NewVBox(t.tag, t.tagErr))
	actions := container.NewHBox(t.unsaved, layout.NewSpacer(), t.revertB, t.saveB)
	t.body = container.NewVBox(top, t.warning, t.enabled, t.status, widget.NewSeparator(),
		tagRow, grid, actions, t.report, widget.NewSeparator(), t.test.content)
	t.empty = widget.NewLabel(u.t("gui.tab.none"))
	t.content = container.NewStack(container.NewVScroll(container.NewPadded(t.body)), container.NewCenter(t.empty))
	t.body.Hide()
	return t
}

func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

func setError(l *widget.Label, msg string) {
	l.SetText(msg)
	if msg == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

var fieldKeys = map[domain.Field]string{
	domain.FieldClientID:     "gui.field.client_id",
	domain.FieldClientSecret: "gui.field.client_secret",
	domain.FieldLogin:        "gui.field.login",
	domain.FieldPassword:     "gui.field.password",
}

func (t *companyTab) newSlotForm(env domain.Env) *slotForm {
	u := t.u
	s := &slotForm{env: env, entries: map[domain.Field]*widget.Entry{}, errs: map[domain.Field]*widget.Label{}}
	form := container.New(layout.NewFormLayout())
	for _, f := range domain.Fields {
		var e *widget.Entry
		if isSecret(f) {
			e = widgets.NewSecretEntry()
		} else {
			e = widget.NewEntry()
		}
		e.OnChanged = func(string) { t.changed() }
		s.entries[f] = e
		s.errs[f] = errorLabel()
		form.Add(widget.NewLabel(u.t(fieldKeys[f])))
		form.Add(container.NewVBox(e, s.errs[f]))
	}
	s.card = widget.NewCard(u.t("gui.card."+string(env)), "", form)
	return s
}

// load shows company c with its saved setup.
func (t *companyTab) load(c domain.Company) {
	u := t.u
	st, err := u.svc.Setup(c.ID)
	if err != nil {
		u.showError(err)
		return
	}
	t.company = c
	t.saved = st
	t.title.SetText(u.companyTitle(c))
	if c.IsDefault() {
		t.warning.Show()
	} else {
		t.warning.Hide()
	}
	t.fill(st)
	t.clearErrors()
	setError(t.report, "")
	t.body.Show()
	t.empty.Hide()
	t.refreshStatus() // also loads the last test result
	t.relayout()
}

// relayout lays the pane out again after labels were shown or hidden (Fyne containers do
// not notice a child's visibility change by themselves).
func (t *companyTab) relayout() { t.body.Refresh() }

func (u *UI) companyTitle(c domain.Company) string {
	s := u.companyLabel(c)
	if c.SIRET != "" {
		s += " — SIRET " + c.SIRET
	}
	return s
}

// clear shows no company (after a removal of the last one shown).
func (t *companyTab) clear() {
	t.company = domain.Company{}
	t.saved = domain.Setup{}
	t.fill(domain.Setup{})
	t.body.Hide()
	t.empty.Show()
}

// fill puts st into the form, secrets masked again.
func (t *companyTab) fill(st domain.Setup) {
	t.loading = true
	t.tag.SetText(st.Tag)
	for env, s := range t.slots {
		cr := st.Slot(env)
		for f, e := range s.entries {
			e.SetText(cr.Get(f))
			if isSecret(f) && widgets.Revealed(e) {
				widgets.Reveal(e, false)
			}
		}
	}
	t.loading = false
	t.showDirty()
}

// formSetup is the setup the form shows (the enabled flag is not part of the form).
func (t *companyTab) formSetup() domain.Setup {
	st := domain.Setup{Enabled: t.saved.Enabled, Tag: t.tag.Text}
	for env, s := range t.slots {
		var cr domain.Slot
		for f, e := range s.entries {
			cr.Set(f, e.Text)
		}
		st.SetSlot(env, cr)
	}
	return st
}

func (t *companyTab) dirty() bool { return t.company.ID != "" && t.formSetup() != t.saved }

func (t *companyTab) changed() {
	if t.loading {
		return
	}
	t.u.touch()
	t.showDirty()
}

func (t *companyTab) showDirty() {
	dirty := t.dirty()
	if dirty == t.unsaved.Visible() {
		return // unchanged: keep typing cheap
	}
	if dirty {
		t.unsaved.Show()
		t.revertB.Enable()
	} else {
		t.unsaved.Hide()
		t.revertB.Disable()
	}
	t.test.showUnsaved() // relays the pane out
}

func (t *companyTab) revert() {
	t.fill(t.saved)
	t.clearErrors()
	setError(t.report, "")
	t.relayout()
}

func (t *companyTab) clearErrors() {
	setError(t.tagErr, "")
	for _, s := range t.slots {
		for _, l := range s.errs {
			setError(l, "")
		}
	}
}

// showProblems puts each validation problem under its field.
func (t *companyTab) showProblems(ps []core.Problem) {
	t.clearErrors()
	add := func(l *widget.Label, msg string) {
		if l.Text != "" {
			msg = l.Text + "\n" + msg
		}
		setError(l, msg)
	}
	var loose []string
	for _, p := range ps {
		msg := t.u.problemText(p)
		if s, ok := t.slots[p.Env]; ok {
			if l, ok := s.errs[domain.Field(p.Field)]; ok {
				add(l, msg)
				continue
			}
		}
		if p.Field == domain.FieldTag {
			add(t.tagErr, msg)
			continue
		}
		loose = append(loose, msg)
	}
	if len(loose) > 0 {
		add(t.tagErr, strings.Join(loose, "\n"))
	}
	t.relayout()
}

// save validates and stores the form; then, if it worked, runs after (may be nil).
func (t *companyTab) save() { t.saveThen(nil) }

func (t *companyTab) saveThen(after func()) {
	u := t.u
	if t.company.ID == "" || t.saveB.Disabled() {
		return
	}
	id, st := t.company.ID, t.formSetup()
	var rep core.SaveReport
	var stored domain.Setup
	t.saveB.Disable()
	u.background(func() error {
		var err error
		if rep, err = u.svc.SaveSetup(id, st); err != nil {
			return err
		}
		stored, err = u.svc.Setup(id)
		return err
	}, func(err error) {
		t.saveB.Enable()
		if t.company.ID != id || u.main == nil {
			return
		}
		var ve *core.ValidationError
		if errors.As(err, &ve) {
			t.showProblems(ve.Problems)
			setError(t.report, u.t("gui.tab.not_saved"))
			return
		}
		if err != nil {
			u.showError(err)
			return
		}
		t.saved = stored
		t.fill(stored)
		t.clearErrors()
		lines := append(t.trimNotices(st, stored), rep.LocalizedWarnings(u.lang)...)
		if len(lines) == 0 {
			lines = []string{u.t("gui.tab.saved")}
		}
		setError(t.report, strings.Join(lines, "\n"))
		t.report.Importance = widget.MediumImportance
		if len(rep.Warnings) > 0 {
			t.report.Importance = widget.WarningImportance
		}
		t.report.Refresh()
		t.refreshStatus()
		t.relayout()
		if after != nil {
			after()
		}
	})
}

// trimNotices tells, in the user's language, which fields the save trimmed.
func (t *companyTab) trimNotices(typed, stored domain.Setup) []string {
	var out []string
	if typed.Tag != stored.Tag {
		out = append(out, t.u.t("gui.notice.trimmed", t.u.t("gui.field.tag")))
	}
	for _, env := range domain.Envs {
		for _, f := range domain.Fields {
			if typed.Slot(env).Get(f) != stored.Slot(env).Get(f) {
				out = append(out, t.u.t("gui.notice.trimmed", t.u.t("gui.env."+string(env))+" — "+t.u.t(fieldKeys[f])))
			}
		}
	}
	return out
}

// setEnabled switches the specific setup on or off (spec §2.3); the form is left as it is.
func (t *companyTab) setEnabled(on bool) {
	u := t.u
	if t.company.ID == "" {
		return
	}
	if err := u.svc.SetEnabled(t.company.ID, on); err != nil {
		u.showError(err)
		return
	}
	t.saved.Enabled = on
	t.refreshStatus()
	t.showDirty()
}

// refreshStatus shows the enabled flag and what §2.3 decides for the active environment.
func (t *companyTab) refreshStatus() {
	u := t.u
	if t.company.ID == "" {
		return
	}
	if t.saved.Enabled {
		t.enabled.SetText(u.t("gui.tab.enabled"))
		t.enable.Disable()
		t.disable.Enable()
	} else {
		t.enabled.SetText(u.t("gui.tab.disabled"))
		t.enable.Enable()
		t.disable.Disable()
	}
	if t.saved.HasData() {
		t.move.Enable()
	} else {
		t.move.Disable()
	}
	env := u.main.env
	r, err := u.svc.Resolve(t.company.ID, env)
	if err != nil {
		t.status.SetText(u.errText(err))
		t.status.Importance = widget.DangerImportance
		t.status.Refresh()
		return
	}
	text, imp := u.resolutionText(t.company, r)
	t.status.Importance = imp
	t.status.SetText(text)
	t.test.load()
}

// resolutionText says in plain words which setup an invoice of c would use (spec §2.3).
func (u *UI) resolutionText(c domain.Company, r domain.Resolution) (string, widget.Importance) {
	envName := u.t("gui.env." + string(r.Env))
	switch {
	case r.Transfer && r.Source == domain.SourceSpecific:
		return u.t("gui.status.own", envName), widget.SuccessImportance
	case r.Transfer && r.Source == domain.SourceDefault:
		if c.IsDefault() {
			return u.t("gui.status.own", envName), widget.SuccessImportance
		}
		return u.t("gui.status.fallback", envName), widget.WarningImportance
	case r.Source == domain.SourceSpecific:
		return u.t("gui.status.not_transferred", u.t("gui.reason.no_creds", c.Code, envName)), widget.DangerImportance
	case r.Source == domain.SourceDefault:
		return u.t("gui.status.not_transferred", u.t("gui.reason.no_creds", domain.DefaultCode, envName)), widget.DangerImportance
	}
	if c.IsDefault() {
		return u.t("gui.status.not_transferred", u.t("gui.reason.none_default")), widget.DangerImportance
	}
	return u.t("gui.status.not_transferred", u.t("gui.reason.none", c.Code)), widget.DangerImportance
}

// wipe clears every value and secret from the form (lock).
func (t *companyTab) wipe() {
	t.loading = true
	t.tag.SetText("")
	for _, s := range t.slots {
		for f, e := range s.entries {
			widgets.Wipe(e, isSecret(f))
		}
	}
	t.loading = false
	t.saved = domain.Setup{}
	t.company = domain.Company{}
	t.test.wipe()
}
