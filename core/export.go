package core

import (
	"encoding/json"
	"io"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// exportFormat and exportVersion identify the plaintext inside an export bundle.
const (
	exportFormat  = "chorusdesk-export"
	exportVersion = 1
	// maxBundleSize bounds what Import reads: a firm's companies fit in a few hundred KiB.
	maxBundleSize = 32 << 20
)

// exportDoc is the plaintext of an export bundle (it holds the secrets in clear, which is why
// it only ever exists in memory and sealed under the export passphrase). Company IDs are not
// exported: they belong to the vault, and Import matches companies by code.
type exportDoc struct {
	Format    string          `json:"format"`
	Version   int             `json:"version"`
	Created   time.Time       `json:"created"`
	Settings  exportSettings  `json:"settings"`
	Companies []exportCompany `json:"companies"`
}

type exportSettings struct {
	ActiveEnv       domain.Env                      `json:"active_env"`
	Endpoints       map[domain.Env]domain.Endpoints `json:"endpoints"`
	AutoLockSeconds int64                           `json:"autolock_seconds"`
}

type exportCompany struct {
	Code  string       `json:"code"`
	Name  string       `json:"name"`
	SIRET string       `json:"siret,omitempty"`
	Setup domain.Setup `json:"setup"`
}

// Export writes every company, setup (secrets included) and setting as one bundle sealed
// under passphrase (Argon2id + secretbox, package storage). The vault must be unlocked.
func (s *Service) Export(w io.Writer, passphrase []byte) error {
	if len(passphrase) == 0 {
		return i18n.Errorf("core.export.passphrase")
	}
	var bundle []byte
	err := s.withVault(func(v *storage.Vault) error {
		doc, err := s.exportDoc(v)
		if err != nil {
			return err
		}
		plain, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		defer domain.Wipe(plain)
		bundle, err = storage.SealWithPassphrase(passphrase, plain, s.kdf())
		if err != nil {
			return err
		}
		return s.update(func(txn storage.Tx) error {
			return s.addAudit(txn, ActionExport, "", i18n.M("audit.export", len(doc.Companies)))
		})
	})
	if err != nil {
		return err
	}
	_, err = w.Write(bundle)
	return err
}

func (s *Service) exportDoc(v *storage.Vault) (exportDoc, error) {
	doc := exportDoc{Format: exportFormat, Version: exportVersion, Created: s.now().UTC(),
		Settings: exportSettings{Endpoints: map[domain.Env]domain.Endpoints{}}}
	err := s.view(func(txn storage.Tx) error {
		var err error
		if doc.Settings.ActiveEnv, err = activeEnv(txn); err != nil {
			return err
		}
		for _, e := range domain.Envs {
			if doc.Settings.Endpoints[e], err = endpoints(txn, e); err != nil {
				return err
			}
		}
		d, err := autoLock(txn)
		if err != nil {
			return err
		}
		doc.Settings.AutoLockSeconds = int64(d / time.Second)
		cs, err := allCompanies(txn)
		if err != nil {
			return err
		}
		for _, c := range cs {
			r, err := readSetupRecord(txn, c.ID)
			if err != nil {
				return err
			}
			st, err := r.openFor(v, c, nil)
			if err != nil {
				return err
			}
			doc.Companies = append(doc.Companies, exportCompany{Code: c.Code, Name: c.Name, SIRET: c.SIRET, Setup: st})
		}
		return nil
	})
	return doc, err
}

// Import reads a bundle made by Export, checks everything in it (every company and setup
// through the rules of spec §2, then the environment rule across the resulting vault), and
// only then writes it all or nothing, re-sealed under this vault: in one transaction, or
// through the redo journal of journal.go when it is too big for one. Companies are matched
// by code: existing ones are updated (their setups replaced), new ones are added; companies
// absent from the bundle are kept. A wrong passphrase or a damaged bundle leaves the vault
// untouched.
func (s *Service) Import(r io.Reader, passphrase []byte) (ImportReport, error) {
	var rep ImportReport
	raw, err := io.ReadAll(io.LimitReader(r, maxBundleSize+1))
	if err != nil {
		return rep, err
	}
	if len(raw) > maxBundleSize {
		return rep, i18n.Errorf("core.import.format")
	}
	plain, err := storage.OpenWithPassphrase(passphrase, raw)
	if err != nil {
		// One message for a wrong passphrase and a damaged file: telling them apart would
		// tell a guesser when the passphrase was right.
		return rep, i18n.Errorf("core.import.damaged")
	}
	defer domain.Wipe(plain)
	doc, err := decodeExport(plain)
	if err != nil {
		return rep, err
	}
	err = s.withVault(func(v *storage.Vault) error {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		var plan *importPlan
		var ops []kvOp
		err := s.kv.View(func(txn storage.Tx) (err error) {
			if plan, err = planImport(txn, v, doc); err != nil {
				return err
			}
			ops, err = plan.ops(txn, v)
			return err
		})
		if err != nil {
			return err
		}
		rep = plan.report()
		return s.writeAtomically(ops, ActionImport, plan.detail())
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// decodeExport parses and checks the envelope of an export's plaintext.
func decodeExport(plain []byte) (exportDoc, error) {
	var doc exportDoc
	if err := json.Unmarshal(plain, &doc); err != nil || doc.Format != exportFormat {
		return doc, i18n.Errorf("core.import.format")
	}
	if doc.Version != exportVersion {
		return doc, i18n.Errorf("core.import.version", doc.Version)
	}
	return doc, nil
}
