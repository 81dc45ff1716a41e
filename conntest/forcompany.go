package conntest

import (
	"context"

	"chorusdesk/core"
	"chorusdesk/domain"
)

// ForCompany runs the Test on the setup that APPLIES to companyID for env — its own when it is
// enabled, else the `*****` one (the result's Source and SetupFrom say which); when no setup
// is enabled yet, the company's own is tested so it can be checked before it is enabled. It
// uses the saved endpoints of env (the active environment is not switched) and the company's
// SIRET, then keeps the result as the company's last one for env.
func ForCompany(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (domain.TestResult, error) {
	co, err := svc.CompanyByID(companyID)
	if err != nil {
		return domain.TestResult{}, err
	}
	ep, err := svc.Endpoints(env)
	if err != nil {
		return domain.TestResult{}, err
	}
	res, creds, err := svc.ResolveCredentials(companyID, env)
	if err != nil {
		return domain.TestResult{}, err
	}
	opt.Company, opt.Env, opt.Source, opt.SetupFrom = co.Code, env, res.Source, res.SetupFrom
	if res.Source == domain.SourceNone {
		st, err := svc.Setup(companyID)
		if err != nil {
			return domain.TestResult{}, err
		}
		creds, opt.SetupFrom = st.Slot(env), co.Code
	}
	out := Run(ctx, ep, creds, co.SIRET, opt)
	if err := svc.SaveTestResult(companyID, out); err != nil {
		return out, err
	}
	return out, nil
}
