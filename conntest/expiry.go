package conntest

import (
	"context"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// MarkExpired rewrites the failed account step of res when the tested slot's password is known
// to have expired (its expiry day, expires, has come): Chorus Pro answers an expired password
// with the same 401 as a wrong one, and the user should learn which it is. It reports whether
// the step was rewritten.
func MarkExpired(res *domain.TestResult, expires string, today time.Time, lang i18n.Lang) bool {
	st, _ := domain.ExpiryStatus(expires, today)
	if st != domain.ExpiryExpired {
		return false
	}
	for i, s := range res.Steps {
		if s.Name == StepAccount && !s.OK && !s.Skipped {
			// Kept as a key and its argument, so the step re-renders in the language of the
			// day; the message is filled too, for readers of the old field.
			d, _ := domain.ParseExpiryDate(expires)
			day := d.Format(domain.ISODate)
			res.Steps[i].Key, res.Steps[i].Args, res.Steps[i].Raw = "setupui.test.expired", []any{day}, ""
			res.Steps[i].Message = i18n.T(lang, "setupui.test.expired", day)
			return true
		}
	}
	return false
}

// ReadPasswordExpiry asks Chorus Pro on which day the password of the setup that applies to
// companyID in env expires (its own or `*****`'s) and keeps the day on that setup's slot. ok is
// false when no setup applies or Chorus Pro gives no date. Call it after a passing Test: it
// needs the account to be accepted.
func ReadPasswordExpiry(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (day string, ok bool, err error) {
	opt.defaults()
	res, creds, err := svc.ResolveCredentials(companyID, env)
	defer creds.Wipe()
	if err != nil || !res.Transfer || res.SetupFrom == "" {
		return "", false, err
	}
	owner, err := svc.Company(res.SetupFrom)
	if err != nil {
		return "", false, err
	}
	ep, err := svc.Endpoints(env)
	if err != nil {
		return "", false, err
	}
	client := chorusapi.New(chorusapi.Config{Env: env, Endpoints: ep, Creds: creds, Timeout: opt.Timeout, HTTPClient: opt.HTTPClient})
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	day, ok, err = client.PasswordExpiry(ctx)
	if err != nil || !ok {
		return "", false, err
	}
	return day, true, svc.SetPasswordExpiry(owner.ID, env, day)
}
