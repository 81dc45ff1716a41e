package app

import (
	"context"

	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// conntestRunner is the production TestRunner: the Test as both faces run it
// (conntest.ForCompanyWithExpiry) on the saved setup that applies — it keeps the result as the
// last one of the company and environment, says "expired" on a failed account step of an
// expired password, and after a passing Test keeps the expiry day Chorus Pro gives.
func conntestRunner(ctx context.Context, svc *core.Service, req TestRequest,
	onStep func(int, domain.TestStep)) (domain.TestResult, error) {
	return conntest.ForCompanyWithExpiry(ctx, svc, req.CompanyID, req.Env, conntest.Options{OnStep: onStep, Lang: req.Lang, CheckAPIs: true})
}
