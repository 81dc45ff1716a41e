package domain

import (
	"strings"

	"chorusdesk/i18n"
)

// SlotOwner is another company's saved setup, as the environment rule needs to see it.
type SlotOwner struct {
	CompanyID, CompanyCode string
	Setup                  Setup
}

// Other returns the environment that is not e.
func (e Env) Other() Env {
	if e == Production {
		return Sandbox
	}
	return Production
}

// CheckEnvironmentRule applies the environment rule (docs/rules.md, The environment rule) to setup
// s about to be saved for company companyID: a PISTE client ID or secret found in any sandbox slot
// may not appear in any production slot, and the other way round, across every company including
// the company's own other slot. others may include the company's own saved setup: it is skipped
// because s replaces it. Messages name the other company and environment, never the value.
func CheckEnvironmentRule(companyID, companyCode string, s Setup, others []SlotOwner) []Issue {
	var issues []Issue
	for _, e := range Envs {
		for _, f := range []Field{FieldClientID, FieldClientSecret} {
			v := s.Slot(e).Get(f)
			if v == "" {
				continue
			}
			if owner, ok := usedInEnv(companyID, companyCode, s, others, e.Other(), f, v); ok {
				issues = append(issues, Issue{Env: e, Field: string(f),
					Err: i18n.Errorf("domain.envrule."+string(e)+"."+string(f), owner)})
			}
		}
	}
	return issues
}

// usedInEnv finds the first company (the company itself first, then others in order) whose
// slot for env holds v in field f, and returns its code.
func usedInEnv(companyID, companyCode string, s Setup, others []SlotOwner, env Env, f Field, v string) (string, bool) {
	if sameCredential(f, s.Slot(env).Get(f), v) {
		return companyCode, true
	}
	for _, o := range others {
		if o.CompanyID == companyID {
			continue
		}
		if sameCredential(f, o.Setup.Slot(env).Get(f), v) {
			return o.CompanyCode, true
		}
	}
	return "", false
}

// sameCredential compares two values of field f. Client IDs and logins are identifiers that
// servers treat case-insensitively in practice, so a change of case must not sneak past the
// rule; secrets are compared exactly.
func sameCredential(f Field, a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if f == FieldClientID || f == FieldLogin {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// SharedLoginWarnings warns (a warning, not a refusal) when the Chorus login of a
// slot of s is also the login of another company in the same environment. One warning per
// environment names every such company.
func SharedLoginWarnings(companyID string, s Setup, others []SlotOwner) []*i18n.Error {
	var out []*i18n.Error
	for _, e := range Envs {
		login := s.Slot(e).Login
		if login == "" {
			continue
		}
		var codes []string
		for _, o := range others {
			if o.CompanyID == companyID {
				continue
			}
			if sameCredential(FieldLogin, o.Setup.Slot(e).Login, login) {
				codes = append(codes, o.CompanyCode)
			}
		}
		if len(codes) > 0 {
			out = append(out, i18n.Errorf("domain.shared_login."+string(e), strings.Join(codes, ", ")))
		}
	}
	return out
}
