package core

import (
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// The details of the audit entries, as messages (translation/audit): an entry is stored
// with its message keys and arguments, so it reads in the language of whoever reads the
// journal, with dates and durations in their form. No argument is ever a secret's value.

// envWord is the name of an environment inside a sentence (sandbox / bac à sable).
func envWord(e domain.Env) i18n.Msg { return i18n.M("audit.env." + string(e)) }

// noneOr is s, or the word for "none" when s is empty.
func noneOr(s string) any {
	if s == "" {
		return i18n.M("audit.none")
	}
	return s
}

// dayOr is the calendar day d (YYYY-MM-DD) in the reader's form, or "none" when empty.
func dayOr(d string) any {
	if d == "" {
		return i18n.M("audit.none")
	}
	return i18n.Day(d)
}

func companyDetail(c domain.Company) []i18n.Msg {
	d := []i18n.Msg{i18n.M("audit.company.name", c.Name)}
	if c.SIRET != "" {
		d = append(d, i18n.M("audit.company.siret", c.SIRET))
	}
	return d
}

func companyChange(old, c domain.Company) []i18n.Msg {
	var parts []i18n.Msg
	if old.Name != c.Name {
		parts = append(parts, i18n.M("audit.company.name_changed", old.Name, c.Name))
	}
	if old.SIRET != c.SIRET {
		parts = append(parts, i18n.M("audit.company.siret_changed", noneOr(old.SIRET), noneOr(c.SIRET)))
	}
	return parts
}

// expiryChanges names the expiry dates that differ.
func expiryChanges(old, new domain.Expiry) []i18n.Msg {
	var out []i18n.Msg
	for _, e := range domain.Envs {
		if o, n := old.Get(e), new.Get(e); o != n {
			out = append(out, i18n.M("audit.setup.expiry", envWord(e), dayOr(o), dayOr(n)))
		}
	}
	return out
}

// setupChanges names what differs between two setups, never a value of a credential field.
func setupChanges(old, new domain.Setup) []i18n.Msg {
	var out []i18n.Msg
	if old.Enabled != new.Enabled {
		if new.Enabled {
			out = append(out, i18n.M("audit.setup.enabled"))
		} else {
			out = append(out, i18n.M("audit.setup.disabled"))
		}
	}
	switch {
	case old.Tag == new.Tag:
	case old.Tag == "":
		out = append(out, i18n.M("audit.setup.tag_set", new.Tag))
	case new.Tag == "":
		out = append(out, i18n.M("audit.setup.tag_removed", old.Tag))
	default:
		out = append(out, i18n.M("audit.setup.tag", old.Tag, new.Tag))
	}
	out = append(out, expiryChanges(old.Expires, new.Expires)...)
	for _, e := range domain.Envs {
		o, n := old.Slot(e), new.Slot(e)
		for _, f := range domain.Fields {
			field := i18n.M("audit.field." + string(f))
			ov, nv := o.Get(f), n.Get(f)
			switch {
			case ov == nv:
			case ov == "":
				out = append(out, i18n.M("audit.setup.field_set", envWord(e), field))
			case nv == "":
				out = append(out, i18n.M("audit.setup.field_removed", envWord(e), field))
			default:
				out = append(out, i18n.M("audit.setup.field_changed", envWord(e), field))
			}
		}
	}
	return out
}

// setupEnabled is the detail of an enable or a disable.
func setupEnabled(enabled bool) i18n.Msg {
	if enabled {
		return i18n.M("audit.setup.enable")
	}
	return i18n.M("audit.setup.disable")
}

func envChange(old, new domain.Env) i18n.Msg {
	return i18n.M("audit.env", envWord(old), envWord(new))
}

// endpointsChange names the URLs of e that changed (URLs are not secret).
func endpointsChange(e domain.Env, old, new domain.Endpoints) []i18n.Msg {
	var out []i18n.Msg
	if old.OAuthURL != new.OAuthURL {
		out = append(out, i18n.M("audit.endpoints.oauth", envWord(e), old.OAuthURL, new.OAuthURL))
	}
	if old.APIURL != new.APIURL {
		key := "audit.endpoints.api"
		if len(out) == 0 {
			key = "audit.endpoints.api_first"
		}
		out = append(out, i18n.M(key, envWord(e), old.APIURL, new.APIURL))
	}
	return out
}

func autoLockChange(old, new time.Duration) i18n.Msg {
	return i18n.M("audit.autolock", old, new)
}

func moveDetail(from, to string, overwritten bool) i18n.Msg {
	if overwritten {
		return i18n.M("audit.move.overwritten", from, to)
	}
	return i18n.M("audit.move", from, to)
}

func inboxChange(old, new string) i18n.Msg {
	return i18n.M("audit.inbox", noneOr(old), noneOr(new))
}
