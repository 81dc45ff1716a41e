package app

import (
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/widgets"
)

// tabState is what a company's tab shows at a glance in the active environment: which setup
// its invoices use (own, `*****` fallback, none), the last Test verdict, and whether the
// password of its own setup expires soon. It is read when the tab is drawn (visible tabs
// only) and cached until something changes.
func (u *UI) tabState(id string) widgets.TabState {
	m := u.main
	if m == nil {
		return widgets.TabState{}
	}
	p := m.companies
	if st, ok := p.states[id]; ok {
		return st
	}
	c, ok := p.byID[id]
	if !ok {
		return widgets.TabState{}
	}
	var st widgets.TabState
	env := m.env
	if r, err := u.svc.Resolve(id, env); err == nil {
		text, imp := u.resolutionText(c, r)
		st.KindTip = text
		switch imp {
		case widget.SuccessImportance:
			st.Kind = widgets.TabOwn
		case widget.WarningImportance:
			st.Kind = widgets.TabFallback
		default:
			st.Kind = widgets.TabNotTransferred
		}
	}
	if r, ok, err := u.svc.LastTestResult(id, env); err == nil && ok {
		when := i18n.FormatDateTime(u.lang, r.Time.Local())
		if r.OK {
			st.Verdict, st.VerdictTip = widgets.TabPassed, u.t("setupui.test.passed_at", when)
		} else {
			st.Verdict, st.VerdictTip = widgets.TabFailed, u.t("setupui.test.failed_at", when)
		}
	}
	if s, err := u.svc.SetupStatus(id); err == nil {
		st.AlertTip, st.Alert = u.expiryAlert(s.Expires, s.Sandbox, s.Production)
	}
	p.states[id] = st
	return st
}

// expiryAlert is the nearest password-expiry alert of a setup's filled slots, in words.
func (u *UI) expiryAlert(x domain.Expiry, sandbox, production bool) (string, widgets.TabAlert) {
	best, alert, bestDays := "", widgets.TabNoAlert, 0
	for _, env := range domain.Envs {
		if (env == domain.Sandbox && !sandbox) || (env == domain.Production && !production) {
			continue
		}
		state, days := domain.ExpiryStatus(x.Get(env), u.now())
		var a widgets.TabAlert
		switch state {
		case domain.ExpiryExpired:
			a = widgets.TabExpired
		case domain.ExpirySoon:
			a = widgets.TabExpiresSoon
		default:
			continue
		}
		if alert == widgets.TabNoAlert || days < bestDays {
			best, alert, bestDays = u.expiryText(env, x.Get(env), state, days), a, days
		}
	}
	return best, alert
}

// expiryText is the warning for one slot: "expires on … (in 5 days)" or "expired on …".
func (u *UI) expiryText(env domain.Env, day string, state domain.ExpiryState, days int) string {
	d, _ := domain.ParseExpiryDate(day)
	date, envName := i18n.FormatDate(u.lang, d), u.t("gui.env."+string(env))
	if state == domain.ExpiryExpired {
		return u.t("setupui.expiry.expired_on", envName, date)
	}
	return u.t("setupui.expiry.soon", envName, date, i18n.Count(u.lang, int64(days), "day"))
}

// expiryNotice is the tab header's warning about the company's own setup.
func (u *UI) expiryNotice(c domain.Company, st domain.Setup) (string, widgets.TabAlert) {
	return u.expiryAlert(st.Expires, !st.Sandbox.IsEmpty(), !st.Production.IsEmpty())
}
