package app

import (
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// slotForm is one environment's framed slot: the four credential fields, the day the Chorus
// password expires, and the slot's own Test button with its last verdict (production can be
// tested without switching the app to production).
type slotForm struct {
	t          *companyTab
	env        domain.Env
	entries    map[domain.Field]*widget.Entry
	errs       map[domain.Field]*widget.Label
	expires    *widget.Entry
	expiresErr *widget.Label
	testB      *ttwidget.Button
	lastIcon   *widget.Icon
	last       *ttwidget.Label // last Test verdict and time in this environment
	box        *widgets.Section
}

func (t *companyTab) newSlotForm(env domain.Env) *slotForm {
	u := t.u
	s := &slotForm{t: t, env: env, entries: map[domain.Field]*widget.Entry{}, errs: map[domain.Field]*widget.Label{}}
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
	s.expires = widget.NewEntry()
	s.expires.SetPlaceHolder(i18n.DateHint(u.lang))
	s.expires.OnChanged = func(string) { t.changed() }
	s.expiresErr = errorLabel()

	s.testB = ttwidget.NewButtonWithIcon(u.t("setupui.test.run_slot"), theme.MediaPlayIcon(), func() {
		u.touch()
		t.test.start(env)
	})
	s.lastIcon = widget.NewIcon(nil)
	s.last = oneLine()
	// The slot's last verdict shares the heading's line; its Test button and the password's
	// expiry day share the last line: the slot stays six lines high.
	verdict := container.NewBorder(nil, nil, s.lastIcon, nil, s.last)
	expiry := container.NewBorder(nil, nil, widget.NewLabel(u.t("setupui.field.expires")), nil, s.expires)
	footer := container.NewVBox(container.NewBorder(nil, nil, s.testB, nil, expiry), s.expiresErr)
	s.box = widgets.NewSection(u.t("gui.card."+string(env)), verdict, container.NewVBox(form, footer))
	return s
}

func (s *slotForm) fill(cr domain.Slot, expires string) {
	for f, e := range s.entries {
		e.SetText(cr.Get(f))
		if isSecret(f) && widgets.Revealed(e) {
			widgets.Reveal(e, false)
		}
	}
	s.expires.SetText(s.t.u.dateText(expires))
}

func (s *slotForm) credentials() domain.Slot {
	var cr domain.Slot
	for f, e := range s.entries {
		cr.Set(f, e.Text)
	}
	return cr
}

// expiresValue is the expiry day as stored (YYYY-MM-DD) when the entry holds a date in the
// user's form, else the text as typed (the save is then refused under the field).
func (s *slotForm) expiresValue() string {
	if d, ok := i18n.ParseDate(s.t.u.lang, s.expires.Text); ok {
		return d.Format(domain.ISODate)
	}
	return s.expires.Text
}

// datesValid shows a message under an expiry day that is not a date.
func (s *slotForm) datesValid() bool {
	text := s.expires.Text
	if _, ok := i18n.ParseDate(s.t.u.lang, text); ok || text == "" {
		setError(s.expiresErr, "")
		return true
	}
	setError(s.expiresErr, s.t.u.t("setupui.field.expires_format", i18n.DateHint(s.t.u.lang)))
	return false
}

// errorFor is the label under a field named by a core.Problem ("" fields have none).
func (s *slotForm) errorFor(field string) *widget.Label {
	if field == domain.FieldPasswordExpires {
		return s.expiresErr
	}
	return s.errs[domain.Field(field)]
}

func (s *slotForm) clearErrors() {
	for _, l := range s.errs {
		setError(l, "")
	}
	setError(s.expiresErr, "")
}

func (s *slotForm) wipe() {
	for f, e := range s.entries {
		widgets.Wipe(e, isSecret(f))
	}
	s.expires.SetText("")
	setOneLine(s.last, "", widget.MediumImportance)
	s.lastIcon.SetResource(nil)
}

// showLast paints the slot's footer with the last Test result of its environment.
func (s *slotForm) showLast(r domain.TestResult, ok bool) {
	u := s.t.u
	switch {
	case !ok:
		setOneLine(s.last, u.t("setupui.test.never"), widget.MediumImportance)
		s.lastIcon.SetResource(nil)
	case r.OK:
		setOneLine(s.last, u.t(u.whenKey("setupui.test.passed", r.Time), u.whenShort(r.Time)), widget.SuccessImportance)
		s.lastIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	default:
		setOneLine(s.last, u.t(u.whenKey("setupui.test.failed", r.Time), u.whenShort(r.Time)), widget.DangerImportance)
		s.lastIcon.SetResource(theme.NewErrorThemedResource(theme.CancelIcon()))
	}
}

// setTestTip says which setup the slot's Test button will test.
func (s *slotForm) setTestTip(tip string) {
	sc := ""
	if s.env == s.t.u.main.env {
		sc = " (" + shortcutTest + ")"
	}
	s.testB.SetToolTip(tip + sc)
}

// whenKey is prefix_today for a time of today (an hour: "at"), prefix_at otherwise (a day: "on").
func (u *UI) whenKey(prefix string, t time.Time) string {
	if t.Local().Format(domain.ISODate) == u.now().Local().Format(domain.ISODate) {
		return prefix + "_today"
	}
	return prefix + "_at"
}

// whenShort is a time as a short line has room for: the hour today, the day otherwise.
func (u *UI) whenShort(t time.Time) string {
	t = t.Local()
	if t.Format(domain.ISODate) == u.now().Local().Format(domain.ISODate) {
		return t.Format("15:04")
	}
	return i18n.FormatDate(u.lang, t)
}
