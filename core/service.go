package core

import (
	"errors"
	"sync"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Service is the core of Chorus Desk. It is safe for concurrent use: reads run in parallel,
// writes are serialized (one process owns the data directory, so a mutex is enough to make
// the check-then-write of the environment rule race-free).
type Service struct {
	store *storage.Store
	kv    storage.KV // the core's keys (keys.go): the store's root
	obKV  storage.KV // the outbox's namespace, claimed here so one Service owns it
	opt   Options
	now   func() time.Time

	// vaultMu guards vault; Lock takes it exclusively so no operation holds a wiped vault.
	vaultMu sync.RWMutex
	vault   *storage.Vault

	// writeMu serializes every read-modify-write transaction and the audit key sequence.
	writeMu        sync.Mutex
	lastAuditNanos int64
	lastAuditSeq   uint64

	// txnAudited: the running write transaction wrote an audit entry (guarded by writeMu).
	txnAudited bool
	// bk schedules the automatic backups (backup.go).
	bk backupSchedule

	// rules caches fingerprints for the environment rule (see ruleCache); txnTouched lists
	// the companies the running write transaction changed. Both guarded by writeMu.
	rules      *ruleCache
	txnTouched map[string]bool

	hooks hooks // OnLock, OnUnlock, OnClose, Attach (lockevent.go)

	// tokens is the token cache of this service's clients, wiped by the lock (setVault).
	tokens *chorusapi.TokenCache

	keep keepRunning // transfers while locked, an opt-in (keeprunning.go)
}

// Open takes the single-instance lock of dir, then opens Badger. A second instance gets
// ErrInUse; a damaged directory is refused untouched with a *DamagedError (ErrDamaged, exit
// 5) naming the latest automatic backup; a full disk is ErrDiskFull. The vault starts locked.
func Open(dir string, opt Options) (*Service, error) {
	st, err := storage.Open(dir)
	if err != nil {
		switch {
		case errors.Is(err, storage.ErrInUse):
			return nil, ErrInUse
		case errors.Is(err, storage.ErrDamaged):
			return nil, newDamagedError(dir, err)
		}
		return nil, err
	}
	ob, err := st.Namespace(outboxNamespace)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	s := &Service{store: st, kv: st.KV(), obKV: ob, opt: opt, now: opt.Now, tokens: chorusapi.NewTokenCache()}
	s.tokens.Wipe() // closed while the vault is locked (setVault reopens it)
	if s.now == nil {
		s.now = time.Now
	}
	s.bk.init(opt)
	if err := s.loadLastAuditKey(); err != nil {
		_ = st.Close()
		return nil, err
	}
	return s, nil
}

// Close runs the close event once (the users of the store stop), locks (every secret holder
// is wiped), then releases Badger and the lock. Calling it again returns the store's result.
func (s *Service) Close() error {
	s.runCloseHooks()
	s.Lock() // writes a pending backup first
	s.stopBackups()
	return s.store.Close()
}

// Dir is the data directory.
func (s *Service) Dir() string { return s.store.Dir() }

// Blobs is the content store of the data directory: invoice files kept by SHA-256, checked
// on every read (storage.ErrBlobDamaged, storage.ErrBlobMissing), refused on a full disk
// (ErrDiskFull). Large files never go through the database.
func (s *Service) Blobs() *storage.Blobs { return s.store.Blobs() }

// OutboxKV is the key space the outbox owns (stored under "ob/"): the core never reads or
// writes it, and the outbox sees nothing else.
func (s *Service) OutboxKV() storage.KV { return s.obKV }

// Now is the service clock (Options.Now in tests).
func (s *Service) Now() time.Time { return s.now() }

// HasVault reports whether Init has run in this data directory.
func (s *Service) HasVault() bool {
	_, err := s.header()
	return err == nil
}

func (s *Service) header() ([]byte, error) {
	var h []byte
	err := s.kv.View(func(txn storage.Tx) (err error) {
		h, err = txn.Get([]byte(keyVaultHeader))
		return err
	})
	if errors.Is(err, storage.ErrNotFound) {
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

// Init creates the vault and the default company; the service is unlocked afterwards. A
// password the master-password policy refuses is a validation error (checkNewPassword).
func (s *Service) Init(password []byte) error {
	v, err := s.createVault(password)
	if err != nil {
		return err
	}
	// Lock order is vaultMu before writeMu, so the vault is installed after the write.
	s.setVault(v)
	s.runUnlockHooks()
	s.backupIfStale()
	return nil
}

func (s *Service) createVault(password []byte) (*storage.Vault, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.HasVault() {
		return nil, ErrVaultExists
	}
	if err := checkNewPassword(password); err != nil {
		return nil, err
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
	err = s.kvUpdate(func(txn storage.Tx) error {
		if err := txn.Set([]byte(keyVaultHeader), header); err != nil {
			return err
		}
		if err := putCompany(txn, def); err != nil {
			return err
		}
		return s.addAudit(txn, ActionInit, domain.DefaultCode, i18n.M("audit.init"))
	})
	if err != nil {
		v.Wipe()
		return nil, err
	}
	return v, nil
}

// checkNewPassword applies the master-password policy (domain.CheckMasterPassword) to a new
// master password, here in the core so that no face can skip it; the faces call the same
// function earlier to say why while the user types. A refusal is a validation error (exit 2)
// naming the field, never the password.
func checkNewPassword(pw []byte) error {
	if len(pw) == 0 {
		return validationError([]Problem{keyedProblem("", "password", "core.vault.password_empty")})
	}
	if err := domain.CheckMasterPassword(pw); err != nil {
		return validationError([]Problem{problem("", "password", err)})
	}
	return nil
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
	s.backupIfStale()
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
	// The token cache follows the vault under the same lock, so a concurrent Unlock and Lock
	// cannot leave it open on a locked vault (or closed on an unlocked one).
	if v != nil {
		s.tokens.Reopen()
	} else {
		s.tokens.Wipe()
	}
	s.vaultMu.Unlock()
	if old != nil && old != v {
		old.Wipe()
	}
}

// Lock wipes the keys and the service's token cache (setVault), the fingerprint key of the
// rule cache, then runs the lock event: when it returns, no holder of a secret or a token
// that subscribed (OnLock) holds one any more.
func (s *Service) Lock() {
	s.flushBackup() // a change made just before the lock still gets its backup
	s.setVault(nil)
	s.dropRuleCache()
	s.keepRunningAfterLock() // keeprunning.go: the opt-in decides whether transfers go on
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
// A new password the policy refuses (checkNewPassword, before any key derivation) or a wrong
// old password (ErrWrongPassword) changes nothing.
func (s *Service) ChangePassword(oldPassword, newPassword []byte) error {
	if err := checkNewPassword(newPassword); err != nil {
		return err
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
	return s.kvUpdate(func(txn storage.Tx) error {
		if err := txn.Set([]byte(keyVaultHeader), nh); err != nil {
			return err
		}
		return s.addAudit(txn, ActionPasswd, "", i18n.M("audit.passwd"))
	})
}

// update runs fn in one read-write transaction (synced on commit, all-or-nothing whatever its
// size), serialized with every other write of this service. fn may run more than once (see
// storage.KV): what it records besides the transaction (touchSetup, the audit sequence) stays
// right when it does.
func (s *Service) update(fn func(txn storage.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.txnTouched = nil
	if err := s.kvUpdate(fn); err != nil {
		s.txnTouched = nil
		return err
	}
	s.commitTouched()
	return nil
}

// kvUpdate is s.kv.Update for a caller holding writeMu: a transaction that wrote an audit
// entry changed the settings, so an automatic backup is scheduled once it has committed.
//
// Every record it writes that an import compares gets its change time (changestamp.go).
func (s *Service) kvUpdate(fn func(txn storage.Tx) error) error {
	s.txnAudited = false
	now := s.now()
	if err := s.kv.Update(func(txn storage.Tx) error { return fn(stampingTx{Tx: txn, now: now}) }); err != nil {
		return err
	}
	if s.txnAudited {
		s.settingsChanged()
	}
	return nil
}

// view runs fn in a read-only transaction (it never sees half of a large write: storage
// makes readers wait while one is applied).
func (s *Service) view(fn func(txn storage.Tx) error) error { return s.kv.View(fn) }
