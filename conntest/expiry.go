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
// needs the account to be accepted. The client is one the lock reaches (oneShot): a lock
// meanwhile stops the call with core.ErrLocked and keeps nothing.
func ReadPasswordExpiry(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (day string, ok bool, err error) {
	var owner string // the company whose setup applies
	err = oneShot(ctx, svc, env, opt, func() (domain.Credentials, bool, error) {
		res, creds, err := svc.ResolveCredentials(companyID, env)
		if err != nil || !res.Transfer || res.SetupFrom == "" {
			return creds, false, err
		}
		c, err := svc.Company(res.SetupFrom)
		owner = c.ID
		return creds, err == nil, err
	}, func(ctx context.Context, client *chorusapi.Client) error {
		var err error
		day, ok, err = client.PasswordExpiry(ctx)
		return err
	})
	if err != nil || !ok {
		return "", false, err
	}
	return day, true, svc.SetPasswordExpiry(owner, env, day)
}
