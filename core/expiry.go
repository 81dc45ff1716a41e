package core

import (
	"chorusdesk/domain"
	"chorusdesk/storage"
)

// checkEnable applies domain.CheckEnable to a stored record and the vault's active
// environment: enabling a setup with an empty active slot is a validation error (exit 2).
func checkEnable(txn storage.Tx, r setupRecord) error {
	env, err := activeEnv(txn)
	if err != nil {
		return err
	}
	if err := domain.CheckEnable(r.presence(), env); err != nil {
		return validationError([]Problem{problem(env, "enabled", err)})
	}
	return nil
}

// SetPasswordExpiry records the date (YYYY-MM-DD, "" to forget it) on which the Chorus
// password of env's slot of the company expires, without touching the secrets: the window
// calls it when Chorus Pro tells the date. The slot must hold credentials. Audited.
func (s *Service) SetPasswordExpiry(companyID string, env domain.Env, date string) error {
	ne, err := domain.ParseEnv(string(env))
	if err != nil {
		return validationError([]Problem{problem("", "env", err)})
	}
	if date != "" {
		d, err := domain.ParseExpiryDate(date)
		if err != nil {
			return validationError([]Problem{problem(ne, domain.FieldPasswordExpires, err)})
		}
		date = d.Format(domain.ISODate)
	}
	return s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			c, err := getCompany(txn, companyID)
			if err != nil {
				return err
			}
			r, err := readSetupRecord(txn, companyID)
			if err != nil {
				return err
			}
			if r.Expires.Get(ne) == date {
				return nil
			}
			if date != "" && !r.slotFilled(ne) {
				return validationError([]Problem{keyedProblem(ne, domain.FieldPasswordExpires, "setupui.expiry.empty_slot")})
			}
			old := r.Expires
			r.Expires.Set(ne, date)
			if err := writeSetupRecord(txn, companyID, r); err != nil {
				return err
			}
			s.touchSetup(companyID)
			return s.addAudit(txn, ActionEdit, c.Code, expiryChanges(old, r.Expires)[0])
		})
	})
}
