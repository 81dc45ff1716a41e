package conntest

import (
	"context"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// ForCompanyWithExpiry is the Test as both faces run it (the window's Test button, the
// command line's `test`): ForCompany, and around the password's expiry what the user must
// learn. A failed account step of a password whose expiry day (kept on the slot of the setup
// tested) has come says "expired" rather than "wrong" — already in what OnStep is handed, so a
// face printing the steps live prints that — and the stored result says so too. A passing Test
// asks Chorus Pro for the expiry day and keeps it (ReadPasswordExpiry); that second question is
// best effort: an answer without a date, or a network hiccup, leaves the day as it was.
func ForCompanyWithExpiry(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (domain.TestResult, error) {
	expires := testedExpiry(svc, companyID, env)
	today := svc.Now()
	if onStep := opt.OnStep; onStep != nil {
		opt.OnStep = func(i int, s domain.TestStep) {
			markStepExpired(&s, expires, today, opt.Lang)
			onStep(i, s)
		}
	}
	res, err := ForCompany(ctx, svc, companyID, env, opt)
	if err != nil {
		return res, err
	}
	if !res.OK {
		if MarkExpired(&res, expires, today, opt.Lang) {
			err = svc.SaveTestResult(companyID, res)
		}
		return res, err
	}
	_, _, _ = ReadPasswordExpiry(ctx, svc, companyID, env, Options{Lang: opt.Lang, Timeout: opt.Timeout, HTTPClient: opt.HTTPClient})
	return res, nil
}

// testedExpiry is the expiry day kept for the password of the setup ForCompany tests for the
// company in env — the one that applies, else the company's own ("" when unknown).
func testedExpiry(svc *core.Service, companyID string, env domain.Env) string {
	r, err := svc.Resolve(companyID, env)
	if err != nil {
		return ""
	}
	owner := companyID
	if r.Source == domain.SourceDefault {
		def, err := svc.Company(domain.DefaultCode)
		if err != nil {
			return ""
		}
		owner = def.ID
	}
	st, err := svc.SetupStatus(owner)
	if err != nil {
		return ""
	}
	return st.Expires.Get(env)
}

// MarkExpired rewrites the failed account step of res when the tested slot's password is known
// to have expired (its expiry day, expires, has come): Chorus Pro answers an expired password
// with the same 401 as a wrong one, and the user should learn which it is. It reports whether
// the step was rewritten.
func MarkExpired(res *domain.TestResult, expires string, today time.Time, lang i18n.Lang) bool {
	for i := range res.Steps {
		if markStepExpired(&res.Steps[i], expires, today, lang) {
			return true
		}
	}
	return false
}

// markStepExpired is MarkExpired for one step: only a failed (not skipped) account step of an
// expired password is rewritten.
func markStepExpired(s *domain.TestStep, expires string, today time.Time, lang i18n.Lang) bool {
	if s.Name != StepAccount || s.OK || s.Skipped {
		return false
	}
	if st, _ := domain.ExpiryStatus(expires, today); st != domain.ExpiryExpired {
		return false
	}
	// Kept as a key and its argument, so the step re-renders in the language of the day; the
	// message is filled too, for readers of the old field.
	d, _ := domain.ParseExpiryDate(expires)
	day := d.Format(domain.ISODate)
	s.Key, s.Args, s.Raw = "setupui.test.expired", []any{day}, ""
	s.Message = i18n.T(lang, "setupui.test.expired", day)
	return true
}

// ReadPasswordExpiry asks Chorus Pro on which day the password of the setup ForCompany tests
// for companyID in env expires — the one that applies (its own or `*****`'s), else, when no
// setup is enabled, the company's own — and keeps the day on that setup's slot. ok is false
// when that slot is not complete or Chorus Pro gives no date. Call it after a passing Test: it
// needs the account to be accepted. The client is one the lock reaches (oneShot): a lock
// meanwhile stops the call with core.ErrLocked and keeps nothing.
func ReadPasswordExpiry(ctx context.Context, svc *core.Service, companyID string, env domain.Env, opt Options) (day string, ok bool, err error) {
	var owner string // the company whose setup is asked about
	err = oneShot(ctx, svc, env, opt, func() (domain.Credentials, bool, error) {
		res, creds, err := svc.ResolveCredentials(companyID, env)
		switch {
		case err != nil:
			return creds, false, err
		case res.Source == domain.SourceNone:
			owner = companyID
			creds, err = svc.SlotCredentials(companyID, env)
		case !res.Transfer:
			return creds, false, nil
		default:
			var c domain.Company
			c, err = svc.Company(res.SetupFrom)
			owner = c.ID
		}
		return creds, err == nil && complete(creds), err
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

// complete reports whether every field of a slot is there (a client needs all four).
func complete(c domain.Credentials) bool {
	for _, f := range domain.Fields {
		if !c.Has(f) {
			return false
		}
	}
	return true
}
