package core

import (
	"errors"
	"sync"

	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Keep transfers running while locked (an opt-in, off by default).
//
// The lock still wipes every key: the vault's data key, the token cache, the rule cache's
// key, and (through the lock event) every client the engine holds. With the opt-in on, one
// more copy of the data key lives outside the process, sealed by the OS credential store
// (Windows Credential Manager, macOS Keychain, Secret Service) under the user's session.
// While locked, the transfer engine may still ask for the credentials of ONE slot
// (ResolveCredentials, SlotCredentials): the core then reads the data key from the store,
// checks it against the vault header, opens that slot, and wipes the key before returning —
// the key is in memory for the time of that one opening. Everything else the window shows
// or changes still needs the master password. Without the opt-in, the lock pauses the
// engine (TransfersAllowed is false) until the next unlock.
//
//	cfg/keeprunning   "on" while the opt-in is on (absent = off)
const keyKeepRunning = "cfg/keeprunning"

// ActionKeepRunning is the audit action of the opt-in being turned on or off.
const ActionKeepRunning = "keep-running"

// ErrKeepRunningOff: the opt-in is off, so nothing can run while the vault is locked.
var ErrKeepRunningOff = i18n.Errorf("tray.keeprunning.off")

// keepRunning is the opt-in's state in this process.
type keepRunning struct {
	mu    sync.Mutex
	armed bool // the vault is locked and transfers may go on through the OS store
	// inflight are the vaults opened from the OS store for a call still running: a Lock (or
	// Close) wipes them too, so nothing outlives it.
	inflight map[*storage.Vault]bool
	problem  error // the last failure to read the OS store while armed (nil after a success)
	// keyring is the data directory's entry in the OS store (tests: nil = the real one).
	keyring func(dir string) *storage.Keyring
}

func (s *Service) keyring() *storage.Keyring {
	if f := s.keep.keyring; f != nil {
		return f(s.Dir())
	}
	return storage.NewKeyring(s.Dir())
}

// KeyringAccount names this data directory's entry in the OS credential store (service
// storage.KeyringService): a hash of the directory's path, never a secret. The user guide
// tells users how to find it.
func (s *Service) KeyringAccount() string { return s.keyring().Account() }

// KeepRunning reports whether the opt-in is on. It needs no key.
func (s *Service) KeepRunning() (bool, error) {
	var on bool
	err := s.view(func(txn storage.Tx) error {
		v, _, err := getValue(txn, []byte(keyKeepRunning))
		on = string(v) == "on"
		return err
	})
	return on, err
}

// SetKeepRunning turns the opt-in on or off (audited; the vault must be unlocked). On: the
// data key is kept in the OS credential store first, and the setting is recorded only when
// that worked. Off: the setting is recorded (transfers stop using the store at once), then
// the entry is deleted; if the store refuses, the error says so and names the entry, which
// the user can delete by hand.
func (s *Service) SetKeepRunning(on bool) error {
	return s.withVault(func(v *storage.Vault) error {
		was, err := s.KeepRunning()
		if err != nil {
			return err
		}
		if on {
			if err := s.keyring().Keep(v); err != nil {
				return err
			}
		}
		if was != on {
			err := s.update(func(txn storage.Tx) error {
				if on {
					if err := txn.Set([]byte(keyKeepRunning), []byte("on")); err != nil {
						return err
					}
					return s.addAudit(txn, ActionKeepRunning, "", i18n.M("audit.keep_running.on"))
				}
				if err := txn.Delete([]byte(keyKeepRunning)); err != nil {
					return err
				}
				return s.addAudit(txn, ActionKeepRunning, "", i18n.M("audit.keep_running.off"))
			})
			if err != nil {
				return err
			}
		}
		if on {
			return nil
		}
		s.keep.mu.Lock()
		s.keep.armed, s.keep.problem = false, nil
		s.keep.mu.Unlock()
		if err := s.keyring().Forget(); err != nil {
			return i18n.Errorf("tray.keyring.forget_failed", storage.KeyringService, s.KeyringAccount())
		}
		return nil
	})
}

// ResumeLocked lets transfers run while the vault stays locked, without the master password:
// the start at login in the background uses it. The opt-in must be on (else
// ErrKeepRunningOff) and the OS store must hold the key of THIS vault (storage.ErrKeyringMissing,
// ErrKeyringStale, ErrKeyringUnavailable otherwise): it is read once to check, then wiped.
func (s *Service) ResumeLocked() error {
	if !s.HasVault() {
		return ErrNoVault
	}
	on, err := s.KeepRunning()
	if err != nil {
		return err
	}
	if !on {
		return ErrKeepRunningOff
	}
	h, err := s.header()
	if err != nil {
		return err
	}
	v, err := s.keyring().Open(h)
	if err != nil {
		return err
	}
	v.Wipe()
	if s.closing() {
		return ErrClosing
	}
	s.keep.mu.Lock()
	s.keep.armed, s.keep.problem = true, nil
	s.keep.mu.Unlock()
	s.tokens.Reopen()
	return nil
}

// TransfersAllowed reports whether the transfer engine may work: the vault is unlocked, or it
// is locked with the opt-in on (after a Lock, or ResumeLocked).
func (s *Service) TransfersAllowed() bool {
	if s.Unlocked() {
		return true
	}
	s.keep.mu.Lock()
	defer s.keep.mu.Unlock()
	return s.keep.armed
}

// KeepRunningProblem is why the OS store could not be read the last time a locked transfer
// needed it (nil when the last reading worked, or none was needed): the tray says it.
func (s *Service) KeepRunningProblem() error {
	s.keep.mu.Lock()
	defer s.keep.mu.Unlock()
	return s.keep.problem
}

// keepRunningAfterLock runs in Lock once the keys are wiped, before the lock event: vaults
// opened from the OS store for calls still running are wiped too; then, unless the service
// is closing, the opt-in decides whether transfers go on (the token cache, closed by the
// wipe, reopens empty for them).
func (s *Service) keepRunningAfterLock() {
	s.keep.mu.Lock()
	for v := range s.keep.inflight {
		v.Wipe()
	}
	clear(s.keep.inflight)
	s.keep.armed = false
	s.keep.mu.Unlock()
	if s.closing() {
		return
	}
	if on, err := s.KeepRunning(); err != nil || !on {
		return
	}
	s.keep.mu.Lock()
	s.keep.armed = true
	s.keep.mu.Unlock()
	s.tokens.Reopen()
}

// withTransferVault runs fn with the vault that may open credentials for a transfer: the
// unlocked vault; or, while locked with the opt-in on, a vault made for this call from the
// data key kept by the OS store, wiped when fn returns (or by a Lock meanwhile). Locked
// without the opt-in, or when the store cannot give the key, it is ErrLocked (the engine
// waits without spending attempts) — the store's failure is kept for KeepRunningProblem.
func (s *Service) withTransferVault(fn func(v *storage.Vault) error) error {
	s.vaultMu.RLock()
	if s.vault != nil {
		defer s.vaultMu.RUnlock()
		return fn(s.vault)
	}
	s.vaultMu.RUnlock()
	s.keep.mu.Lock()
	armed := s.keep.armed
	s.keep.mu.Unlock()
	if !armed {
		return s.withVault(fn) // ErrLocked, or ErrNoVault
	}
	h, err := s.header()
	if err != nil {
		return err
	}
	v, err := s.keyring().Open(h)
	s.keep.mu.Lock()
	if err != nil || !s.keep.armed { // failed, or locked again (Close) meanwhile
		if err == nil {
			v.Wipe()
		} else {
			s.keep.problem = err
		}
		s.keep.mu.Unlock()
		return ErrLocked
	}
	s.keep.problem = nil
	if s.keep.inflight == nil {
		s.keep.inflight = map[*storage.Vault]bool{}
	}
	s.keep.inflight[v] = true
	s.keep.mu.Unlock()
	defer func() {
		s.keep.mu.Lock()
		delete(s.keep.inflight, v)
		s.keep.mu.Unlock()
		v.Wipe()
	}()
	err = fn(v)
	if errors.Is(err, storage.ErrWiped) {
		return ErrLocked // wiped by a Lock while opening
	}
	return err
}

// closing reports whether Close has started.
func (s *Service) closing() bool {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return s.hooks.closing
}
