package core

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// DefaultAutoLock is the idle delay after which the vault locks itself.
const DefaultAutoLock = 10 * time.Minute

// Bounds of the auto-lock delay: shorter is unusable, longer defeats its purpose.
const (
	MinAutoLock = time.Minute
	MaxAutoLock = 24 * time.Hour
)

// getValue reads key; ok is false when it is absent.
func getValue(txn storage.Tx, key []byte) (val []byte, ok bool, err error) {
	val, err = txn.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, false, nil
	}
	return val, err == nil, err
}

func activeEnv(txn storage.Tx) (domain.Env, error) {
	v, ok, err := getValue(txn, []byte(keyActiveEnv))
	if err != nil || !ok {
		return domain.Sandbox, err
	}
	return domain.ParseEnv(string(v))
}

// ActiveEnv is the vault's active environment, sandbox by default.
func (s *Service) ActiveEnv() (domain.Env, error) {
	var e domain.Env
	err := s.view(func(txn storage.Tx) (err error) {
		e, err = activeEnv(txn)
		return err
	})
	return e, err
}

// SetActiveEnv switches the active environment (audited). A switch that would leave enabled
// setups without credentials in e (PlanEnvSwitch) is refused with *EnvSwitchError unless
// confirmed; the report says who is left without either way, so a face can warn after a
// confirmed switch too.
func (s *Service) SetActiveEnv(e domain.Env, confirmed bool) (EnvSwitch, error) {
	ne, err := domain.ParseEnv(string(e))
	if err != nil {
		return EnvSwitch{}, validationError([]Problem{problem("", "env", err)})
	}
	var w EnvSwitch
	err = s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			var err error
			if w, err = planEnvSwitch(txn, ne); err != nil {
				return err
			}
			if w.From == ne {
				return nil
			}
			if len(w.Empty) > 0 && !confirmed {
				return &EnvSwitchError{w}
			}
			if err := txn.Set([]byte(keyActiveEnv), []byte(ne)); err != nil {
				return err
			}
			return s.addAudit(txn, ActionEnv, "", envChange(w.From, ne))
		})
	})
	return w, err
}

func endpoints(txn storage.Tx, e domain.Env) (domain.Endpoints, error) {
	v, ok, err := getValue(txn, endpointsKey(e))
	if err != nil {
		return domain.Endpoints{}, err
	}
	if !ok {
		return domain.DefaultEndpoints(e), nil
	}
	var ep domain.Endpoints
	err = json.Unmarshal(v, &ep)
	return ep, err
}

// Endpoints are the OAuth token URL and API base URL of env e (PISTE defaults unless set).
func (s *Service) Endpoints(e domain.Env) (domain.Endpoints, error) {
	ne, err := domain.ParseEnv(string(e))
	if err != nil {
		return domain.Endpoints{}, err
	}
	var ep domain.Endpoints
	err = s.view(func(txn storage.Tx) (err error) {
		ep, err = endpoints(txn, ne)
		return err
	})
	return ep, err
}

// SetEndpoints validates and stores env e's URLs (audited with the old and new URLs; URLs are
// not secret).
func (s *Service) SetEndpoints(e domain.Env, ep domain.Endpoints) error {
	ne, err := domain.ParseEnv(string(e))
	if err != nil {
		return validationError([]Problem{problem("", "env", err)})
	}
	valid, err := domain.ValidateEndpoints(ep)
	if err != nil {
		return validationError([]Problem{problem(ne, "endpoints", err)})
	}
	return s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			old, err := endpoints(txn, ne)
			if err != nil {
				return err
			}
			if old == valid {
				return nil
			}
			b, err := json.Marshal(valid)
			if err != nil {
				return err
			}
			if err := txn.Set(endpointsKey(ne), b); err != nil {
				return err
			}
			return s.addAudit(txn, ActionEndpoints, "", endpointsChange(ne, old, valid)...)
		})
	})
}

func autoLock(txn storage.Tx) (time.Duration, error) {
	v, ok, err := getValue(txn, []byte(keyAutoLock))
	if err != nil || !ok {
		return DefaultAutoLock, err
	}
	sec, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return DefaultAutoLock, err
	}
	return time.Duration(sec) * time.Second, nil
}

// AutoLockAfter is the idle delay before the vault locks itself (default 10 minutes).
func (s *Service) AutoLockAfter() (time.Duration, error) {
	var d time.Duration
	err := s.view(func(txn storage.Tx) (err error) {
		d, err = autoLock(txn)
		return err
	})
	return d, err
}

// SetAutoLockAfter stores the idle delay, rounded down to the second (audited).
func (s *Service) SetAutoLockAfter(d time.Duration) error {
	d = d.Truncate(time.Second)
	if d < MinAutoLock || d > MaxAutoLock {
		return validationError([]Problem{keyedProblem("", "autolock", "core.autolock.range",
			int(MinAutoLock/time.Minute), int(MaxAutoLock/time.Hour))})
	}
	return s.withVault(func(*storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			old, err := autoLock(txn)
			if err != nil {
				return err
			}
			if old == d {
				return nil
			}
			if err := txn.Set([]byte(keyAutoLock), []byte(strconv.FormatInt(int64(d/time.Second), 10))); err != nil {
				return err
			}
			return s.addAudit(txn, ActionAutoLock, "", autoLockChange(old, d))
		})
	})
}
