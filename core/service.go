package core

import (
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/ristretto/v2/z"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Service is the core of Chorus Desk. It is safe for concurrent use: reads run in parallel,
// writes are serialized (one process owns the data directory, so a mutex is enough to make
// the check-then-write of the environment rule race-free).
type Service struct {
	store *storage.Store
	db    *badger.DB
	opt   Options
	now   func() time.Time

	// vaultMu guards vault; Lock takes it exclusively so no operation holds a wiped vault.
	vaultMu sync.RWMutex
	vault   *storage.Vault

	// applyMu makes readers wait while a journaled write is being applied (journal.go).
	applyMu sync.RWMutex

	// writeMu serializes every read-modify-write transaction and the audit key sequence.
	writeMu        sync.Mutex
	lastAuditNanos int64
	lastAuditSeq   uint64

	// rules caches fingerprints for the environment rule (see ruleCache); txnTouched lists
	// the companies the running write transaction changed. Both guarded by writeMu.
	rules      *ruleCache
	txnTouched map[string]bool

	hooks hooks // OnLock, OnUnlock, OnClose, Attach (hooks.go)
}

// Open takes the single-instance lock of dir, then opens Badger. A second instance gets
// ErrInUse. The vault starts locked.
func Open(dir string, opt Options) (*Service, error) {
	st, err := openStore(dir)
	if err != nil {
		if errors.Is(err, storage.ErrInUse) {
			return nil, ErrInUse
		}
		return nil, err
	}
	s := &Service{store: st, db: st.DB(), opt: opt, now: opt.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.recoverJournal(); err != nil {
		_ = st.Close()
		return nil, err
	}
	if err := s.loadLastAuditKey(); err != nil {
		_ = st.Close()
		return nil, err
	}
	return s, nil
}

// openStore works around a Badger bug (dgraph-io/badger issue 2207): a crash between the
// creation of a memtable or value-log file and its first write leaves a 0-byte file on which
// the next Open fails with z.NewFile. That failed Open has already sized the file, so opening
// again succeeds and loses nothing (the file held nothing). Found by the import crash test.
func openStore(dir string) (*storage.Store, error) {
	var st *storage.Store
	var err error
	for range 3 {
		st, err = storage.Open(dir)
		if err == nil || !strings.Contains(err.Error(), z.NewFile.Error()) {
			break
		}
	}
	return st, err
}

// Close wipes the keys and releases Badger and the lock.
func (s *Service) Close() error {
	s.runCloseHooks()
	s.Lock()
	return s.store.Close()
}

// Dir is the data directory.
func (s *Service) Dir() string { return s.store.Dir() }

// Store gives raw access to Badger for the outbox, which keeps its records under PrefixOutbox.
func (s *Service) Store() *storage.Store { return s.store }

// Now is the service clock (Options.Now in tests).
func (s *Service) Now() time.Time { return s.now() }

// HasVault reports whether Init has run in this data directory.
func (s *Service) HasVault() bool {
	_, err := s.header()
	return err == nil
}

func (s *Service) header() ([]byte, error) {
	var h []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(keyVaultHeader))
		if err != nil {
			return err
		}
		h, err = item.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, ErrNoVault
	}
	return h, err
}

func (s *Service) kdf() storage.KDFParams {
	if s.opt.KDF == nil {
		return storage.DefaultKDF
	}
	return storage.KDFParams{MemoryKiB: s.opt.KDF.MemoryKiB, Time: s.opt.KDF.Time, Threads: s.opt.KDF.Threads}
}

// Init creates the vault and the default company; the service is unlocked afterwards.
func (s *Service) Init(password []byte) error {
	if len(password) == 0 {
		return i18n.Errorf("core.vault.password_empty")
	}
	v, err := s.createVault(password)
	if err != nil {
		return err
	}
	// Lock order is vaultMu before writeMu, so the vault is installed after the write.
	s.setVault(v)
	s.runUnlockHooks()
	return nil
}

func (s *Service) createVault(password []byte) (*storage.Vault, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.HasVault() {
		return nil, ErrVaultExists
	}
	v, header, err := storage.CreateVault(password, s.kdf())
	if err != nil {
		return nil, err
	}
	id, err := newCompanyID()
	if err != nil {
		v.Wipe()
		return nil, err
	}
	def := domain.Company{ID: id, Code: domain.DefaultCode, Name: DefaultCompanyName}
	err = s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set([]byte(keyVaultHeader), header); err != nil {
			return err
		}
		if err := putCompany(txn, def); err != nil {
			return err
		}
		return s.addAudit(txn, ActionInit, domain.DefaultCode, "vault created with the default company")
	})
	if err != nil {
		v.Wipe()
		return nil, err
	}
	return v, nil
}

// DefaultCompanyName is the fixed name of the `*****` company.
const DefaultCompanyName = "Default company"

// Unlock opens the vault. A wrong password gives ErrWrongPassword and changes nothing.
func (s *Service) Unlock(password []byte) error {
	h, err := s.header()
	if err != nil {
		return err
	}
	v, err := storage.UnlockVault(h, password)
	if err != nil {
		return mapVaultError(err)
	}
	s.setVault(v)
	s.runUnlockHooks()
	return nil
}

func mapVaultError(err error) error {
	if errors.Is(err, storage.ErrWrongPassword) {
		return ErrWrongPassword
	}
	// A damaged or unsupported header is not a wrong password: say so, naming the storage
	// verdict (bad header, version, KDF out of range, tampered), which holds no secret.
	return i18n.Errorf("core.vault.damaged", err.Error())
}

func (s *Service) setVault(v *storage.Vault) {
	s.vaultMu.Lock()
	old := s.vault
	s.vault = v
	s.vaultMu.Unlock()
	if old != nil && old != v {
		old.Wipe()
	}
}

// Lock wipes the keys (and the fingerprint key of the rule cache) from memory.
func (s *Service) Lock() {
	s.setVault(nil)
	s.dropRuleCache()
	s.runLockHooks()
}

// Unlocked reports whether the keys are in memory.
func (s *Service) Unlocked() bool {
	s.vaultMu.RLock()
	defer s.vaultMu.RUnlock()
	return s.vault != nil
}

// withVault runs fn with the unlocked vault, holding it so Lock waits for fn to finish.
func (s *Service) withVault(fn func(v *storage.Vault) error) error {
	s.vaultMu.RLock()
	defer s.vaultMu.RUnlock()
	if s.vault == nil {
		if !s.HasVault() {
			return ErrNoVault
		}
		return ErrLocked
	}
	return fn(s.vault)
}

// ChangePassword re-wraps the data key under newPassword; sealed records are not touched.
// A wrong old password gives ErrWrongPassword and changes nothing.
func (s *Service) ChangePassword(oldPassword, newPassword []byte) error {
	if len(newPassword) == 0 {
		return i18n.Errorf("core.vault.password_empty")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	h, err := s.header()
	if err != nil {
		return err
	}
	v, err := storage.UnlockVault(h, oldPassword)
	if err != nil {
		return mapVaultError(err)
	}
	defer v.Wipe()
	nh, err := v.Rewrap(newPassword, s.kdf())
	if err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set([]byte(keyVaultHeader), nh); err != nil {
			return err
		}
		return s.addAudit(txn, ActionPasswd, "", "master password changed")
	})
}

// update runs fn in one read-write Badger transaction (synced on commit), serialized with
// every other write of this service.
func (s *Service) update(fn func(txn *badger.Txn) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.txnTouched = nil
	if err := s.db.Update(fn); err != nil {
		s.txnTouched = nil
		return err
	}
	s.commitTouched()
	return nil
}

// view runs fn in a read-only transaction.
func (s *Service) view(fn func(txn *badger.Txn) error) error {
	s.applyMu.RLock()
	defer s.applyMu.RUnlock()
	return s.db.View(fn)
}
