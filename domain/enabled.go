package domain

import "chorusdesk/i18n"

// An enabled setup is the one that applies to its company (Resolve): enabled with an empty slot
// for the active environment, it would hold every invoice of the company ("enabled but has no
// credentials") and stop the `*****` fallback from standing in, silently. So an enabled setup
// always has credentials for the active environment: CheckEnable refuses to switch the flag on
// without them, CheckEnabledKeepsCredentials refuses a save that would take them away, and
// EnabledWithoutCredentials lists who a switch of the active environment would leave without.

// CheckEnabledKeepsCredentials refuses to save st when it is enabled and its slot for the
// active environment env is empty (a cleared slot, an emptied form): the user disables the
// setup first, or keeps its credentials.
func CheckEnabledKeepsCredentials(st Setup, env Env) error {
	if st.Enabled && st.Slot(env).IsEmpty() {
		return i18n.Errorf("domain.setup.enabled_empty." + string(env))
	}
	return nil
}

// EnabledWithoutCredentials returns the codes, in the order given, of the companies whose setup
// is enabled but has an empty slot for env: what making env the active environment would leave
// without credentials. setups holds each company's setup (its presence is enough).
func EnabledWithoutCredentials(companies []Company, setups map[string]Setup, env Env) []string {
	var out []string
	for _, c := range companies {
		if st := setups[c.ID]; st.Enabled && st.Slot(env).IsEmpty() {
			out = append(out, c.Code)
		}
	}
	return out
}
