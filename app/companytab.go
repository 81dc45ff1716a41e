package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// companyTab is the content of the selected company's tab, modelled on a "Special
// parameters > Chorus" screen: a header of fixed height (title, the three actions, what the
// resolution rule decides, the `*****` warning or the password-expiry warning), then the ID
// tag, one framed slot per environment with its own Test button, and the Test results.
type companyTab struct {
	u       *UI
	company domain.Company
	saved   domain.Setup
	loading bool // filling the form: changes are not the user's

	title   *ttwidget.Label // its tooltip shows the whole title when the row is short
	enable  *ttwidget.Button
	disable *ttwidget.Button
	move    *ttwidget.Button
	actions *widgets.CollapsingBar
	stIcon  *widget.Icon
	status  *ttwidget.Label // what the resolution rule decides (one line; the tooltip has it all)
	notice  *ttwidget.Label // the `*****` warning, or the password-expiry warning (one line)

	tag    *widget.Entry
	tagErr *widget.Label
	slots  map[domain.Env]*slotForm

	unsaved *widget.Label
	saveB   *widget.Button
	revertB *widget.Button
	report  *ttwidget.Label // outcome of the last save, one line (the tooltip has it all)

	test    *testPanel
	scroll  *container.Scroll
	body    fyne.CanvasObject
	empty   *widget.Label
	content fyne.CanvasObject

	declinedEnable map[string]bool // companies whose "enable now?" was declined this session
}

func isSecret(f domain.Field) bool {
	return f == domain.FieldClientSecret || f == domain.FieldPassword
}

// oneLine is a label of one line that ellipsises; its tooltip shows the whole text.
func oneLine() *ttwidget.Label {
	l := ttwidget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func setOneLine(l *ttwidget.Label, text string, imp widget.Importance) {
	l.Importance = imp
	l.SetToolTip(text)
	l.SetText(text)
}

func (u *UI) newCompanyTab() *companyTab {
	t := &companyTab{u: u, slots: map[domain.Env]*slotForm{}, declinedEnable: map[string]bool{}}
	t.title = ttwidget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.title.SizeName = theme.SizeNameSubHeadingText
	t.title.Truncation = fyne.TextTruncateEllipsis
	t.enable = ttwidget.NewButtonWithIcon(u.t("setupui.tab.enable"), theme.ConfirmIcon(), func() { u.touch(); t.setEnabled(true) })
	t.disable = ttwidget.NewButtonWithIcon(u.t("setupui.tab.disable"), theme.CancelIcon(), func() { u.touch(); t.setEnabled(false) })
	t.move = ttwidget.NewButtonWithIcon(u.t("setupui.tab.move"), theme.MailForwardIcon(), func() { u.touch(); u.showMove() })
	t.stIcon = widget.NewIcon(nil)
	t.status = oneLine()
	t.notice = oneLine()

	t.tag = widget.NewEntry()
	t.tag.OnChanged = func(string) { t.changed() }
	t.tagErr = errorLabel()
	for _, env := range domain.Envs {
		t.slots[env] = t.newSlotForm(env)
	}
	t.unsaved = widget.NewLabelWithStyle(u.t("setupui.tab.unsaved"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.unsaved.Importance = widget.WarningImportance
	t.unsaved.Hide()
	t.revertB = widget.NewButtonWithIcon(u.t("gui.tab.revert"), theme.ContentUndoIcon(), func() { u.touch(); t.revert() })
	t.revertB.Disable() // enabled by showDirty
	t.saveB = widget.NewButtonWithIcon(u.t("gui.tab.save"), theme.DocumentSaveIcon(), func() { u.touch(); t.save() })
	t.saveB.Importance = widget.HighImportance
	t.report = oneLine()
	t.test = u.newTestPanel(t)

	// Icon and short label while the title keeps room; icons alone (and their tooltips)
	// on a narrow window.
	t.actions = widgets.NewCollapsingBar(t.enable, t.disable, t.move)
	header := container.NewVBox(
		widgets.NewTitleRow(t.title, t.actions, 260),
		container.NewBorder(nil, nil, t.stIcon, nil, t.status),
		t.notice,
		widget.NewSeparator())
	tagBox := container.NewBorder(nil, nil, widget.NewLabel(u.t("gui.field.tag")), nil,
		container.New(&fixedWidth{w: 190}, t.tag))
	tagRow := container.NewBorder(nil, nil, tagBox, nil, t.report)
	saveButtons := container.NewHBox(t.unsaved, t.revertB, t.saveB)
	slots := container.NewGridWithColumns(2)
	for _, env := range domain.Envs {
		slots.Add(t.slots[env].box)
	}
	// Revert and Save sit at the top right, beside the ID tag, but come last in the tree so
	// that Tab goes from the tag to the credentials, then to the buttons.
	form := container.New(&formLayout{}, tagRow, t.tagErr, slots, t.test.content, saveButtons)
	t.scroll = container.NewVScroll(form)
	t.body = container.NewBorder(header, nil, nil, nil, t.scroll)
	t.empty = widget.NewLabel(u.t("setupui.tab.none"))
	t.content = container.NewStack(container.NewPadded(t.body), container.NewCenter(t.empty))
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

// load shows company c with its saved setup, scrolled to the top.
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
	t.title.SetToolTip(u.companyTitle(c))
	t.fill(st)
	t.clearErrors()
	setOneLine(t.report, "", widget.MediumImportance)
	t.body.Show()
	t.empty.Hide()
	t.refreshStatus() // also loads the last test results
	t.relayout()
	t.scroll.ScrollToTop()
}

// relayout lays the pane out again after labels were shown or hidden (Fyne containers do
// not notice a child's visibility change by themselves).
func (t *companyTab) relayout() { t.body.Refresh() }

func (u *UI) companyTitle(c domain.Company) string {
	s := u.companyLabel(c)
	if c.SIRET != "" {
		s += " · SIRET " + c.SIRET
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
		s.fill(st.Slot(env), st.Expires.Get(env))
	}
	t.loading = false
	t.showDirty()
}

// formSetup is the setup the form shows (the enabled flag is not part of the form).
func (t *companyTab) formSetup() domain.Setup {
	st := domain.Setup{Enabled: t.saved.Enabled, Tag: t.tag.Text}
	for env, s := range t.slots {
		st.SetSlot(env, s.credentials())
		st.Expires.Set(env, s.expiresValue())
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
		// "Saved." (or the move's report) described the form as it was: once it is edited
		// again it would stand beside "Unsaved changes". A refusal ("not saved") stays.
		if t.report.Importance != widget.DangerImportance {
			setOneLine(t.report, "", widget.MediumImportance)
		}
	} else {
		t.unsaved.Hide()
		t.revertB.Disable()
	}
	t.test.showUnsaved()
	t.relayout()
}

func (t *companyTab) revert() {
	t.fill(t.saved)
	t.clearErrors()
	setOneLine(t.report, "", widget.MediumImportance)
	t.relayout()
}

func (t *companyTab) clearErrors() {
	setError(t.tagErr, "")
	for _, s := range t.slots {
		s.clearErrors()
	}
}

// showProblems puts each validation problem under its field and returns the ones that belong
// to no field of the form (an enabled setup losing its active credentials), for the report
// line; marked tells whether any went under a field.
func (t *companyTab) showProblems(ps []core.Problem) (loose []string, marked bool) {
	t.clearErrors()
	add := func(l *widget.Label, msg string) {
		if l.Text != "" {
			msg = l.Text + "\n" + msg
		}
		setError(l, msg)
		marked = true
	}
	for _, p := range ps {
		msg := t.u.problemText(p)
		if s, ok := t.slots[p.Env]; ok {
			if l := s.errorFor(p.Field); l != nil {
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
	t.relayout()
	return loose, marked
}

// save validates and stores the form; a complete active slot of a disabled setup then
// offers to enable it.
func (t *companyTab) save() { t.saveThen(nil) }

// saveThen saves, then runs after (may be nil) if it worked. With after set, no question is
// asked on the way (the caller goes on to another company or to the Test).
func (t *companyTab) saveThen(after func()) { t.saveAnd(after, nil) }

// saveAnd is saveThen that also runs failed (may be nil) when nothing was saved.
func (t *companyTab) saveAnd(after, failed func()) {
	u := t.u
	fail := func() {
		if failed != nil {
			failed()
		}
	}
	if t.company.ID == "" || t.saveB.Disabled() {
		fail()
		return
	}
	if !t.checkDates() {
		setOneLine(t.report, u.t("gui.tab.not_saved"), widget.DangerImportance)
		t.relayout()
		fail()
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
			loose, marked := t.showProblems(ve.Problems)
			if marked || len(loose) == 0 {
				loose = append([]string{u.t("gui.tab.not_saved")}, loose...)
			}
			setOneLine(t.report, strings.Join(loose, " "), widget.DangerImportance)
			t.relayout()
			fail()
			return
		}
		if err != nil {
			u.showError(err)
			fail()
			return
		}
		t.saved = stored
		t.fill(stored)
		t.clearErrors()
		notices := t.trimNotices(st, stored)
		warnings := rep.LocalizedWarnings(u.lang)
		lines := append(notices, warnings...)
		imp := widget.SuccessImportance
		if len(lines) == 0 {
			lines = []string{u.t("gui.tab.saved")}
		}
		if len(warnings) > 0 {
			imp = widget.WarningImportance
		}
		setOneLine(t.report, strings.Join(lines, " "), imp)
		u.main.companies.invalidate(id)
		t.refreshStatus()
		t.relayout()
		if after != nil {
			after()
			return
		}
		if len(warnings) > 0 {
			u.showInfo(u.t("setupui.tab.saved_warnings"), strings.Join(warnings, "\n"))
		}
		t.offerEnable()
	})
}

// expiryRead takes in an expiry day the Test read from Chorus Pro: shown in the form unless
// the user is editing it, and in the header's notice.
func (t *companyTab) expiryRead() {
	st, err := t.u.svc.SetupStatus(t.company.ID)
	if err != nil || st.Expires == t.saved.Expires {
		return
	}
	dirty := t.dirty()
	t.saved.Expires = st.Expires
	if !dirty {
		t.fill(t.saved)
	}
	t.refreshStatus()
}

// offerEnable asks, after a save, to enable a setup whose active slot is now complete.
func (t *companyTab) offerEnable() {
	u := t.u
	env := u.main.env
	if t.saved.Enabled || t.saved.Slot(env).IsEmpty() || t.declinedEnable[t.company.ID] {
		return
	}
	id := t.company.ID
	key := "setupui.enable.offer"
	if t.company.IsDefault() {
		key = "setupui.enable.offer_default"
	}
	d := u.confirm(u.t("setupui.enable.offer_title"), u.t(key, t.company.Code, u.t("gui.env."+string(env))),
		u.t("setupui.enable.offer_yes"), func() {
			if t.company.ID == id {
				t.setEnabled(true)
			}
		})
	d.SetDismissText(u.t("setupui.enable.offer_no"))
	d.SetOnClosed(func() {
		if t.company.ID == id && !t.saved.Enabled {
			t.declinedEnable[id] = true
		}
	})
}

// checkDates shows a message under each expiry date that is not a date in the user's form.
func (t *companyTab) checkDates() bool {
	ok := true
	for _, s := range t.slots {
		if !s.datesValid() {
			ok = false
		}
	}
	t.relayout()
	return ok
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

// setEnabled switches the company's own setup on or off. The core refuses to enable a setup
// whose slot for the active environment is empty (it would block the `*****` fallback).
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
	u.main.companies.invalidateAll() // `*****` changes what every company falls back on
	t.refreshStatus()
	t.showDirty()
}

// refreshStatus shows what the resolution rule decides for the active environment, the
// actions that apply, the warning line and the Test results.
func (t *companyTab) refreshStatus() {
	u := t.u
	if t.company.ID == "" || u.main == nil {
		return
	}
	t.refreshActions()
	env := u.main.env
	r, err := u.svc.Resolve(t.company.ID, env)
	if err != nil {
		setOneLine(t.status, u.errText(err), widget.DangerImportance)
		t.stIcon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		return
	}
	text, imp := u.resolutionText(t.company, r)
	setOneLine(t.status, text, imp)
	t.stIcon.SetResource(importanceIcon(imp))
	t.refreshNotice(r)
	t.test.load()
}

// refreshActions labels the three actions for this company (the wording of `*****` is the
// default company's) and enables those that apply.
func (t *companyTab) refreshActions() {
	u := t.u
	def := t.company.IsDefault()
	tip := func(key, sc string) string {
		if def {
			key += "_default"
		}
		return u.t(key, t.company.Code) + " (" + sc + ")"
	}
	// A disabled action's tooltip also says why it is disabled.
	why := func(s string, disabled bool, key string) string {
		if disabled {
			return s + " — " + u.t(key)
		}
		return s
	}
	t.enable.SetToolTip(why(tip("setupui.tab.enable_tip", shortcutEnable), t.saved.Enabled, "setupui.tab.already_enabled"))
	t.disable.SetToolTip(why(tip("setupui.tab.disable_tip", shortcutDisable), !t.saved.Enabled, "setupui.tab.already_disabled"))
	t.move.SetToolTip(why(tip("setupui.tab.move_tip", shortcutMove), !t.saved.HasData(), "setupui.tab.nothing_to_move"))
	if t.saved.Enabled {
		t.enable.Disable()
		t.disable.Enable()
	} else {
		t.enable.Enable()
		t.disable.Disable()
	}
	if t.saved.HasData() {
		t.move.Enable()
	} else {
		t.move.Disable()
	}
}

// refreshNotice is the header's second line: the permanent `*****` warning, or the nearest
// password-expiry warning of the setup that applies, or nothing.
func (t *companyTab) refreshNotice(r domain.Resolution) {
	u := t.u
	text, imp := "", widget.MediumImportance
	if msg, alert := u.expiryNotice(t.company, t.saved); alert != widgets.TabNoAlert {
		text, imp = msg, widget.WarningImportance
		if alert == widgets.TabExpired {
			imp = widget.DangerImportance
		}
	}
	if t.company.IsDefault() {
		if text == "" {
			text, imp = u.t("gui.default.warning"), widget.WarningImportance
		} else {
			text = text + " " + u.t("gui.default.warning")
		}
	}
	setOneLine(t.notice, text, imp)
}

// importanceIcon is the status line's icon: shape and colour say the same as the words.
func importanceIcon(imp widget.Importance) fyne.Resource {
	switch imp {
	case widget.SuccessImportance:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case widget.WarningImportance:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case widget.DangerImportance:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return theme.InfoIcon()
}

// resolutionText says in plain words which setup an invoice of c would use.
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
		s.wipe()
	}
	t.loading = false
	t.saved = domain.Setup{}
	t.company = domain.Company{}
	t.test.wipe()
}

// dateText is a stored expiry day in the user's form ("" stays "").
func (u *UI) dateText(iso string) string {
	if iso == "" {
		return ""
	}
	d, err := domain.ParseExpiryDate(iso)
	if err != nil {
		return iso
	}
	return i18n.FormatDate(u.lang, d)
}

// formLayout is a column of rows (the objects but the last) with the last object drawn at the
// right end of the first row: the tab's Save and Revert beside the ID tag, yet after the
// credential fields in the keyboard's Tab order (Fyne follows the objects' order).
type formLayout struct{}

func (formLayout) visible(objs []fyne.CanvasObject) (rows []fyne.CanvasObject, corner fyne.CanvasObject) {
	corner = objs[len(objs)-1]
	for _, o := range objs[:len(objs)-1] {
		if o.Visible() {
			rows = append(rows, o)
		}
	}
	return rows, corner
}

func (l formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	rows, corner := l.visible(objs)
	pad := theme.Padding()
	c := corner.MinSize()
	var s fyne.Size
	for i, o := range rows {
		m := o.MinSize()
		if i == 0 {
			m = fyne.NewSize(m.Width+pad+c.Width, max(m.Height, c.Height))
		} else {
			s.Height += pad
		}
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s
}

func (l formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows, corner := l.visible(objs)
	pad := theme.Padding()
	c := corner.MinSize()
	y := float32(0)
	for i, o := range rows {
		h := o.MinSize().Height
		w := size.Width
		if i == 0 {
			h = max(h, c.Height)
			w = max(size.Width-c.Width-pad, 0)
			corner.Resize(fyne.NewSize(c.Width, h))
			corner.Move(fyne.NewPos(size.Width-c.Width, y))
		}
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(0, y))
		y += h + pad
	}
}
