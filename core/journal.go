package core

import (
	"encoding/binary"
	"encoding/json"
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// A write too big for one Badger transaction (an import of hundreds of companies: the store
// caps a transaction at a few hundred KiB) still has to be all-or-nothing. It goes through a
// redo journal under "ij/":
//
//  1. stage: the operations are written to ij/op/<seq> in as many transactions as needed;
//     nothing visible changes, and a crash here leaves staged keys that Open discards;
//  2. commit: ONE transaction writes ij/commit together with the audit entry: from this
//     moment the write has happened;
//  3. apply: the operations are applied in batches (readers of this process wait, see
//     applyMu), then the journal is deleted. A crash during apply is finished by Open,
//     which re-applies the journal: the operations are plain puts and deletes, so applying
//     them twice is harmless, and no key is needed.
const (
	prefixJournal    = "ij/"
	prefixJournalOp  = "ij/op/"
	keyJournalCommit = "ij/commit"
	// journalBatch bounds the bytes written per transaction, well under Badger's cap.
	journalBatch = 96 << 10
)

// kvOp is one put or delete.
type kvOp struct {
	Key    []byte `json:"k"`
	Value  []byte `json:"v,omitempty"`
	Delete bool   `json:"d,omitempty"`
}

func (o kvOp) size() int { return len(o.Key) + len(o.Value) + 32 }

func (o kvOp) apply(txn *badger.Txn) error {
	if o.Delete {
		return txn.Delete(o.Key)
	}
	return txn.Set(o.Key, o.Value)
}

// journalHook lets tests stop an atomic write at a stage, as a crash would. Nil in use.
var journalHook func(stage string) error

func hook(stage string) error {
	if journalHook == nil {
		return nil
	}
	return journalHook(stage)
}

// writeAtomically applies ops and one audit entry all-or-nothing: in one transaction when
// they fit, through the journal otherwise. The caller holds writeMu; the rule cache is
// rebuilt afterwards.
func (s *Service) writeAtomically(ops []kvOp, action, detail string) error {
	if s.rules != nil {
		clear(s.rules.key)
		s.rules = nil
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, o := range ops {
			if err := o.apply(txn); err != nil {
				return err
			}
		}
		return s.addAudit(txn, action, "", detail)
	})
	if !errors.Is(err, badger.ErrTxnTooBig) {
		return err
	}
	return s.writeJournaled(ops, action, detail)
}

func (s *Service) writeJournaled(ops []kvOp, action, detail string) error {
	// 1. stage
	for i, batch := range batches(ops) {
		b, err := json.Marshal(batch)
		if err != nil {
			return err
		}
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(journalOpKey(i), b) }); err != nil {
			_ = s.discardJournal()
			return err
		}
	}
	if err := hook("staged"); err != nil {
		return err
	}
	// 2. commit
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set([]byte(keyJournalCommit), []byte{1}); err != nil {
			return err
		}
		return s.addAudit(txn, action, "", detail)
	})
	if err != nil {
		_ = s.discardJournal()
		return err
	}
	if err := hook("committed"); err != nil {
		return err
	}
	// 3. apply
	return s.applyJournal()
}

// batches splits ops into groups of at most journalBatch bytes.
func batches(ops []kvOp) [][]kvOp {
	var out [][]kvOp
	var cur []kvOp
	n := 0
	for _, o := range ops {
		if n+o.size() > journalBatch && len(cur) > 0 {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, o)
		n += o.size()
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func journalOpKey(i int) []byte {
	k := make([]byte, len(prefixJournalOp)+8)
	copy(k, prefixJournalOp)
	binary.BigEndian.PutUint64(k[len(prefixJournalOp):], uint64(i))
	return k
}

// applyJournal applies every staged batch, in order, then deletes the journal (the commit
// marker last). Readers wait on applyMu so they never see half of it.
func (s *Service) applyJournal() error {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	keys, err := s.journalKeys(prefixJournalOp)
	if err != nil {
		return err
	}
	for _, k := range keys {
		err := s.db.Update(func(txn *badger.Txn) error {
			item, err := txn.Get(k)
			if err != nil {
				return err
			}
			var batch []kvOp
			if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &batch) }); err != nil {
				return err
			}
			for _, o := range batch {
				if err := o.apply(txn); err != nil {
					return err
				}
			}
			return txn.Delete(k) // applied: never again, even after a crash
		})
		if err != nil {
			return err
		}
		if err := hook("applied-batch"); err != nil {
			return err
		}
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte(keyJournalCommit)) })
}

func (s *Service) journalKeys(prefix string) ([][]byte, error) {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) (err error) {
		keys, err = listKeys(txn, []byte(prefix))
		return err
	})
	return keys, err
}

// discardJournal deletes staged operations of a write that never committed.
func (s *Service) discardJournal() error {
	keys, err := s.journalKeys(prefixJournal)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	return nil
}

// recoverJournal runs at Open: it finishes a committed journaled write, or discards one that
// never committed.
func (s *Service) recoverJournal() error {
	_, committed, err := s.getRaw([]byte(keyJournalCommit))
	if err != nil {
		return err
	}
	if committed {
		return s.applyJournal()
	}
	return s.discardJournal()
}

func (s *Service) getRaw(key []byte) (val []byte, ok bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		val, ok, err = getValue(txn, key)
		return err
	})
	return val, ok, err
}
