package conntest

import (
	"context"
	"sync/atomic"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// ForCompany runs the Test on the setup that APPLIES to companyID for env — its own when it is
// enabled, else the `*****` one (the result's Source and SetupFrom say which); when no setup
// is enabled yet, the company's own is tested so it can be checked before it is enabled. It
// uses the saved endpoints of env (the active environment is not switched) and the company's
// SIRET, then keeps the result as the company's last one for env.
//
// Only the one slot is opened, as bytes, and handed to Run, which wipes it once its client is
// built. A lock during the Test stops it (the run's context is cancelled and its token cache
// wiped, so its client answers core.ErrLocked): ForCompany then returns core.ErrLocked and
// stores nothing.
func ForCompany(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (domain.TestResult, error) {
	co, err := svc.CompanyByID(companyID)
	if err != nil {
		return domain.TestResult{}, err
	}
	ep, err := svc.Endpoints(env)
	if err != nil {
		return domain.TestResult{}, err
	}
	if opt.Tokens == nil {
		opt.Tokens = chorusapi.NewTokenCache()
		defer opt.Tokens.Wipe()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var locked atomic.Bool
	stop := svc.OnLock(func() {
		locked.Store(true)
		cancel()
		opt.Tokens.Wipe()
	})
	defer stop()
	res, creds, err := svc.ResolveCredentials(companyID, env)
	if err != nil {
		return domain.TestResult{}, err
	}
	opt.Company, opt.Env, opt.Source, opt.SetupFrom = co.Code, env, res.Source, res.SetupFrom
	if res.Source == domain.SourceNone {
		if creds, err = svc.SlotCredentials(companyID, env); err != nil {
			return domain.TestResult{}, err
		}
		opt.SetupFrom = co.Code
	}
	out := Run(ctx, ep, creds, co.SIRET, opt)
	if locked.Load() {
		return domain.TestResult{}, core.ErrLocked
	}
	if err := svc.SaveTestResult(companyID, out); err != nil {
		return out, err
	}
	return out, nil
}
