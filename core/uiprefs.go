package core

import (
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// The window's own choices are kept in the vault's settings, never in the desktop's global
// preferences: two vaults (a real one and `--demo`'s throwaway one, or two data directories)
// each keep their language, theme and inbox, and nothing outlives a removed vault. They are
// stored in plain text (no secret among them) so the unlock screen can read the language and
// the theme before the vault is open.
//
//	cfg/ui/lang            "en" | "fr"
//	cfg/ui/theme           "system" | "light" | "dark"
//	cfg/ui/inbox           folder watched for invoices (a path)
//	cfg/ui/guide           "done" once the first-run guide was dismissed
//	cfg/ui/expiry_notified YYYY-MM-DD of the last password-expiry notification
const (
	keyUILang           = "cfg/ui/lang"
	keyUITheme          = "cfg/ui/theme"
	keyUIInbox          = "cfg/ui/inbox"
	keyUIGuide          = "cfg/ui/guide"
	keyUIExpiryNotified = "cfg/ui/expiry_notified"
)

// ActionInbox is the audit action of a change of the watched inbox folder.
const ActionInbox = "inbox"

// Theme choices.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// UIPrefs are the window's per-vault choices; zero values mean "not chosen yet".
type UIPrefs struct {
	Lang           i18n.Lang // "" = the system locale's
	Theme          string    // "" = ThemeSystem
	Inbox          string    // "" = none chosen
	GuideDismissed bool
	ExpiryNotified string // day of the last expiry notification, YYYY-MM-DD
}

// UIPrefs reads the window's choices. It needs no key (the unlock screen uses it), and an
// empty data directory gives the zero value.
func (s *Service) UIPrefs() (UIPrefs, error) {
	var p UIPrefs
	err := s.view(func(txn storage.Tx) error {
		get := func(k string) (string, error) {
			v, _, err := getValue(txn, []byte(k))
			return string(v), err
		}
		var lang, guide string
		var err error
		for _, f := range []struct {
			key string
			dst *string
		}{{keyUILang, &lang}, {keyUITheme, &p.Theme}, {keyUIInbox, &p.Inbox}, {keyUIGuide, &guide},
			{keyUIExpiryNotified, &p.ExpiryNotified}} {
			if *f.dst, err = get(f.key); err != nil {
				return err
			}
		}
		switch i18n.Lang(lang) {
		case i18n.EN, i18n.FR:
			p.Lang = i18n.Lang(lang)
		}
		switch p.Theme {
		case ThemeLight, ThemeDark, ThemeSystem:
		default:
			p.Theme = ""
		}
		p.GuideDismissed = guide == "done"
		return nil
	})
	return p, err
}

// SetUILang keeps the window's language.
func (s *Service) SetUILang(l i18n.Lang) error {
	if l != i18n.EN && l != i18n.FR {
		return validationError([]Problem{keyedProblem("", "lang", "setupui.prefs.lang")})
	}
	return s.setUIPref(keyUILang, string(l))
}

// SetUITheme keeps the window's theme (ThemeSystem, ThemeLight or ThemeDark).
func (s *Service) SetUITheme(theme string) error {
	switch theme {
	case ThemeSystem, ThemeLight, ThemeDark:
	default:
		return validationError([]Problem{keyedProblem("", "theme", "setupui.prefs.theme")})
	}
	return s.setUIPref(keyUITheme, theme)
}

// SetInboxFolder keeps the folder the window watches for invoices ("" forgets it). It is a
// setting of the transfers, so a change is audited.
func (s *Service) SetInboxFolder(dir string) error {
	return s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			old, _, err := getValue(txn, []byte(keyUIInbox))
			if err != nil || string(old) == dir {
				return err
			}
			if err := setOrDelete(txn, keyUIInbox, dir); err != nil {
				return err
			}
			return s.addAudit(txn, ActionInbox, "", inboxChange(string(old), dir))
		})
	})
}

// SetGuideDismissed records that the first-run guide was closed for good (or shows it again).
func (s *Service) SetGuideDismissed(done bool) error {
	v := ""
	if done {
		v = "done"
	}
	return s.setUIPref(keyUIGuide, v)
}

// SetExpiryNotified records the day (YYYY-MM-DD) the last expiry notification was shown, so
// there is at most one a day.
func (s *Service) SetExpiryNotified(day string) error { return s.setUIPref(keyUIExpiryNotified, day) }

// setUIPref writes a cosmetic choice of the window: not audited (it changes no behaviour of
// the transfers), but only while the vault is open, like every other setting.
func (s *Service) setUIPref(key, val string) error {
	return s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error { return setOrDelete(txn, key, val) })
	})
}

func setOrDelete(txn storage.Tx, key, val string) error {
	if val == "" {
		return txn.Delete([]byte(key))
	}
	return txn.Set([]byte(key), []byte(val))
}
