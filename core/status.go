package core

import (
	"chorusdesk/domain"
	"chorusdesk/storage"
)

// SetupStatus is what a company list shows about a setup without opening any secret: it
// works while the vault is locked and costs no decryption, so a list of 1,000 companies stays
// cheap.
type SetupStatus struct {
	Enabled    bool   `json:"enabled"`
	Tag        string `json:"tag,omitempty"`
	Sandbox    bool   `json:"sandbox"`    // the sandbox slot is filled
	Production bool   `json:"production"` // the production slot is filled
	// Expires are the password expiry dates of the slots (plain: no key needed).
	Expires domain.Expiry `json:"password_expires,omitzero"`
}

// HasData mirrors domain.Setup.HasData (the overwrite question of a move).
func (st SetupStatus) HasData() bool {
	return st.Enabled || st.Tag != "" || st.Sandbox || st.Production
}

// Filled reports whether the slot of env e is filled.
func (st SetupStatus) Filled(e domain.Env) bool {
	if e == domain.Production {
		return st.Production
	}
	return st.Sandbox
}

func (r setupRecord) status() SetupStatus {
	return SetupStatus{Enabled: r.Enabled, Tag: r.Tag,
		Sandbox: r.slotFilled(domain.Sandbox), Production: r.slotFilled(domain.Production), Expires: r.Expires}
}

// SetupStatus returns the status of one company's setup; ErrNotFound if no such company.
func (s *Service) SetupStatus(companyID string) (SetupStatus, error) {
	var st SetupStatus
	err := s.view(func(txn storage.Tx) error {
		if _, err := getCompany(txn, companyID); err != nil {
			return err
		}
		r, err := readSetupRecord(txn, companyID)
		st = r.status()
		return err
	})
	return st, err
}

// SetupStatuses returns the status of every company's setup, by company ID, in one read.
func (s *Service) SetupStatuses() (map[string]SetupStatus, error) {
	out := map[string]SetupStatus{}
	err := s.view(func(txn storage.Tx) error {
		cs, err := allCompanies(txn)
		if err != nil {
			return err
		}
		for _, c := range cs {
			r, err := readSetupRecord(txn, c.ID)
			if err != nil {
				return err
			}
			out[c.ID] = r.status()
		}
		return nil
	})
	return out, err
}
