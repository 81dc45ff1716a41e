package core

import (
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// MoveSetup moves the whole setup (enabled flag, ID tag, both slots) of company fromID to company
// toID (docs/rules.md, Moving a setup) in ONE synced transaction: the secrets are opened under the
// source's identity and re-sealed under the destination's, the destination is written, the source
// is left empty and disabled, and the move is audited. A crash leaves either the old or the new
// state. ErrDestinationHasData when the destination holds data and !overwrite. The last test
// results of both companies are dropped: they describe credentials that are no longer theirs.
func (s *Service) MoveSetup(fromID, toID string, overwrite bool) error {
	if fromID == toID {
		return i18n.Errorf("core.move.same")
	}
	return s.withVault(func(v *storage.Vault) error {
		return s.update(func(txn storage.Tx) error {
			from, err := getCompany(txn, fromID)
			if err != nil {
				return err
			}
			to, err := getCompany(txn, toID)
			if err != nil {
				return err
			}
			src, err := readSetupRecord(txn, fromID)
			if err != nil {
				return err
			}
			if !src.hasData() {
				return i18n.Errorf("core.move.empty", from.Code)
			}
			dst, err := readSetupRecord(txn, toID)
			if err != nil {
				return err
			}
			if dst.hasData() && !overwrite {
				return ErrDestinationHasData
			}
			st, err := src.openFor(v, from, nil)
			if err != nil {
				return err
			}
			moved, err := sealSetup(v, toID, st)
			if err != nil {
				return err
			}
			if err := writeSetupRecord(txn, toID, moved); err != nil {
				return err
			}
			if err := writeSetupRecord(txn, fromID, setupRecord{}); err != nil {
				return err
			}
			s.touchSetup(fromID)
			s.touchSetup(toID)
			for _, id := range []string{fromID, toID} {
				if err := deletePrefix(txn, testResultPrefix(id)); err != nil {
					return err
				}
			}
			return s.addAudit(txn, ActionMove, to.Code, moveDetail(from.Code, to.Code, dst.hasData()))
		})
	})
}
