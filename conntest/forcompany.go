package conntest

import (
	"context"

	"chorusdesk/core"
	"chorusdesk/domain"
)

// ForCompany runs the Test with the SAVED setup of companyID for env (its own slot, not the
// `*****` fallback: the Test checks what this company holds), the saved endpoints of env and the
// company's SIRET, then stores the result as the company's last one for env.
func ForCompany(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (domain.TestResult, error) {
	co, err := svc.CompanyByID(companyID)
	if err != nil {
		return domain.TestResult{}, err
	}
	st, err := svc.Setup(companyID)
	if err != nil {
		return domain.TestResult{}, err
	}
	ep, err := svc.Endpoints(env)
	if err != nil {
		return domain.TestResult{}, err
	}
	opt.Company, opt.Env = co.Code, env
	res := Run(ctx, ep, st.Slot(env), co.SIRET, opt)
	if err := svc.SaveTestResult(companyID, res); err != nil {
		return res, err
	}
	return res, nil
}
