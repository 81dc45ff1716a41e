package core

import (
	"strings"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// EnvSwitch is what switching the active environment to To does to the enabled setups: Empty
// lists the codes of the companies whose setup is enabled but has no credentials in To
// (domain.EnabledWithoutCredentials), `*****` first. Once switched, their invoices are held
// and the `*****` setup does not stand in for them.
type EnvSwitch struct {
	From, To domain.Env
	Empty    []string
}

// Warning is the sentence both faces show before (or, confirmed, after) such a switch, in
// lang; "" when the switch leaves no enabled setup without credentials.
func (w EnvSwitch) Warning(lang i18n.Lang) string {
	if len(w.Empty) == 0 {
		return ""
	}
	key := "core.env.empty_after.sandbox"
	if w.To == domain.Production {
		key = "core.env.empty_after.production"
	}
	return i18n.T(lang, key, len(w.Empty), strings.Join(w.Empty, ", "))
}

// EnvSwitchError refuses a switch of the active environment that would leave enabled setups
// without credentials, until the user confirms it (SetActiveEnv with confirmed). Exit code 2.
type EnvSwitchError struct{ EnvSwitch }

func (e *EnvSwitchError) Error() string { return e.Warning(i18n.EN) }

// Localize renders the refusal in lang (i18n.Message uses it).
func (e *EnvSwitchError) Localize(lang i18n.Lang) string { return e.Warning(lang) }

// ExitCode makes the refusal a usage error: the user has to confirm.
func (e *EnvSwitchError) ExitCode() int { return ExitUsage }

// PlanEnvSwitch says, writing nothing, what switching the active environment to to would leave
// without credentials: the window shows it in its confirmation, the command line before it
// asks for --yes. It is the check SetActiveEnv makes.
func (s *Service) PlanEnvSwitch(to domain.Env) (EnvSwitch, error) {
	ne, err := domain.ParseEnv(string(to))
	if err != nil {
		return EnvSwitch{}, validationError([]Problem{problem("", "env", err)})
	}
	var w EnvSwitch
	err = s.view(func(txn storage.Tx) (err error) {
		w, err = planEnvSwitch(txn, ne)
		return err
	})
	return w, err
}

// planEnvSwitch reads the active environment and every setup record's presence (no key).
func planEnvSwitch(txn storage.Tx, to domain.Env) (EnvSwitch, error) {
	from, err := activeEnv(txn)
	if err != nil {
		return EnvSwitch{}, err
	}
	w := EnvSwitch{From: from, To: to}
	if from == to {
		return w, nil
	}
	cs, err := allCompanies(txn)
	if err != nil {
		return w, err
	}
	setups := make(map[string]domain.Setup, len(cs))
	for _, c := range cs {
		r, err := readSetupRecord(txn, c.ID)
		if err != nil {
			return w, err
		}
		setups[c.ID] = r.presence()
	}
	w.Empty = domain.EnabledWithoutCredentials(cs, setups, to)
	return w, nil
}
