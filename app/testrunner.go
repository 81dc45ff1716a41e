package app

import (
	"context"

	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// conntestRunner is the production TestRunner: the conntest package on the saved setup that
// applies (it also keeps the result as the last one of the company and environment). Then,
// around the password's expiry: a failed account step of an expired password says so, and a
// passing Test asks Chorus Pro for the expiry day and keeps it.
func conntestRunner(ctx context.Context, svc *core.Service, req TestRequest,
	onStep func(int, domain.TestStep)) (domain.TestResult, error) {
	opt := conntest.Options{OnStep: onStep, Lang: req.Lang, CheckAPIs: true}
	res, err := conntest.ForCompany(ctx, svc, req.CompanyID, req.Env, opt)
	if err != nil {
		return res, err
	}
	if !res.OK {
		if exp := appliedExpiry(svc, req.CompanyID, req.Env); conntest.MarkExpired(&res, exp, svc.Now(), req.Lang) {
			err = svc.SaveTestResult(req.CompanyID, res)
		}
		return res, err
	}
	// Best effort: an answer without a date, or a network hiccup, leaves the day as it was.
	_, _, _ = conntest.ReadPasswordExpiry(ctx, svc, req.CompanyID, req.Env, conntest.Options{Lang: req.Lang})
	return res, nil
}

// appliedExpiry is the expiry day kept for the password of the setup that applies to the
// company in env ("" when unknown).
func appliedExpiry(svc *core.Service, companyID string, env domain.Env) string {
	owner, ok := appliedOwner(svc, companyID, env)
	if !ok {
		return ""
	}
	st, err := svc.SetupStatus(owner)
	if err != nil {
		return ""
	}
	return st.Expires.Get(env)
}

// appliedOwner is the ID of the company whose setup applies to companyID in env.
func appliedOwner(svc *core.Service, companyID string, env domain.Env) (string, bool) {
	r, err := svc.Resolve(companyID, env)
	if err != nil || r.Source == domain.SourceNone {
		return "", false
	}
	if r.Source == domain.SourceSpecific {
		return companyID, true
	}
	def, err := svc.Company(domain.DefaultCode)
	if err != nil {
		return "", false
	}
	return def.ID, true
}
