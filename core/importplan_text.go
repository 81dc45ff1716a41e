package core

import (
	"strconv"
	"strings"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Lines renders the plan in lang, one line per part, as both faces show it: what is added
// (+), changed (~), left as it is (=) and in conflict (!), then a summary. Secrets are never
// shown, only whether they are set, changed or removed. opt decides how conflicts read
// (kept, or replaced by the bundle's copy).
func (p ImportPlan) Lines(lang i18n.Lang, opt ImportOptions) []string {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	out := []string{t("secrets.import.header", i18n.FormatDateTime(lang, p.Created.Local()))}
	for _, c := range p.Companies {
		if c.Company.Action == ImportKeep {
			out = append(out, t("secrets.import.keep", c.Code))
			continue
		}
		out = append(out, partLine(lang, opt, "company", c.Code, c.Company))
		out = append(out, partLine(lang, opt, "setup", c.Code, c.Setup))
	}
	for _, s := range p.Settings {
		what := t("secrets.import.autolock")
		if s.Setting == "endpoints" {
			what = t("secrets.import.endpoints", envName(lang, s.Env))
		}
		out = append(out, partLine(lang, opt, "setting", what, s.Part))
	}
	if p.BundleEnv != "" && p.BundleEnv != p.ActiveEnv {
		out = append(out, t("secrets.import.env_differs", envName(lang, p.ActiveEnv), envName(lang, p.BundleEnv)))
	} else {
		out = append(out, t("secrets.import.env_same", envName(lang, p.ActiveEnv)))
	}
	unchanged := p.count(ImportSame)
	for _, c := range p.Companies {
		if c.Company.Action == ImportKeep {
			unchanged++ // one line for a company only here
		}
	}
	out = append(out, t("secrets.import.summary", p.count(ImportAdd), p.count(ImportChange), unchanged, p.Conflicts()))
	if p.Conflicts() > 0 {
		if opt.OverwriteNewer {
			out = append(out, t("secrets.import.conflicts_overwritten"))
		} else {
			out = append(out, t("secrets.import.conflicts_kept"))
		}
	}
	return out
}

// partLine renders one part: kind is company, setup or setting; name is the company code or
// the setting's name.
func partLine(lang i18n.Lang, opt ImportOptions, kind, name string, part ImportPart) string {
	diffs := make([]string, 0, len(part.Changes))
	for _, d := range part.Changes {
		diffs = append(diffs, diffText(lang, d))
	}
	detail := strings.Join(diffs, i18n.T(lang, "secrets.import.sep"))
	action := string(part.Action)
	if part.Action == ImportConflict {
		if opt.OverwriteNewer {
			action = "conflict_overwritten"
		} else {
			action = "conflict_kept"
		}
		return i18n.T(lang, "secrets.import."+kind+"."+action, name,
			i18n.FormatDateTime(lang, part.Here.Local()), i18n.FormatDateTime(lang, part.Bundle.Local()), detail)
	}
	if part.Action == ImportSame {
		return i18n.T(lang, "secrets.import."+kind+".same", name)
	}
	return i18n.T(lang, "secrets.import."+kind+"."+action, name, detail)
}

func envName(lang i18n.Lang, e domain.Env) string {
	if e == "" {
		e = domain.Sandbox
	}
	return i18n.T(lang, "secrets.env."+string(e))
}

// diffText renders one difference; identifiers are shown, secrets only as set/changed/removed.
func diffText(lang i18n.Lang, d ImportDiff) string {
	old, new := d.Old, d.New
	switch d.Field {
	case "enabled":
		if new == "true" {
			return i18n.T(lang, "secrets.diff.enabled")
		}
		return i18n.T(lang, "secrets.diff.disabled")
	case "autolock":
		old, new = secondsText(lang, old), secondsText(lang, new)
	}
	state := "changed"
	switch {
	case old == "" && new != "":
		state = "set"
	case new == "":
		state = "removed"
	}
	key := "secrets.diff." + d.Field + "." + state
	if d.Env != "" {
		return i18n.T(lang, key, envName(lang, d.Env), old, new)
	}
	return i18n.T(lang, key, old, new)
}

func secondsText(lang i18n.Lang, s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || s == "" {
		return s
	}
	return i18n.FormatDuration(lang, time.Duration(n)*time.Second, true)
}
