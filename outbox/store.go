package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"chorusdesk/domain"
)

// Badger key layout under the "ob/" prefix that package core reserves for the outbox:
//
//	ob/i/<id>                          item, JSON Item
//	ob/c/<id>                          the file's bytes, so a deposit never depends on the file
//	                                   still being where it was (watch moves it away); dropped
//	                                   once the item reaches a final state
//	ob/d/<sha256>/<companyID>/<env>    "no double deposit" index → id of the newest item with
//	                                   that content for that company and environment
//	ob/n/<companyID>/<env>/<buyer>/<n> the same for the invoice number (escaped), whatever the
//	                                   bytes: one number is one invoice for one buyer
//
// Item IDs sort by creation time, so a prefix scan lists items in the order they came.
const (
	prefixItem    = "ob/i/"
	prefixContent = "ob/c/"
	prefixDedupe  = "ob/d/"
	prefixNumber  = "ob/n/"
)

func itemKey(id string) []byte    { return []byte(prefixItem + id) }
func contentKey(id string) []byte { return []byte(prefixContent + id) }
func dedupeKey(sha, companyID string, env domain.Env) []byte {
	return []byte(prefixDedupe + sha + "/" + companyID + "/" + string(env))
}

// numberKey is nil for an item without a company or an invoice number.
func numberKey(it *Item) []byte {
	if it.CompanyID == "" || it.Number == "" {
		return nil
	}
	return []byte(prefixNumber + it.CompanyID + "/" + string(it.Env) + "/" + url.PathEscape(it.BuyerSIRET) + "/" + url.PathEscape(it.Number))
}

// store persists items. Every write is one Badger transaction; the store that package storage
// opens has SyncWrites, so a committed state survives a crash or a power cut.
type store struct {
	db *badger.DB

	lazyMu  sync.Mutex
	lazy    map[string][]byte // id → item JSON waiting for the next flush
	inFlush map[string]bool   // ids of the flush in progress
	flushMu sync.Mutex        // held during a flush
}

// errDuplicate is returned by insert when an index names an item that admit refused.
type errDuplicate struct {
	id       string
	byNumber bool // the invoice number matched, not the content
}

func (e *errDuplicate) Error() string { return "duplicate of item " + e.id }

// admission is what insert does about an item an index already names.
type admission int

const (
	admitIgnore admission = iota // not a concern (it was replaced already)
	admitLink                    // the new item replaces it
	admitRefuse                  // a duplicate: *errDuplicate
)

// admitFunc decides, inside insert's transaction, about the item id an index already names
// for the new item's content (bySHA) or its invoice number.
type admitFunc func(id string, bySHA bool) admission

// insert writes a new item with its content. With admit set, the content index and the
// invoice-number index are checked first; the check and the write are one transaction, so two
// concurrent adds of the same invoice cannot both pass (Badger reports the conflict and the
// check runs again). It returns the id of the item the new one replaces ("" when none; the
// caller writes that item's back-link).
func (s *store) insert(it *Item, content []byte, admit admitFunc) (string, error) {
	for {
		linked := ""
		err := s.db.Update(func(txn *badger.Txn) error {
			linked = ""
			if admit != nil {
				for _, k := range []struct {
					key   []byte
					bySHA bool
				}{{dedupeKey(it.SHA, it.CompanyID, it.Env), true}, {numberKey(it), false}} {
					if k.key == nil {
						continue
					}
					id, found, err := getString(txn, k.key)
					if err != nil {
						return err
					}
					if !found || id == linked {
						continue
					}
					switch admit(id, k.bySHA) {
					case admitRefuse:
						return &errDuplicate{id: id, byNumber: !k.bySHA}
					case admitLink:
						linked = id
					}
				}
				it.Replaces = linked
			}
			if err := putJSON(txn, itemKey(it.ID), it); err != nil {
				return err
			}
			if err := txn.Set(contentKey(it.ID), content); err != nil {
				return err
			}
			if admit != nil {
				return setIndexes(txn, it)
			}
			return nil
		})
		if errors.Is(err, badger.ErrConflict) {
			continue // a concurrent add touched the same index key: check again
		}
		return linked, err
	}
}

// setIndexes points the content and number indexes at it.
func setIndexes(txn *badger.Txn, it *Item) error {
	if err := txn.Set(dedupeKey(it.SHA, it.CompanyID, it.Env), []byte(it.ID)); err != nil {
		return err
	}
	if k := numberKey(it); k != nil {
		return txn.Set(k, []byte(it.ID))
	}
	return nil
}

// put writes the item (a synced transaction).
func (s *store) put(it *Item) error {
	s.settle(it.ID)
	return s.db.Update(func(txn *badger.Txn) error { return putJSON(txn, itemKey(it.ID), it) })
}

// putLazy records the item to be written by the next flush, without waiting for the disk.
// It is used only where losing the write in a crash is harmless: after a deposit's answer,
// the state on disk stays depositing and the next run reconciles it with Chorus Pro (finding
// the same flux). One flush writes every pending item in one synced transaction, so a batch
// of deposits costs one synced write per deposit, not two.
func (s *store) putLazy(it *Item) error {
	b, err := json.Marshal(it)
	if err != nil {
		return err
	}
	s.lazyMu.Lock()
	if s.lazy == nil {
		s.lazy = map[string][]byte{}
	}
	s.lazy[it.ID] = b
	s.lazyMu.Unlock()
	return nil
}

// settle makes sure no pending or in-progress lazy write of id can land after the write that
// follows (it would bring back an older state).
func (s *store) settle(id string) {
	s.lazyMu.Lock()
	delete(s.lazy, id)
	flushing := s.inFlush[id]
	s.lazyMu.Unlock()
	if flushing {
		// The flush holds flushMu while it writes: taking it waits for the end.
		s.flushMu.Lock()
		//lint:ignore SA2001 an empty critical section is the wait (see above)
		s.flushMu.Unlock()
	}
}

// pending reports whether id has a lazy write not yet on disk.
func (s *store) pending(id string) bool {
	s.lazyMu.Lock()
	defer s.lazyMu.Unlock()
	_, waiting := s.lazy[id]
	return waiting || s.inFlush[id]
}

// flush writes the pending lazy items (synced).
func (s *store) flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.lazyMu.Lock()
	batch := s.lazy
	s.lazy = nil
	s.inFlush = make(map[string]bool, len(batch))
	for id := range batch {
		s.inFlush[id] = true
	}
	s.lazyMu.Unlock()
	defer func() {
		s.lazyMu.Lock()
		s.inFlush = nil
		s.lazyMu.Unlock()
	}()
	if len(batch) == 0 {
		return nil
	}
	wb := s.db.NewWriteBatch() // splits into as many transactions as the size needs
	defer wb.Cancel()
	for id, b := range batch {
		if err := wb.Set(itemKey(id), b); err != nil {
			return err
		}
	}
	return wb.Flush()
}

// putIndexed writes the item and points the dedupe index at it (after a re-route or a
// forced resend gave it a company).
func (s *store) putIndexed(it *Item) error {
	s.settle(it.ID)
	return s.db.Update(func(txn *badger.Txn) error {
		if err := putJSON(txn, itemKey(it.ID), it); err != nil {
			return err
		}
		return setIndexes(txn, it)
	})
}

// insertCopy inserts n with the given content and points the indexes at it (a resend of an
// earlier item: the caller checked the indexes and writes the back-link).
func (s *store) insertCopy(n *Item, content []byte) error {
	return s.db.Update(func(txn *badger.Txn) error {
		if err := putJSON(txn, itemKey(n.ID), n); err != nil {
			return err
		}
		if err := txn.Set(contentKey(n.ID), content); err != nil {
			return err
		}
		if n.CompanyID != "" {
			return setIndexes(txn, n)
		}
		return nil
	})
}

// putDropContent writes the item and deletes its content (final states need it no more).
func (s *store) putDropContent(it *Item) error {
	s.settle(it.ID)
	return s.db.Update(func(txn *badger.Txn) error {
		if err := putJSON(txn, itemKey(it.ID), it); err != nil {
			return err
		}
		return txn.Delete(contentKey(it.ID))
	})
}

// remove deletes an item, its content and its index entry when it points at the item.
func (s *store) remove(it *Item) error {
	s.settle(it.ID)
	return s.db.Update(func(txn *badger.Txn) error {
		for _, k := range [][]byte{dedupeKey(it.SHA, it.CompanyID, it.Env), numberKey(it)} {
			if it.CompanyID == "" || k == nil {
				continue
			}
			id, found, err := getString(txn, k)
			if err != nil {
				return err
			}
			if found && id == it.ID {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
		}
		if err := txn.Delete(contentKey(it.ID)); err != nil {
			return err
		}
		return txn.Delete(itemKey(it.ID))
	})
}

// indexed returns the items the content and number indexes name for it ("" when none).
func (s *store) indexed(it *Item) (bySHA, byNumber string, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		var err error
		if bySHA, _, err = getString(txn, dedupeKey(it.SHA, it.CompanyID, it.Env)); err != nil {
			return err
		}
		if k := numberKey(it); k != nil {
			byNumber, _, err = getString(txn, k)
		}
		return err
	})
	return bySHA, byNumber, err
}

// content returns the file bytes kept for the item.
func (s *store) content(id string) ([]byte, error) {
	var b []byte
	err := s.db.View(func(txn *badger.Txn) error {
		e, err := txn.Get(contentKey(id))
		if err != nil {
			return err
		}
		b, err = e.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("the content of item %s is no longer kept", id)
	}
	return b, err
}

// load reads every item, oldest first.
func (s *store) load() ([]*Item, error) {
	var out []*Item
	err := s.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefixItem)
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var item Item
			err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &item) })
			if err != nil {
				// One damaged record must not hide the others; it is reported by ID.
				return fmt.Errorf("outbox record %s: %w", strings.TrimPrefix(string(it.Item().Key()), prefixItem), err)
			}
			out = append(out, &item)
		}
		return nil
	})
	return out, err
}

func putJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

func getString(txn *badger.Txn, key []byte) (string, bool, error) {
	e, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	b, err := e.ValueCopy(nil)
	return string(b), true, err
}
