package core

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// newCompanyID returns 16 random hex digits: opaque, so Badger keys reveal no company names.
func newCompanyID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

func putCompany(txn storage.Tx, c domain.Company) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := txn.Set(companyKey(c.ID), b); err != nil {
		return err
	}
	return txn.Set(codeIndexKey(c.Code), []byte(c.ID))
}

func getCompany(txn storage.Tx, id string) (domain.Company, error) {
	var c domain.Company
	v, err := txn.Get(companyKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	err = json.Unmarshal(v, &c)
	return c, err
}

// companyByCode finds a company by its normalised code (domain.NormalizeCode).
func companyByCode(txn storage.Tx, code string) (domain.Company, error) {
	id, err := txn.Get(codeIndexKey(code))
	if errors.Is(err, storage.ErrNotFound) {
		return domain.Company{}, ErrNotFound
	}
	if err != nil {
		return domain.Company{}, err
	}
	return getCompany(txn, string(id))
}

// allCompanies lists every company, `*****` first, then by code.
func allCompanies(txn storage.Tx) ([]domain.Company, error) {
	var out []domain.Company
	err := txn.Scan([]byte(prefixCompany), func(_, v []byte) error {
		var c domain.Company
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortCompanies(out)
	return out, nil
}

func sortCompanies(cs []domain.Company) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].IsDefault() != cs[j].IsDefault() {
			return cs[i].IsDefault()
		}
		return cs[i].Code < cs[j].Code
	})
}

// Companies lists every company, `*****` first, then by code. Company data is not secret, so
// this works while the vault is locked.
func (s *Service) Companies() ([]domain.Company, error) {
	var out []domain.Company
	err := s.view(func(txn storage.Tx) (err error) {
		out, err = allCompanies(txn)
		return err
	})
	return out, err
}

// Company finds a company by the code typed (domain.NormalizeCode: surrounding spaces and
// case ignored, and nothing else — "ſ" is not an "S"); ErrNotFound if none, or if the code
// cannot be one.
func (s *Service) Company(code string) (domain.Company, error) {
	var c domain.Company
	nc, err := domain.NormalizeCode(code)
	if err != nil {
		return c, ErrNotFound
	}
	err = s.view(func(txn storage.Tx) (err error) {
		c, err = companyByCode(txn, nc)
		return err
	})
	return c, err
}

// CompanyByID finds a company by its opaque ID; ErrNotFound if none.
func (s *Service) CompanyByID(id string) (domain.Company, error) {
	var c domain.Company
	err := s.view(func(txn storage.Tx) (err error) {
		c, err = getCompany(txn, id)
		return err
	})
	return c, err
}

// CompanyBySIRET finds the company with this SIRET (white space ignored: domain.NormalizeSIRET).
func (s *Service) CompanyBySIRET(siret string) (domain.Company, bool, error) {
	want := domain.NormalizeSIRET(siret)
	if want == "" {
		return domain.Company{}, false, nil
	}
	cs, err := s.Companies()
	if err != nil {
		return domain.Company{}, false, err
	}
	for _, c := range cs {
		if c.SIRET == want {
			return c, true, nil
		}
	}
	return domain.Company{}, false, nil
}

// AddCompany validates and creates a company with an empty, disabled setup.
func (s *Service) AddCompany(code, name, siret string) (domain.Company, error) {
	var c domain.Company
	err := s.withVault(func(_ *storage.Vault) error {
		var ps []Problem
		nc, err := domain.NormalizeCode(code)
		if err != nil {
			ps = append(ps, problem("", "code", err))
		}
		nn, err := domain.ValidateName(name)
		if err != nil {
			ps = append(ps, problem("", "name", err))
		}
		ns, err := domain.ValidateSIRET(siret)
		if err != nil {
			ps = append(ps, problem("", "siret", err))
		}
		if len(ps) > 0 {
			return validationError(ps)
		}
		id, err := newCompanyID()
		if err != nil {
			return err
		}
		c = domain.Company{ID: id, Code: nc, Name: nn, SIRET: ns}
		return s.update(func(txn storage.Tx) error {
			all, err := allCompanies(txn)
			if err != nil {
				return err
			}
			if ps := uniqueness(all, c); len(ps) > 0 {
				return validationError(ps)
			}
			if err := putCompany(txn, c); err != nil {
				return err
			}
			return s.addAudit(txn, ActionCompanyAdd, c.Code, companyDetail(c)...)
		})
	})
	return c, err
}

// uniqueness checks that c's code and SIRET are not used by another company.
func uniqueness(all []domain.Company, c domain.Company) []Problem {
	var ps []Problem
	for _, o := range all {
		if o.ID == c.ID {
			continue
		}
		if o.Code == c.Code {
			ps = append(ps, keyedProblem("", "code", "core.company.code_taken", c.Code))
		}
		if c.SIRET != "" && o.SIRET == c.SIRET {
			ps = append(ps, keyedProblem("", "siret", "core.company.siret_taken", c.SIRET, o.Code))
		}
	}
	return ps
}

// UpdateCompany changes a company's name and SIRET. The name of `*****` is fixed.
func (s *Service) UpdateCompany(id, name, siret string) error {
	return s.withVault(func(_ *storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			old, err := getCompany(txn, id)
			if err != nil {
				return err
			}
			var ps []Problem
			nn, err := domain.ValidateName(name)
			if err != nil {
				ps = append(ps, problem("", "name", err))
			} else if old.IsDefault() && nn != old.Name {
				ps = append(ps, keyedProblem("", "name", "core.company.default_rename"))
			}
			ns, err := domain.ValidateSIRET(siret)
			if err != nil {
				ps = append(ps, problem("", "siret", err))
			}
			if len(ps) > 0 {
				return validationError(ps)
			}
			c := old
			c.Name, c.SIRET = nn, ns
			if c == old {
				return nil
			}
			all, err := allCompanies(txn)
			if err != nil {
				return err
			}
			if ps := uniqueness(all, c); len(ps) > 0 {
				return validationError(ps)
			}
			if err := putCompany(txn, c); err != nil {
				return err
			}
			return s.addAudit(txn, ActionCompanyEdit, c.Code, companyChange(old, c)...)
		})
	})
}

// RemoveCompany deletes a company, its setup and its test results in one transaction.
// `*****` cannot be removed.
func (s *Service) RemoveCompany(id string) error {
	return s.withVault(func(_ *storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			c, err := getCompany(txn, id)
			if err != nil {
				return err
			}
			if c.IsDefault() {
				return i18n.Errorf("core.company.default_remove")
			}
			for _, k := range [][]byte{companyKey(id), codeIndexKey(c.Code), setupKey(id)} {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			if err := deletePrefix(txn, testResultPrefix(id)); err != nil {
				return err
			}
			s.touchSetup(id)
			return s.addAudit(txn, ActionCompanyRemove, c.Code, i18n.M("audit.company.removed"))
		})
	})
}

// deletePrefix deletes every key under prefix in txn.
func deletePrefix(txn storage.Tx, prefix []byte) error {
	keys, err := listKeys(txn, prefix)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// listKeys copies every key under prefix.
func listKeys(txn storage.Tx, prefix []byte) ([][]byte, error) {
	var keys [][]byte
	err := txn.ScanWith(prefix, storage.ScanOptions{KeysOnly: true}, func(k, _ []byte) error {
		keys = append(keys, bytes.Clone(k))
		return nil
	})
	return keys, err
}
