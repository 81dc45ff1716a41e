package storage

import "chorusdesk/i18n"

// KV is the narrow, transactional key-value interface every package above storage uses: no
// Badger type crosses it. Keys sort as bytes. A KV is either the store's root (every key
// outside the claimed namespaces, see Store.KV) or one namespace (Store.Namespace), whose keys
// are private to whoever claimed it.
//
// Both methods run fn in one transaction. Update is all-or-nothing whatever its size (a write
// too big for one Badger transaction goes through the redo journal, journal.go) and synced to
// disk before it returns. fn may be run more than once (after a conflict with a concurrent
// writer, or to replay a large write into the journal), so it must have no effect outside tx
// that a second run would get wrong. fn must not start another transaction on the same store.
type KV interface {
	View(fn func(Tx) error) error
	Update(fn func(Tx) error) error
}

// Tx is one transaction. Slices handed to a ScanFunc are valid only during that call: copy
// what you keep. Get returns a copy. In a View, Set and Delete fail with ErrReadOnly.
type Tx interface {
	// Get returns the value of key, or ErrNotFound.
	Get(key []byte) ([]byte, error)
	// Set writes key; the transaction sees it at once, others after the commit.
	Set(key, val []byte) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(key []byte) error
	// Scan calls fn for every key under prefix, in ascending order.
	Scan(prefix []byte, fn ScanFunc) error
	// ScanWith is Scan with a starting key (for paging), reverse order, or keys only.
	ScanWith(prefix []byte, opt ScanOptions, fn ScanFunc) error
}

// ScanFunc receives one key and its value (nil when ScanOptions.KeysOnly). Returning ErrStop
// ends the scan without an error; any other error ends it and is returned.
type ScanFunc func(key, val []byte) error

// ScanOptions refine a scan.
type ScanOptions struct {
	// Start is the first key visited (inclusive): the scan begins at the first key >= Start
	// going forward, or at the last key <= Start in reverse. Nil starts at the edge of the
	// prefix. To resume after key k going forward, pass append(k, 0).
	Start []byte
	// Reverse visits keys in descending order.
	Reverse bool
	// KeysOnly skips reading values (cheaper: values may live in the value log).
	KeysOnly bool
}

// Errors of the key-value interface. ErrNotFound and ErrStop are control-flow values that
// callers test with errors.Is; the others are programming errors or conditions to report.
var (
	// ErrNotFound: Get found no such key.
	ErrNotFound = i18n.Errorf("store.kv.not_found")
	// ErrStop: returned by a ScanFunc to end the scan early; Scan then returns nil.
	ErrStop = i18n.Errorf("store.kv.stop")
	// ErrReadOnly: a write was attempted in a View transaction.
	ErrReadOnly = i18n.Errorf("store.kv.read_only")
	// ErrNotOwned: the key belongs to a namespace claimed by another holder, or to storage
	// itself (the journal); the root KV never touches those.
	ErrNotOwned = i18n.Errorf("store.kv.not_owned")
	// ErrConflict: concurrent writers kept changing what this transaction read, past the
	// retries. Nothing was written; trying again later is safe.
	ErrConflict = i18n.Errorf("store.kv.conflict")
	// ErrEmptyKey: keys must not be empty.
	ErrEmptyKey = i18n.Errorf("store.kv.empty_key")
	// ErrValueTooLarge: a value is over MaxValueSize (large content goes to Blobs).
	ErrValueTooLarge = i18n.Errorf("store.kv.value_too_large")
	// ErrClosed: the store was closed; no transaction runs any more.
	ErrClosed = i18n.Errorf("store.kv.closed")
	// ErrDamaged: the database of the data directory is incomplete or unreadable; it was
	// refused, and nothing in it was changed or deleted.
	ErrDamaged = i18n.Errorf("store.damaged")
	// ErrNamespaceTaken: a namespace is claimed once per store, or the name is not allowed.
	ErrNamespaceTaken = i18n.Errorf("store.kv.namespace_taken")
)
