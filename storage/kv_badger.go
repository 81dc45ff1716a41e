package storage

import (
	"bytes"
	"errors"

	badger "github.com/dgraph-io/badger/v4"
)

// MaxValueSize bounds one value. Records of the core are a few KiB; invoice content, which can
// reach Chorus Pro's 10 MB, belongs in Blobs, not in a value.
const MaxValueSize = 1 << 20

// optimisticTries is how often Update runs fn side by side with other transactions before,
// after as many conflicts (a concurrent commit changed a key fn read), it runs fn alone: with
// the gate held exclusively nothing can conflict, so Update always makes progress.
const optimisticTries = 4

// rawTx works on full keys (namespace prefix included): a Badger transaction, or the recorder
// that replays a large write into the journal.
type rawTx interface {
	get(key []byte) ([]byte, error)
	set(key, val []byte) error
	del(key []byte) error
	scan(prefix []byte, opt ScanOptions, fn ScanFunc) error
}

// space is one KV: the root (prefix nil) or a claimed namespace (prefix "name/").
type space struct {
	st     *Store
	prefix []byte
}

func (sp *space) View(fn func(Tx) error) error {
	st := sp.st
	st.gate.enter()
	defer st.gate.leave()
	if st.closed {
		return ErrClosed
	}
	return st.db.View(func(txn *badger.Txn) error { return fn(spaceTx{raw: badgerRaw{txn}, sp: sp}) })
}

func (sp *space) Update(fn func(Tx) error) error {
	st := sp.st
	if err := st.checkSpace(0); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		alone := attempt == optimisticTries
		err := st.updateOnce(sp, fn, alone)
		switch {
		case errors.Is(err, badger.ErrConflict):
			if !alone {
				continue
			}
			return ErrConflict // only a writer outside KV (the deprecated DB) can cause this
		case errors.Is(err, badger.ErrTxnTooBig):
			return st.updateJournaled(sp, fn)
		}
		return err
	}
}

func (st *Store) updateOnce(sp *space, fn func(Tx) error, alone bool) error {
	if alone {
		st.gate.lock()
		defer st.gate.unlock()
	} else {
		st.gate.enter()
		defer st.gate.leave()
	}
	if st.closed {
		return ErrClosed
	}
	err := st.db.Update(func(txn *badger.Txn) error { return fn(spaceTx{raw: badgerRaw{txn}, sp: sp}) })
	if err == nil {
		st.tight.pass(false)
	}
	return err
}

// owned reports whether the root may use full key k: not the journal, not a claimed namespace.
func (st *Store) owned(k []byte) bool {
	if bytes.HasPrefix(k, []byte(prefixJournal)) {
		return false
	}
	for _, p := range *st.claimed.Load() {
		if bytes.HasPrefix(k, p) {
			return false
		}
	}
	return true
}

// overlaps reports whether a root scan of prefix would enter space that is not the root's.
func (st *Store) scanOwned(prefix []byte) bool {
	if len(prefix) == 0 {
		return true // a scan of everything: foreign keys are skipped one by one
	}
	return st.owned(prefix)
}

// spaceTx maps the keys of one space onto full keys and guards what the root may touch.
type spaceTx struct {
	raw rawTx
	sp  *space
}

func (t spaceTx) full(key []byte) ([]byte, error) {
	if len(key) == 0 {
		return nil, ErrEmptyKey
	}
	if t.sp.prefix == nil {
		if !t.sp.st.owned(key) {
			return nil, ErrNotOwned
		}
		return bytes.Clone(key), nil
	}
	return append(bytes.Clone(t.sp.prefix), key...), nil
}

func (t spaceTx) Get(key []byte) ([]byte, error) {
	k, err := t.full(key)
	if err != nil {
		return nil, err
	}
	return t.raw.get(k)
}

func (t spaceTx) Set(key, val []byte) error {
	k, err := t.full(key)
	if err != nil {
		return err
	}
	if len(val) > MaxValueSize {
		return ErrValueTooLarge
	}
	// Badger keeps the slices until the commit: a caller reusing its buffer must not change
	// what gets written.
	return t.raw.set(k, bytes.Clone(val))
}

func (t spaceTx) Delete(key []byte) error {
	k, err := t.full(key)
	if err != nil {
		return err
	}
	return t.raw.del(k)
}

func (t spaceTx) Scan(prefix []byte, fn ScanFunc) error {
	return t.ScanWith(prefix, ScanOptions{}, fn)
}

func (t spaceTx) ScanWith(prefix []byte, opt ScanOptions, fn ScanFunc) error {
	sp := t.sp
	if sp.prefix == nil {
		if !sp.st.scanOwned(prefix) {
			return ErrNotOwned
		}
		return t.raw.scan(prefix, opt, func(k, v []byte) error {
			if !sp.st.owned(k) {
				return nil
			}
			return fn(k, v)
		})
	}
	full := append(bytes.Clone(sp.prefix), prefix...)
	if opt.Start != nil {
		opt.Start = append(bytes.Clone(sp.prefix), opt.Start...)
	}
	n := len(sp.prefix)
	return t.raw.scan(full, opt, func(k, v []byte) error { return fn(k[n:], v) })
}

// badgerRaw is a Badger transaction seen through rawTx.
type badgerRaw struct{ txn *badger.Txn }

func (b badgerRaw) get(key []byte) ([]byte, error) {
	item, err := b.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	v, err := item.ValueCopy(nil)
	if err == nil && lostValue(item, v) {
		err = errLostValue
	}
	if err != nil {
		return nil, unreadableValue(err)
	}
	return v, nil
}

// unreadableValue: Badger could not read a value it has a pointer to (a value log cut short
// or damaged after a crash): damage, said in the one clear message.
func unreadableValue(err error) error { return damaged("value unreadable: %v", err) }

var errLostValue = errors.New("value log entry missing")

// lostValue catches Badger's silent failure: when the value log no longer holds a value, it
// logs the error and hands out an empty value instead. The pointer still says how long the
// value was (give or take the few bytes of its varint header, which ValueSize estimates).
func lostValue(item *badger.Item, v []byte) bool {
	want := item.ValueSize()
	return want > 64 && int64(len(v)) < want-32
}

func (b badgerRaw) set(key, val []byte) error { return mapWriteErr(b.txn.Set(key, val)) }

func (b badgerRaw) del(key []byte) error { return mapWriteErr(b.txn.Delete(key)) }

func mapWriteErr(err error) error {
	if errors.Is(err, badger.ErrReadOnlyTxn) {
		return ErrReadOnly
	}
	return err // ErrTxnTooBig goes up as it is: Update turns it into a journaled write
}

func (b badgerRaw) scan(prefix []byte, opt ScanOptions, fn ScanFunc) error {
	io := badger.IteratorOptions{PrefetchValues: false, AllVersions: false}
	if !opt.Reverse {
		io.Prefix = prefix // lets Badger skip tables that cannot hold the prefix
	}
	io.Reverse = opt.Reverse
	it := b.txn.NewIterator(io)
	defer it.Close()
	seekStart(it, prefix, opt)
	for ; it.Valid(); it.Next() {
		item := it.Item()
		k := item.Key()
		if !bytes.HasPrefix(k, prefix) {
			return nil
		}
		var err error
		if opt.KeysOnly {
			err = fn(k, nil)
		} else {
			called := false
			err = item.Value(func(v []byte) error {
				if lostValue(item, v) {
					return errLostValue
				}
				called = true
				return fn(k, v)
			})
			if err != nil && !called {
				err = unreadableValue(err)
			}
		}
		if errors.Is(err, ErrStop) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// seekStart positions it on the first key of the scan. Going backwards, Badger's Seek finds
// the last key <= the seek key, so the scan seeks to the first key after the prefix range
// (skipping that key itself when it exists).
func seekStart(it *badger.Iterator, prefix []byte, opt ScanOptions) {
	if !opt.Reverse {
		start := prefix
		if bytes.Compare(opt.Start, prefix) > 0 {
			start = opt.Start
		}
		it.Seek(start)
		return
	}
	end := prefixEnd(prefix)
	if opt.Start != nil && (end == nil || bytes.Compare(opt.Start, end) < 0) {
		it.Seek(opt.Start)
		return
	}
	if end == nil {
		it.Rewind()
		return
	}
	it.Seek(end)
	if it.Valid() && bytes.Equal(it.Item().Key(), end) {
		it.Next()
	}
}

// prefixEnd is the smallest key greater than every key starting with prefix, or nil when
// there is none (an empty prefix, or only 0xff bytes).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
