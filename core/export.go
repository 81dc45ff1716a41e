package core

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// exportFormat and exportVersion identify the plaintext inside an export bundle. Fields added
// since version 1 are optional and ignored by a reader that does not know them (the change
// times below), so an older Chorus Desk still reads a newer bundle and a bundle without them
// still imports (its creation time stands in for every change time). The version changes
// only when an older reader would misread a bundle.
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
	ActiveEnv       domain.Env                      `json:"active_env"` // said, never applied by an import
	Endpoints       map[domain.Env]domain.Endpoints `json:"endpoints"`
	AutoLockSeconds int64                           `json:"autolock_seconds"`
	// When each setting last changed on the desk that made the bundle (absent: unknown).
	EndpointsChanged map[domain.Env]time.Time `json:"endpoints_changed,omitempty"`
	AutoLockChanged  time.Time                `json:"autolock_changed,omitzero"`
}

type exportCompany struct {
	Code  string       `json:"code"`
	Name  string       `json:"name"`
	SIRET string       `json:"siret,omitempty"`
	Setup domain.Setup `json:"setup"`
	// When the company record (name, SIRET) and the setup last changed (absent: unknown).
	Changed      time.Time `json:"changed,omitzero"`
	SetupChanged time.Time `json:"setup_changed,omitzero"`
}

// Export writes every company, setup (secrets included) and setting as one bundle sealed
// under passphrase (Argon2id + secretbox, package storage). The vault must be unlocked. The
// export is audited only once the bundle is written (and synced, when w is a file): a failed
// write leaves no "exported" line. ExportFile also makes the file appear whole or not at all.
func (s *Service) Export(w io.Writer, passphrase []byte) error {
	bundle, n, err := s.sealExport(passphrase)
	if err != nil {
		return err
	}
	if _, err := w.Write(bundle); err != nil {
		return err
	}
	if f, ok := w.(interface{ Sync() error }); ok {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	return s.auditExport(n)
}

// ExportFile writes the bundle to path: to a private temporary file beside it (0600), synced,
// renamed over path, the directory synced; only then is the export audited. On any failure
// path is left as it was and nothing is audited (if the audit itself fails, the new file is
// removed again). Whether an existing path may be replaced is the caller's decision.
func (s *Service) ExportFile(path string, passphrase []byte) error {
	bundle, n, err := s.sealExport(passphrase)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, bundle); err != nil {
		return i18n.Errorf("secrets.export.write", path, err.Error())
	}
	if err := s.auditExport(n); err != nil {
		_ = os.Remove(path)
		return err
	}
	return nil
}

// sealExport builds and seals the bundle; n is the number of companies in it.
func (s *Service) sealExport(passphrase []byte) (bundle []byte, n int, err error) {
	if len(passphrase) == 0 {
		return nil, 0, i18n.Errorf("core.export.passphrase")
	}
	err = s.withVault(func(v *storage.Vault) error {
		doc, err := s.exportDoc(v)
		if err != nil {
			return err
		}
		n = len(doc.Companies)
		plain, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		defer domain.Wipe(plain)
		bundle, err = storage.SealWithPassphrase(passphrase, plain, s.kdf())
		return err
	})
	return bundle, n, err
}

func (s *Service) auditExport(n int) error {
	return s.update(func(txn storage.Tx) error {
		return s.addAudit(txn, ActionExport, "", i18n.M("audit.export", n))
	})
}

// writeFileAtomic writes data to a private temporary file beside path and renames it into
// place, so a crash never leaves a truncated bundle under the final name.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(name, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable. Windows cannot open a directory for that (and
// NTFS journals the rename itself), so a failure to open it is not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func (s *Service) exportDoc(v *storage.Vault) (exportDoc, error) {
	doc := exportDoc{Format: exportFormat, Version: exportVersion, Created: s.now().UTC(),
		Settings: exportSettings{Endpoints: map[domain.Env]domain.Endpoints{}, EndpointsChanged: map[domain.Env]time.Time{}}}
	err := s.view(func(txn storage.Tx) error {
		var err error
		if doc.Settings.ActiveEnv, err = activeEnv(txn); err != nil {
			return err
		}
		for _, e := range domain.Envs {
			if doc.Settings.Endpoints[e], err = endpoints(txn, e); err != nil {
				return err
			}
			t, err := changedAt(txn, endpointsKey(e))
			if err != nil {
				return err
			}
			if !t.IsZero() {
				doc.Settings.EndpointsChanged[e] = t
			}
		}
		d, err := autoLock(txn)
		if err != nil {
			return err
		}
		doc.Settings.AutoLockSeconds = int64(d / time.Second)
		if doc.Settings.AutoLockChanged, err = changedAt(txn, []byte(keyAutoLock)); err != nil {
			return err
		}
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
			ec := exportCompany{Code: c.Code, Name: c.Name, SIRET: c.SIRET, Setup: st}
			if ec.Changed, err = changedAt(txn, companyKey(c.ID)); err != nil {
				return err
			}
			if ec.SetupChanged, err = changedAt(txn, setupKey(c.ID)); err != nil {
				return err
			}
			doc.Companies = append(doc.Companies, ec)
		}
		return nil
	})
	return doc, err
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
