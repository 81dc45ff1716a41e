package core

import (
	"errors"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// SetupRevision is when anything a Test of the setup that applies to the company in env
// depends on last changed: the company (its SIRET), its setup, the `*****` setup (the one that
// applies when the company's own does not) and the environment's endpoints. A Test result
// made after it still describes the setup that would be used now, in any process (the outbox
// reuses a passing Test across runs of the command line with it). known is false when one of
// those records exists but carries no change time (written by an older version): test again.
// The setup record holds both environments' slots, so a save of either counts.
func (s *Service) SetupRevision(companyID string, env domain.Env) (rev time.Time, known bool, err error) {
	known = true
	err = s.view(func(txn storage.Tx) error {
		rev, known = time.Time{}, true
		keys := [][]byte{companyKey(companyID), setupKey(companyID), endpointsKey(env)}
		def, err := companyByCode(txn, domain.DefaultCode)
		switch {
		case err == nil:
			keys = append(keys, setupKey(def.ID))
		case !errors.Is(err, ErrNotFound):
			return err
		}
		for _, k := range keys {
			_, exists, err := getValue(txn, k)
			if err != nil {
				return err
			}
			if !exists {
				continue // never written: nothing changed
			}
			at, err := changedAt(txn, k)
			if err != nil {
				return err
			}
			if at.IsZero() {
				known = false
				continue
			}
			if at.After(rev) {
				rev = at
			}
		}
		return nil
	})
	return rev, known, err
}
