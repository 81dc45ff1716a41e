package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	badger "github.com/dgraph-io/badger/v4"
)

// A write too big for one Badger transaction (an import of hundreds of companies: the store
// caps a transaction at a few hundred KiB) is still all-or-nothing. Update notices Badger's
// "transaction too big", runs fn again against a recorder (reads see the store plus fn's own
// writes; writes are kept in memory), and hands the recorded operations to the redo journal,
// kept under "ij/" (a prefix no KV may touch):
//
//  1. stage: the operations are written to ij/op/<seq> in as many transactions as needed;
//     nothing visible changes, and a crash here leaves staged keys that Open discards;
//  2. commit: ONE transaction writes ij/commit: from this moment the write has happened;
//  3. apply: the operations are applied in batches, then the journal is deleted. A crash
//     during apply is finished by Open, which re-applies the journal: the operations are
//     plain puts and deletes, so applying them twice is harmless.
//
// The whole journaled write holds the store's gate exclusively: no transaction of this
// process sees it half applied, and none writes between the recorder's reads and the apply.
const (
	prefixJournal    = "ij/"
	prefixJournalOp  = "ij/op/"
	keyJournalCommit = "ij/commit"
	// journalBatch bounds the bytes written per transaction, well under Badger's cap.
	journalBatch = 96 << 10
)

// journalOp is one put or delete, as stored in a journal batch (JSON, kept compatible with
// the journal the core wrote before it moved here).
type journalOp struct {
	Key    []byte `json:"k"`
	Value  []byte `json:"v,omitempty"`
	Delete bool   `json:"d,omitempty"`
}

func (o journalOp) size() int { return len(o.Key) + len(o.Value) + 32 }

func (o journalOp) apply(txn *badger.Txn) error {
	if o.Delete {
		return txn.Delete(o.Key)
	}
	return txn.Set(o.Key, o.Value)
}

// SetJournalHook is a test seam: fn is called at each stage of a journaled write ("staged",
// "committed", "applied-batch"), and an error it returns stops the write there, as a crash
// would (what is on disk stays, and the next Open recovers it). Nil removes the hook.
func (st *Store) SetJournalHook(fn func(stage string) error) {
	st.hookMu.Lock()
	st.journalHook = fn
	st.hookMu.Unlock()
}

func (st *Store) hook(stage string) error {
	st.hookMu.Lock()
	fn := st.journalHook
	st.hookMu.Unlock()
	if fn == nil {
		return nil
	}
	return fn(stage)
}

// updateJournaled records what fn writes, then writes it through the journal.
func (st *Store) updateJournaled(sp *space, fn func(Tx) error) error {
	st.gate.lock()
	defer st.gate.unlock()
	if st.closed {
		return ErrClosed
	}
	txn := st.db.NewTransaction(false)
	rec := &recorder{base: badgerRaw{txn}, ops: map[string]journalOp{}}
	err := fn(spaceTx{raw: rec, sp: sp})
	txn.Discard()
	if err != nil {
		return err
	}
	return st.writeJournal(rec.sorted())
}

func (st *Store) writeJournal(ops []journalOp) error {
	if len(ops) == 0 {
		return nil
	}
	// 1. stage
	for i, batch := range journalBatches(ops) {
		b, err := json.Marshal(batch)
		if err != nil {
			return err
		}
		if err := st.db.Update(func(txn *badger.Txn) error { return txn.Set(journalOpKey(i), b) }); err != nil {
			_ = st.discardJournal()
			return err
		}
	}
	if err := st.hook("staged"); err != nil {
		return err
	}
	// 2. commit
	if err := st.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(keyJournalCommit), []byte{1}) }); err != nil {
		_ = st.discardJournal()
		return err
	}
	if err := st.hook("committed"); err != nil {
		return err
	}
	// 3. apply
	return st.applyJournal()
}

// journalBatches splits ops into groups of at most journalBatch bytes, in order.
func journalBatches(ops []journalOp) [][]journalOp {
	var out [][]journalOp
	var cur []journalOp
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

// decodeJournalBatch parses one staged batch. The journal is read back from disk, so a
// damaged batch is an error, never a panic nor a silently shorter write.
func decodeJournalBatch(b []byte) ([]journalOp, error) {
	var batch []journalOp
	if err := json.Unmarshal(b, &batch); err != nil {
		return nil, fmt.Errorf("journal batch: %w", err)
	}
	for _, o := range batch {
		if len(o.Key) == 0 || bytes.HasPrefix(o.Key, []byte(prefixJournal)) {
			return nil, errors.New("journal batch: invalid key")
		}
		if o.Delete && len(o.Value) > 0 {
			return nil, errors.New("journal batch: a delete with a value")
		}
	}
	return batch, nil
}

// applyJournal applies every staged batch, in order, then deletes the journal (the commit
// marker last). The caller holds the gate exclusively, or runs before the store is shared.
func (st *Store) applyJournal() error {
	keys, err := st.journalKeys(prefixJournalOp)
	if err != nil {
		return err
	}
	for _, k := range keys {
		err := st.db.Update(func(txn *badger.Txn) error {
			item, err := txn.Get(k)
			if err != nil {
				return err
			}
			var batch []journalOp
			if err := item.Value(func(v []byte) (err error) { batch, err = decodeJournalBatch(v); return err }); err != nil {
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
		if err := st.hook("applied-batch"); err != nil {
			return err
		}
	}
	return st.db.Update(func(txn *badger.Txn) error { return txn.Delete([]byte(keyJournalCommit)) })
}

func (st *Store) journalKeys(prefix string) ([][]byte, error) {
	var keys [][]byte
	err := st.db.View(func(txn *badger.Txn) error {
		return badgerRaw{txn}.scan([]byte(prefix), ScanOptions{KeysOnly: true}, func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
	})
	return keys, err
}

// discardJournal deletes the staged operations of a write that never committed.
func (st *Store) discardJournal() error {
	keys, err := st.journalKeys(prefixJournal)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := st.db.Update(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	return nil
}

// recoverJournal runs at Open: it finishes a committed journaled write, or discards one that
// never committed.
func (st *Store) recoverJournal() error {
	committed := false
	err := st.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(keyJournalCommit))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		committed = err == nil
		return err
	})
	if err != nil {
		return err
	}
	if committed {
		return st.applyJournal()
	}
	return st.discardJournal()
}

// recorder is the rawTx of a journaled write: reads see the store as of the start plus the
// writes recorded so far; writes stay in memory until the journal takes them.
type recorder struct {
	base badgerRaw
	ops  map[string]journalOp
}

func (r *recorder) get(key []byte) ([]byte, error) {
	if o, ok := r.ops[string(key)]; ok {
		if o.Delete {
			return nil, ErrNotFound
		}
		return bytes.Clone(o.Value), nil
	}
	return r.base.get(key)
}

func (r *recorder) set(key, val []byte) error {
	if val == nil {
		val = []byte{}
	}
	r.ops[string(key)] = journalOp{Key: key, Value: val}
	return nil
}

func (r *recorder) del(key []byte) error {
	r.ops[string(key)] = journalOp{Key: key, Delete: true}
	return nil
}

// sorted lists the recorded operations by key (one per key: the last write wins).
func (r *recorder) sorted() []journalOp {
	out := make([]journalOp, 0, len(r.ops))
	for _, o := range r.ops {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].Key, out[j].Key) < 0 })
	return out
}

// scan merges the recorded operations into the store's keys, in scan order.
func (r *recorder) scan(prefix []byte, opt ScanOptions, fn ScanFunc) error {
	var pending []journalOp
	for _, o := range r.ops {
		if !bytes.HasPrefix(o.Key, prefix) || !inRange(o.Key, opt) {
			continue
		}
		pending = append(pending, o)
	}
	before := func(a, b []byte) bool { // a comes first in scan order
		if opt.Reverse {
			return bytes.Compare(a, b) > 0
		}
		return bytes.Compare(a, b) < 0
	}
	sort.Slice(pending, func(i, j int) bool { return before(pending[i].Key, pending[j].Key) })
	stopped := false
	emit := func(o journalOp) error {
		if o.Delete {
			return nil
		}
		v := o.Value
		if opt.KeysOnly {
			v = nil
		}
		err := fn(o.Key, v)
		if errors.Is(err, ErrStop) {
			stopped = true
		}
		return err
	}
	err := r.base.scan(prefix, opt, func(k, v []byte) error {
		for len(pending) > 0 && before(pending[0].Key, k) {
			if err := emit(pending[0]); err != nil {
				return err
			}
			pending = pending[1:]
		}
		if len(pending) > 0 && bytes.Equal(pending[0].Key, k) {
			o := pending[0]
			pending = pending[1:]
			return emit(o) // recorded write (or delete) hides the stored value
		}
		err := fn(k, v)
		if errors.Is(err, ErrStop) {
			stopped = true
		}
		return err
	})
	if err != nil || stopped {
		return err
	}
	for _, o := range pending {
		if err := emit(o); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// inRange reports whether k is at or past opt.Start in scan order.
func inRange(k []byte, opt ScanOptions) bool {
	if opt.Start == nil {
		return true
	}
	if opt.Reverse {
		return bytes.Compare(k, opt.Start) <= 0
	}
	return bytes.Compare(k, opt.Start) >= 0
}
