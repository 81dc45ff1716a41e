package app

import (
	"context"

	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// conntestRunner is the production TestRunner: the conntest package against the saved setup
// (it also keeps the result as the last one of the company and environment).
func conntestRunner(ctx context.Context, svc *core.Service, req TestRequest,
	onStep func(int, domain.TestStep)) (domain.TestResult, error) {
	return conntest.ForCompany(ctx, svc, req.CompanyID, req.Env, conntest.Options{OnStep: onStep, Lang: req.Lang})
}
