package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/conntest"
	"chorusdesk/domain"
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

// testPanel is the Test button and the live list of its steps.
type testPanel struct {
	u       *UI
	tab     *companyTab
	button  *widget.Button
	cancel  *widget.Button
	note    *widget.Label // "unsaved changes: the test uses the saved values"
	verdict *widget.Label
	last    *widget.Label // time of the last result
	rows    []*widgets.StepRow
	content fyne.CanvasObject

	running bool
	stop    context.CancelFunc
	runID   int // bumps at each run so a stale run cannot paint over a newer one
	company string
}

func (u *UI) newTestPanel(tab *companyTab) *testPanel {
	p := &testPanel{u: u, tab: tab}
	p.button = widget.NewButtonWithIcon(u.t("gui.test.run"), theme.MediaPlayIcon(), func() { u.touch(); p.start() })
	p.cancel = widget.NewButtonWithIcon(u.t("gui.cancel"), theme.CancelIcon(), func() { p.abort() })
	p.cancel.Hide()
	p.note = widget.NewLabel(u.t("gui.test.unsaved"))
	p.note.Importance = widget.WarningImportance
	p.note.Wrapping = fyne.TextWrapWord
	p.note.Hide()
	p.verdict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.last = widget.NewLabel("")
	rows := container.NewVBox()
	for _, st := range conntest.Steps {
		r := widgets.NewStepRow(u.t(st.Key))
		p.rows = append(p.rows, r)
		rows.Add(r)
	}
	title := widget.NewLabelWithStyle(u.t("gui.test.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.content = container.NewVBox(container.NewHBox(title, p.button, p.cancel, p.verdict), p.note, rows, p.last)
	return p
}

func (p *testPanel) showUnsaved() {
	if dirty := p.tab.dirty(); dirty != p.note.Visible() {
		if dirty {
			p.note.Show()
		} else {
			p.note.Hide()
		}
		p.tab.relayout()
	}
}

// load shows the last result kept for the selected company and the active environment.
func (p *testPanel) load() {
	u := p.u
	if p.running && p.company == p.tab.company.ID {
		return
	}
	p.resetRows()
	p.verdict.SetText("")
	p.last.SetText(u.t("gui.test.never"))
	if p.tab.company.ID == "" || u.main == nil {
		return
	}
	r, ok, err := u.svc.LastTestResult(p.tab.company.ID, u.main.env)
	if err != nil || !ok {
		return
	}
	p.show(r)
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
	p.last.SetText(u.t("gui.test.last", u.t("gui.env."+string(r.Env)), r.Time.Local().Format("2006-01-02 15:04:05")))
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

// start runs the Test on the saved values; with unsaved changes it offers to save first.
func (p *testPanel) start() {
	u := p.u
	if p.running || p.tab.company.ID == "" {
		return
	}
	if p.tab.dirty() {
		u.confirm(u.t("gui.unsaved.title"), u.t("gui.test.save_first"), u.t("gui.test.save_and_test"), func() {
			p.tab.saveThen(p.run)
		})
		return
	}
	p.run()
}

// run starts the Test in the background; each step is painted as soon as it ends.
func (p *testPanel) run() {
	u := p.u
	id, env := p.tab.company.ID, u.main.env
	p.runID++
	runID := p.runID
	p.running, p.company = true, id
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	p.stop = cancel
	p.button.Disable()
	p.cancel.Show()
	p.resetRows()
	p.rows[0].Set(widgets.StepRunning, -1, "")
	p.verdict.SetText(u.t("gui.test.running"))
	p.verdict.Importance = widget.MediumImportance
	p.verdict.Refresh()
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
			p.button.Enable()
			p.cancel.Hide()
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
	p.button.Enable()
	p.cancel.Hide()
	p.resetRows()
	p.verdict.SetText("")
	p.last.SetText("")
}
