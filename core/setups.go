package core

import (
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Setup returns a company's saved setup with its secrets opened; ErrLocked when locked.
func (s *Service) Setup(companyID string) (domain.Setup, error) {
	var st domain.Setup
	err := s.withVault(func(v *storage.Vault) error {
		return s.view(func(txn storage.Tx) error {
			c, err := getCompany(txn, companyID)
			if err != nil {
				return err
			}
			r, err := readSetupRecord(txn, companyID)
			if err != nil {
				return err
			}
			st, err = r.openFor(v, c, nil)
			return err
		})
	})
	return st, err
}

// ruleFields are the fields the environment rule and the shared-login warning compare; the
// password is never needed, so it stays sealed.
var ruleFields = []domain.Field{domain.FieldClientID, domain.FieldClientSecret, domain.FieldLogin}

// SaveSetup validates st (fields, an enabled setup keeping its credentials for the active
// environment, then the environment rule against every other company) and writes it sealed,
// with its audit entry, in one synced transaction. Nothing is saved on error; the report lists
// trimmed fields and shared-login warnings.
func (s *Service) SaveSetup(companyID string, st domain.Setup) (SaveReport, error) {
	var rep SaveReport
	err := s.withVault(func(v *storage.Vault) error {
		norm, notices, problems := domain.NormalizeSetup(st)
		norm, expiryProblems := domain.NormalizeExpiry(norm)
		problems = append(problems, expiryProblems...)
		if len(problems) > 0 {
			return validationError(problemsFromIssues(problems))
		}
		return s.update(func(txn storage.Tx) error {
			c, err := getCompany(txn, companyID)
			if err != nil {
				return err
			}
			cache, others, err := s.ruleOwners(txn, v, companyID)
			if err != nil {
				return err
			}
			env, err := activeEnv(txn)
			if err != nil {
				return err
			}
			if err := domain.CheckEnabledKeepsCredentials(norm, env); err != nil {
				return validationError([]Problem{problem(env, "enabled", err)})
			}
			fp := cache.fingerprints(norm)
			if issues := domain.CheckEnvironmentRule(c.ID, c.Code, fp, others); len(issues) > 0 {
				return validationError(problemsFromIssues(issues))
			}
			oldRec, err := readSetupRecord(txn, companyID)
			if err != nil {
				return err
			}
			// A setup that no longer opens is replaced, so the user can repair it by saving.
			old, err := oldRec.open(v, companyID, nil)
			unreadable := err != nil
			if unreadable {
				old = domain.Setup{}
			}
			rep = SaveReport{}
			for _, n := range notices {
				rep.Notices = append(rep.Notices, n.Err.Error())
				rep.NoticeErrs = append(rep.NoticeErrs, n.Err)
			}
			for _, w := range domain.SharedLoginWarnings(c.ID, fp, others) {
				rep.Warnings = append(rep.Warnings, w.Error())
				rep.WarningErrs = append(rep.WarningErrs, w)
			}
			changes := setupChanges(old, norm)
			if unreadable {
				changes = append([]i18n.Msg{i18n.M("audit.setup.unreadable_replaced")}, changes...)
			}
			if len(changes) == 0 {
				return nil
			}
			rec, err := sealSetup(v, companyID, norm)
			if err != nil {
				return err
			}
			if err := writeSetupRecord(txn, companyID, rec); err != nil {
				return err
			}
			s.touchSetup(companyID)
			action := ActionEdit
			if !old.HasData() && !unreadable {
				action = ActionCreate
			}
			return s.addAudit(txn, action, c.Code, changes...)
		})
	})
	return rep, err
}

// SetEnabled switches a setup's enabled flag (audited as enable or disable).
func (s *Service) SetEnabled(companyID string, enabled bool) error {
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
			if r.Enabled == enabled {
				return nil
			}
			if enabled {
				if err := checkEnable(txn, r); err != nil {
					return err
				}
			}
			r.Enabled = enabled
			if err := writeSetupRecord(txn, companyID, r); err != nil {
				return err
			}
			s.touchSetup(companyID)
			action := ActionDisable
			if enabled {
				action = ActionEnable
			}
			return s.addAudit(txn, action, c.Code, setupEnabled(enabled))
		})
	})
}

// Resolve applies the resolution rule (domain.Resolve) to a company and environment. It needs no
// key: the rule looks only at the enabled flags and at which slots are filled.
func (s *Service) Resolve(companyID string, env domain.Env) (domain.Resolution, error) {
	var res domain.Resolution
	err := s.view(func(txn storage.Tx) error {
		c, own, def, err := resolveInputs(txn, companyID)
		if err != nil {
			return err
		}
		res = domain.Resolve(c, env, own.presence(), def.rec.presence())
		return nil
	})
	return res, err
}

type companyRecord struct {
	c   domain.Company
	rec setupRecord
}

// resolveInputs reads company id, its setup record and the `*****` company with its record.
func resolveInputs(txn storage.Tx, id string) (domain.Company, setupRecord, companyRecord, error) {
	var def companyRecord
	c, err := getCompany(txn, id)
	if err != nil {
		return c, setupRecord{}, def, err
	}
	own, err := readSetupRecord(txn, id)
	if err != nil {
		return c, own, def, err
	}
	def.c, err = companyByCode(txn, domain.DefaultCode)
	if err != nil {
		return c, own, def, err
	}
	def.rec, err = readSetupRecord(txn, def.c.ID)
	return c, own, def, err
}

// ResolveCredentials applies the resolution rule and, when the invoice may be transferred,
// opens the credentials of the ONE slot that applies (env of the setup picked): the listed
// fields, or all four when none is listed. They are bytes the caller owns and wipes
// (Credentials.Wipe) once the request they are for is built; the other environment's slot and
// every other company stay sealed. Credentials are empty when Transfer is false.
func (s *Service) ResolveCredentials(companyID string, env domain.Env, fields ...domain.Field) (domain.Resolution, domain.Credentials, error) {
	var res domain.Resolution
	var cred domain.Credentials
	err := s.withTransferVault(func(v *storage.Vault) error { // keeprunning.go
		return s.view(func(txn storage.Tx) error {
			c, own, def, err := resolveInputs(txn, companyID)
			if err != nil {
				return err
			}
			res = domain.Resolve(c, env, own.presence(), def.rec.presence())
			if !res.Transfer {
				return nil
			}
			rec, owner := own, c
			if res.Source == domain.SourceDefault {
				rec, owner = def.rec, def.c
			}
			cred, err = rec.openSlotFor(v, owner, env, fields)
			return err
		})
	})
	return res, cred, err
}

// SlotCredentials opens the listed fields (all four when none is listed) of company
// companyID's OWN slot for env, whether or not its setup is enabled (the connection test
// checks what a company holds). Same ownership as ResolveCredentials: the caller wipes them.
func (s *Service) SlotCredentials(companyID string, env domain.Env, fields ...domain.Field) (domain.Credentials, error) {
	var cred domain.Credentials
	err := s.withTransferVault(func(v *storage.Vault) error { // keeprunning.go
		return s.view(func(txn storage.Tx) error {
			c, err := getCompany(txn, companyID)
			if err != nil {
				return err
			}
			r, err := readSetupRecord(txn, companyID)
			if err != nil {
				return err
			}
			cred, err = r.openSlotFor(v, c, env, fields)
			return err
		})
	})
	return cred, err
}
