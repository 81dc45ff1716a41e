package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	ttwidget "github.com/dweymouth/fyne-tooltip/widget"

	"chorusdesk/conntest"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// stepNames are the names of conntest.Steps, in order (the one list of the Test's steps).
var stepNames = func() []string {
	var out []string
	for _, s := range conntest.Steps {
		out = append(out, s.Name)
	}
	return out
}()

// testPanel is the Test results of the selected company: which setup was tested (the one
// that applies: its own or `*****`'s), the live list of steps and the verdict. Each slot has
// its own Test button (slotForm.testB); the panel shows the environment last tested.
type testPanel struct {
	u       *UI
	tab     *companyTab
	heading *widget.Label
	verdict *widget.Label
	applies *ttwidget.Label // which setup the Test uses, and when it last ran
	cancel  *widget.Button
	note    *widget.Label // "unsaved changes: the test uses the saved values"
	rows    []*widgets.StepRow
	content fyne.CanvasObject

	env     domain.Env // the environment whose result is shown
	running bool
	stop    context.CancelFunc
	runID   int // bumps at each run so a stale run cannot paint over a newer one
	company string
}

func (u *UI) newTestPanel(tab *companyTab) *testPanel {
	p := &testPanel{u: u, tab: tab}
	p.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.verdict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.applies = oneLine()
	p.cancel = widget.NewButtonWithIcon(u.t("gui.cancel"), theme.CancelIcon(), func() { p.abort() })
	p.cancel.Hide()
	p.note = widget.NewLabel(u.t("gui.test.unsaved"))
	p.note.Importance = widget.WarningImportance
	p.note.Truncation = fyne.TextTruncateEllipsis
	p.note.Hide()
	// The steps are read-only lines: they overlap their labels' inner padding, so the four of
	// them take little more than four lines of text (the results fit a 700-px-high screen).
	rows := container.New(layout.NewCustomPaddedVBoxLayout(4 - 2*theme.InnerPadding()))
	for _, st := range conntest.Steps {
		r := widgets.NewStepRow(u.t(st.Key))
		r.FormatMS = func(ms int64) string { return i18n.FormatDuration(u.lang, time.Duration(ms)*time.Millisecond, false) }
		p.rows = append(p.rows, r)
		rows.Add(r)
	}
	head := container.NewBorder(nil, nil, container.NewHBox(p.heading, p.verdict), p.cancel)
	p.content = container.NewVBox(widget.NewSeparator(), head, p.applies, p.note, rows)
	return p
}

func (p *testPanel) showUnsaved() {
	if dirty := p.tab.dirty(); dirty != p.note.Visible() {
		if dirty {
			p.note.Show()
		} else {
			p.note.Hide()
		}
	}
}

// load shows, for the selected company, each slot's last verdict and the steps of the
// environment shown (the active one unless another was just tested).
func (p *testPanel) load() {
	u := p.u
	if u.main == nil || p.tab.company.ID == "" {
		return
	}
	if p.company != p.tab.company.ID || p.env == "" {
		p.env = u.main.env
	}
	for _, env := range domain.Envs {
		s := p.tab.slots[env]
		r, ok, err := u.svc.LastTestResult(p.tab.company.ID, env)
		s.showLast(r, ok && err == nil)
		s.setTestTip(p.appliesText(env))
	}
	if p.running && p.company == p.tab.company.ID {
		return
	}
	p.company = p.tab.company.ID
	p.resetRows()
	p.showHeading()
	r, ok, err := u.svc.LastTestResult(p.tab.company.ID, p.env)
	if err != nil || !ok {
		p.verdict.SetText("")
		setOneLine(p.applies, p.appliesText(p.env)+" "+u.t("setupui.test.never"), widget.MediumImportance)
		return
	}
	p.show(r)
}

func (p *testPanel) showHeading() {
	p.heading.SetText(p.u.t("setupui.test.heading", p.u.t("gui.env."+string(p.env))))
}

// appliesText says which setup the Test of env uses for the selected company.
func (p *testPanel) appliesText(env domain.Env) string {
	u := p.u
	c := p.tab.company
	envName := u.t("gui.env." + string(env))
	r, err := u.svc.Resolve(c.ID, env)
	switch {
	case err != nil:
		return u.errText(err)
	case r.Source == domain.SourceSpecific:
		return u.t("setupui.test.applies_own", c.Code, envName)
	case r.Source == domain.SourceDefault && c.IsDefault():
		return u.t("setupui.test.applies_own", domain.DefaultCode, envName)
	case r.Source == domain.SourceDefault:
		return u.t("setupui.test.applies_default", envName, c.Code)
	}
	return u.t("setupui.test.applies_none", c.Code, envName)
}

func (p *testPanel) resetRows() {
	for _, r := range p.rows {
		r.Set(widgets.StepPending, -1, "")
	}
}

// show paints a finished result.
func (p *testPanel) show(r domain.TestResult) {
	u := p.u
	for i, s := range r.Steps {
		p.setStep(i, s)
	}
	p.showVerdict(r.OK)
	setOneLine(p.applies, p.appliesText(r.Env)+" "+u.t("setupui.test.ran_at", i18n.FormatDateTimeSeconds(u.lang, r.Time.Local())),
		widget.MediumImportance)
}

func (p *testPanel) showVerdict(ok bool) {
	if ok {
		p.verdict.SetText(p.u.t("gui.test.ok"))
		p.verdict.Importance = widget.SuccessImportance
	} else {
		p.verdict.SetText(p.u.t("gui.test.failed"))
		p.verdict.Importance = widget.DangerImportance
	}
	p.verdict.Refresh()
}

// setStep paints step i; an unknown name is matched by position.
func (p *testPanel) setStep(i int, s domain.TestStep) {
	for j, n := range stepNames {
		if n == s.Name {
			i = j
		}
	}
	if i < 0 || i >= len(p.rows) {
		return
	}
	state := widgets.StepFailed
	switch {
	case s.Skipped:
		state = widgets.StepSkipped
	case s.OK:
		state = widgets.StepOK
	}
	ms := s.MS
	if s.Skipped {
		ms = -1
	}
	p.rows[i].Set(state, ms, s.Text(p.u.lang))
	if state != widgets.StepFailed && i+1 < len(p.rows) && p.running {
		p.rows[i+1].Set(widgets.StepRunning, -1, "")
	}
}

// start runs the Test of env on the saved values; with unsaved changes it offers to save
// first.
func (p *testPanel) start(env domain.Env) {
	u := p.u
	if p.running || p.tab.company.ID == "" {
		return
	}
	if p.tab.dirty() {
		u.confirm(u.t("gui.unsaved.title"), u.t("gui.test.save_first"), u.t("gui.test.save_and_test"), func() {
			p.tab.saveThen(func() { p.run(env) })
		})
		return
	}
	p.run(env)
}

// run starts the Test of env in the background; each step is painted as soon as it ends.
func (p *testPanel) run(env domain.Env) {
	u := p.u
	id := p.tab.company.ID
	p.runID++
	runID := p.runID
	p.running, p.company, p.env = true, id, env
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	p.stop = cancel
	for _, s := range p.tab.slots {
		s.testB.Disable()
	}
	p.cancel.Show()
	p.resetRows()
	p.showHeading()
	p.rows[0].Set(widgets.StepRunning, -1, "")
	p.verdict.SetText(u.t("gui.test.running"))
	p.verdict.Importance = widget.MediumImportance
	p.verdict.Refresh()
	setOneLine(p.applies, p.appliesText(env), widget.MediumImportance)
	current := func() bool { return p.runID == runID && p.tab.company.ID == id }
	runner, req := u.runTest, TestRequest{CompanyID: id, Env: env, Lang: u.lang}
	u.runAsync(func() {
		defer cancel()
		res, err := runner(ctx, u.svc, req, func(i int, s domain.TestStep) {
			fyne.Do(func() {
				if current() {
					p.setStep(i, s)
				}
			})
		})
		fyne.Do(func() {
			if p.runID != runID {
				return
			}
			p.running = false
			for _, s := range p.tab.slots {
				s.testB.Enable()
			}
			p.cancel.Hide()
			if u.main != nil {
				u.main.companies.invalidate(id)
			}
			if !current() {
				return
			}
			if err != nil {
				p.verdict.SetText(u.errText(err))
				p.verdict.Importance = widget.DangerImportance
				p.verdict.Refresh()
				return
			}
			p.show(res)
			if r, ok, err := u.svc.LastTestResult(id, env); err == nil {
				p.tab.slots[env].showLast(r, ok)
			}
			p.tab.expiryRead()
		})
	})
}

func (p *testPanel) abort() {
	if p.stop != nil {
		p.stop()
	}
}

// wipe forgets what was shown (lock).
func (p *testPanel) wipe() {
	p.abort()
	p.runID++
	p.running = false
	p.company, p.env = "", ""
	for _, s := range p.tab.slots {
		s.testB.Enable()
	}
	p.cancel.Hide()
	p.resetRows()
	p.verdict.SetText("")
	setOneLine(p.applies, "", widget.MediumImportance)
}
