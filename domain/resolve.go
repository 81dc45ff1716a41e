package domain

import "chorusdesk/i18n"

// Resolve applies the rule of docs/rules.md, Which setup applies, for company c in environment
// env. own is c's setup and def the `*****` setup. When c is the default company itself its own
// setup is the `*****` setup, so def is ignored and rule 1 alone decides (then rule 3).
//
//  1. c's setup is enabled → it is used; an empty slot for env means not transferred;
//  2. otherwise the `*****` setup is enabled → it is used with a warning; empty slot → not transferred;
//  3. otherwise not transferred.
func Resolve(c Company, env Env, own Setup, def Setup) Resolution {
	r := Resolution{Company: c.Code, Env: env}
	switch {
	case own.Enabled:
		r.Source, r.SetupFrom = SourceSpecific, c.Code
		r.Transfer = !own.Slot(env).IsEmpty()
	case !c.IsDefault() && def.Enabled:
		r.Source, r.SetupFrom = SourceDefault, DefaultCode
		r.Transfer = !def.Slot(env).IsEmpty()
		r.Warning = i18n.Errorf("domain.resolve.warning_default").Error()
	default:
		r.Source = SourceNone
	}
	r.Reason = r.ReasonError().Error()
	return r
}

// ReasonError gives the reason of r as a translatable message. It is derived from the
// outcome fields, so a Resolution read back from JSON explains itself in any language.
func (r Resolution) ReasonError() *i18n.Error {
	env := string(r.Env)
	switch r.Source {
	case SourceSpecific:
		if r.Transfer {
			return i18n.Errorf("domain.resolve.specific_ok."+env, r.Company)
		}
		return i18n.Errorf("domain.resolve.specific_empty."+env, r.Company)
	case SourceDefault:
		if r.Transfer {
			return i18n.Errorf("domain.resolve.default_ok."+env, r.Company)
		}
		return i18n.Errorf("domain.resolve.default_empty."+env, r.Company)
	}
	if r.Company == DefaultCode {
		return i18n.Errorf("domain.resolve.none_default")
	}
	return i18n.Errorf("domain.resolve.none", r.Company)
}

// WarningError gives the warning of r as a translatable message, nil when there is none.
func (r Resolution) WarningError() *i18n.Error {
	if r.Source != SourceDefault {
		return nil
	}
	return i18n.Errorf("domain.resolve.warning_default")
}
