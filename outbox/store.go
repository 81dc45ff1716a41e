package outbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// Key layout of the outbox's own key space (core.Service.OutboxKV, stored under "ob/"):
//
//	i/<id>                          item, JSON Item
//	b/<sha256>/<id>                 the item refers to the invoice content stored under that
//	                                SHA-256 in the blob store (a deposit never depends on the
//	                                file still being where it was: watch moves it away); the
//	                                content goes once no item refers to it any more
//	d/<sha256>/<companyID>/<env>    "no double deposit" index → id of the newest item with
//	                                that content for that company and environment
//	n/<companyID>/<env>/<buyer>/<n> the same for the invoice number (escaped), whatever the
//	                                bytes: one number is one invoice for one buyer
//	c/<id>                          content kept by older versions inside the database; moved
//	                                to the blob store when the outbox opens
//	r/<id>, x/…, v                  the item's summary and the secondary indexes (index.go)
//
// Item IDs sort by creation time, so a prefix scan lists items in the order they came. Every
// write of an item goes through writeItem, which keeps its summary and index keys in step in
// the same transaction.
const (
	prefixItem    = "i/"
	prefixRef     = "b/"
	prefixDedupe  = "d/"
	prefixNumber  = "n/"
	prefixLegacyC = "c/"
)

func itemKey(id string) []byte     { return []byte(prefixItem + id) }
func refKey(sha, id string) []byte { return []byte(prefixRef + sha + "/" + id) }
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

// store persists items in the outbox's key space and their content in the blob store. Every
// Update is one synced transaction, so a committed state survives a crash or a power cut.
type store struct {
	kv    storage.KV
	blobs *storage.Blobs

	lazyMu  sync.Mutex
	lazy    map[string]Item // id → item waiting for the next flush
	inFlush map[string]bool // ids of the flush in progress
	flushMu sync.Mutex      // held during a flush

	shaLocks [64]sync.Mutex // a blob is not removed while it is being stored again

	// Group commit of put (groupcommit.go): the writes waiting for the transaction in flight.
	groupMu   sync.Mutex
	groupQ    []*putRequest
	groupBusy bool
}

func (s *store) shaLock(sha string) *sync.Mutex {
	var h byte
	for i := 0; i < len(sha); i++ {
		h = h*31 + sha[i]
	}
	return &s.shaLocks[int(h)%len(s.shaLocks)]
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

// putContent stores an invoice's content (sha is its SHA-256) in the blob store, then runs
// then (the write that refers to it) while no clean-up can remove it. The same content again
// replaces a damaged copy: adding the file again repairs it.
func (s *store) putContent(sha string, data []byte, then func() error) error {
	mu := s.shaLock(sha)
	mu.Lock()
	defer mu.Unlock()
	got, _, err := s.blobs.Put(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if got != sha {
		return fmt.Errorf("outbox: content changed while it was stored (%s, %s)", sha, got)
	}
	return then()
}

// refer runs then (the write that refers to the content sha, already in the blob store)
// while no clean-up can remove that content. A clean-up that removed it after it was stored
// and before this (another item with the same content let go of it) is undone by storing it
// again with again, which must store the same bytes.
func (s *store) refer(sha string, then func() error, again func() (string, error)) error {
	mu := s.shaLock(sha)
	mu.Lock()
	defer mu.Unlock()
	if _, err := s.blobs.Size(sha); err != nil {
		got, err := again()
		if err != nil {
			return err
		}
		if got != sha {
			return fmt.Errorf("outbox: content changed while it was stored (%s, %s)", sha, got)
		}
	}
	return then()
}

// insert writes a new item, referring to its content (already in the blob store) when it has
// one. With admit set, the content index and the invoice-number index are checked first; the
// check and the write are one transaction, so two concurrent adds of the same invoice cannot
// both pass (the transaction runs again on a conflict). It returns the id of the item the new
// one replaces ("" when none; the caller writes that item's back-link).
func (s *store) insert(it *Item, admit admitFunc) (string, error) {
	linked := ""
	err := s.kv.Update(func(tx storage.Tx) error {
		linked = ""
		if admit != nil {
			for _, k := range []struct {
				key   []byte
				bySHA bool
			}{{dedupeKey(it.SHA, it.CompanyID, it.Env), true}, {numberKey(it), false}} {
				if k.key == nil {
					continue
				}
				id, found, err := getString(tx, k.key)
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
		if err := writeItem(tx, it); err != nil {
			return err
		}
		if it.SHA != "" {
			if err := tx.Set(refKey(it.SHA, it.ID), nil); err != nil {
				return err
			}
		}
		if admit != nil {
			return setIndexes(tx, it)
		}
		return nil
	})
	return linked, err
}

// setIndexes points the content and number indexes at it.
func setIndexes(tx storage.Tx, it *Item) error {
	if err := tx.Set(dedupeKey(it.SHA, it.CompanyID, it.Env), []byte(it.ID)); err != nil {
		return err
	}
	if k := numberKey(it); k != nil {
		return tx.Set(k, []byte(it.ID))
	}
	return nil
}

// writeItem writes the item's record, its summary and its index keys.
func writeItem(tx storage.Tx, it *Item) error {
	if err := putJSON(tx, itemKey(it.ID), it); err != nil {
		return err
	}
	sum := summaryOf(it)
	return reindex(tx, it.ID, &sum)
}

// put writes the item (a synced transaction, shared with the puts of other workers that
// arrive meanwhile: groupcommit.go).
func (s *store) put(it *Item) error {
	s.settle(it.ID)
	return s.groupPut(it)
}

// putLazy records the item to be written by the next flush, without waiting for the disk.
// It is used only where losing the write in a crash is harmless: after a deposit's answer,
// the state on disk stays depositing and the next run reconciles it with Chorus Pro (finding
// the same flux). One flush writes every pending item in one synced transaction, so a batch
// of deposits costs one synced write per deposit, not two.
func (s *store) putLazy(it *Item) error {
	s.lazyMu.Lock()
	if s.lazy == nil {
		s.lazy = map[string]Item{}
	}
	s.lazy[it.ID] = *it
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

// flush writes the pending lazy items (one synced transaction, whatever its size).
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
	return s.kv.Update(func(tx storage.Tx) error {
		for _, it := range batch {
			if err := writeItem(tx, &it); err != nil {
				return err
			}
		}
		return nil
	})
}

// putIndexed writes the item and points the indexes at it (after a re-route gave it a
// company).
func (s *store) putIndexed(it *Item) error {
	s.settle(it.ID)
	return s.kv.Update(func(tx storage.Tx) error {
		if err := writeItem(tx, it); err != nil {
			return err
		}
		return setIndexes(tx, it)
	})
}

// insertCopy inserts n, referring to the same content as the item it copies, and points the
// indexes at it (a resend: the caller checked the indexes and writes the back-link).
func (s *store) insertCopy(n *Item) error {
	mu := s.shaLock(n.SHA)
	mu.Lock()
	defer mu.Unlock()
	return s.kv.Update(func(tx storage.Tx) error {
		if err := writeItem(tx, n); err != nil {
			return err
		}
		if err := tx.Set(refKey(n.SHA, n.ID), nil); err != nil {
			return err
		}
		if n.CompanyID != "" {
			return setIndexes(tx, n)
		}
		return nil
	})
}

// putDropContent writes the item and lets go of its content (final states need it no more);
// the content itself goes when no other item refers to it.
func (s *store) putDropContent(it *Item) error {
	s.settle(it.ID)
	return s.dropping(it.SHA, func(tx storage.Tx) error {
		if err := writeItem(tx, it); err != nil {
			return err
		}
		return tx.Delete(refKey(it.SHA, it.ID))
	})
}

// remove deletes an item, its reference to its content and the index entries that point at it.
func (s *store) remove(it *Item) error {
	s.settle(it.ID)
	return s.dropping(it.SHA, func(tx storage.Tx) error {
		for _, k := range [][]byte{dedupeKey(it.SHA, it.CompanyID, it.Env), numberKey(it)} {
			if it.CompanyID == "" || k == nil {
				continue
			}
			id, found, err := getString(tx, k)
			if err != nil {
				return err
			}
			if found && id == it.ID {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
		}
		if it.SHA != "" {
			if err := tx.Delete(refKey(it.SHA, it.ID)); err != nil {
				return err
			}
		}
		if err := reindex(tx, it.ID, nil); err != nil {
			return err
		}
		return tx.Delete(itemKey(it.ID))
	})
}

// dropping runs write, then removes the content sha from the blob store when no item refers
// to it any more.
func (s *store) dropping(sha string, write func(storage.Tx) error) error {
	if sha == "" {
		return s.kv.Update(write)
	}
	mu := s.shaLock(sha)
	mu.Lock()
	defer mu.Unlock()
	orphan := false
	err := s.kv.Update(func(tx storage.Tx) error {
		if err := write(tx); err != nil {
			return err
		}
		orphan = true
		return tx.ScanWith([]byte(prefixRef+sha+"/"), storage.ScanOptions{KeysOnly: true}, func(_, _ []byte) error {
			orphan = false
			return storage.ErrStop
		})
	})
	if err != nil || !orphan {
		return err
	}
	// Best effort: a copy left behind costs disk space, never a wrong deposit.
	_ = s.blobs.Remove(sha)
	return nil
}

// forgetUnused removes the content sha when no item refers to it (best effort).
func (s *store) forgetUnused(sha string) {
	_ = s.dropping(sha, func(storage.Tx) error { return nil })
}

// indexed returns the items the content and number indexes name for it ("" when none).
func (s *store) indexed(it *Item) (bySHA, byNumber string, err error) {
	err = s.kv.View(func(tx storage.Tx) error {
		var err error
		if bySHA, _, err = getString(tx, dedupeKey(it.SHA, it.CompanyID, it.Env)); err != nil {
			return err
		}
		if k := numberKey(it); k != nil {
			byNumber, _, err = getString(tx, k)
		}
		return err
	})
	return bySHA, byNumber, err
}

// checkContent checks the invoice's stored copy against the item's SHA-256 and size:
// storage.ErrBlobDamaged or storage.ErrBlobMissing when it is not the one that was added (a
// flipped bit, a truncated or deleted file).
func (s *store) checkContent(it *Item) error {
	if it.SHA == "" {
		return storage.ErrBlobMissing
	}
	if n, err := s.blobs.Size(it.SHA); err != nil {
		return err
	} else if n != it.Size {
		return storage.ErrBlobDamaged
	}
	return s.blobs.Verify(it.SHA)
}

// load reads the active items (Item.active), oldest first, after bringing data written by
// older versions up to the current layout (content moved to the blob store, summaries and
// indexes built). Final and failed items stay on disk: they are read on demand.
func (s *store) load() ([]*Item, error) {
	if err := s.migrateContent(); err != nil {
		return nil, err
	}
	if err := s.migrateLayout(); err != nil {
		return nil, err
	}
	var out []*Item
	err := s.kv.View(func(tx storage.Tx) error {
		out = out[:0]
		var ids []string
		if err := tx.ScanWith([]byte(idxActive), storage.ScanOptions{KeysOnly: true}, func(k, _ []byte) error {
			ids = append(ids, string(k[len(idxActive):]))
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			it, err := getItem(tx, id)
			if errors.Is(err, storage.ErrNotFound) {
				continue // an index outlived its item: nothing to load
			}
			if err != nil {
				return err
			}
			out = append(out, &it)
		}
		return nil
	})
	return out, err
}

// all reads every item, oldest first.
func (s *store) all() ([]Item, error) {
	var out []Item
	err := s.kv.View(func(tx storage.Tx) error {
		out = out[:0]
		return tx.Scan([]byte(prefixItem), func(k, v []byte) error {
			var it Item
			if err := json.Unmarshal(v, &it); err != nil {
				return fmt.Errorf("outbox record %s: %w", strings.TrimPrefix(string(k), prefixItem), err)
			}
			out = append(out, it)
			return nil
		})
	})
	return out, err
}

// getItem reads one item record; storage.ErrNotFound when there is none.
func getItem(tx storage.Tx, id string) (Item, error) {
	var it Item
	b, err := tx.Get(itemKey(id))
	if err != nil {
		return it, err
	}
	if err := json.Unmarshal(b, &it); err != nil {
		// One damaged record must not hide the others; it is reported by ID.
		return it, fmt.Errorf("outbox record %s: %w", id, err)
	}
	return it, nil
}

// get reads one item from the store.
func (s *store) get(id string) (Item, bool, error) {
	var it Item
	err := s.kv.View(func(tx storage.Tx) error {
		var err error
		it, err = getItem(tx, id)
		return err
	})
	if errors.Is(err, storage.ErrNotFound) {
		return Item{}, false, nil
	}
	return it, err == nil, err
}

// getMany reads the items of ids that exist, in the order of ids, in one transaction.
func (s *store) getMany(ids []string) ([]Item, error) {
	var out []Item
	err := s.kv.View(func(tx storage.Tx) error {
		out = make([]Item, 0, len(ids))
		for _, id := range ids {
			it, err := getItem(tx, id)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return nil
	})
	return out, err
}

// migrateBatch is how many items one transaction of the layout migration brings up to date.
const migrateBatch = 500

// migrateLayout builds the summaries and index keys of items written before they existed, a
// batch of items per transaction (a crash in between leaves the rest to do at the next open:
// reindex replaces whatever a batch had written), then records the layout version.
func (s *store) migrateLayout() error {
	done := false
	if err := s.kv.View(func(tx storage.Tx) error {
		v, err := tx.Get([]byte(keyLayout))
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		done = string(v) == layoutVersion
		return err
	}); err != nil || done {
		return err
	}
	var start []byte
	for {
		var last []byte
		n := 0
		err := s.kv.Update(func(tx storage.Tx) error {
			last, n = nil, 0
			var batch []Item
			err := tx.ScanWith([]byte(prefixItem), storage.ScanOptions{Start: start}, func(k, v []byte) error {
				var it Item
				if err := json.Unmarshal(v, &it); err != nil {
					return fmt.Errorf("outbox record %s: %w", strings.TrimPrefix(string(k), prefixItem), err)
				}
				batch = append(batch, it)
				last = append(last[:0], k...)
				if len(batch) == migrateBatch {
					return storage.ErrStop
				}
				return nil
			})
			if err != nil {
				return err
			}
			for i := range batch {
				sum := summaryOf(&batch[i])
				if err := reindex(tx, batch[i].ID, &sum); err != nil {
					return err
				}
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return err
		}
		if n < migrateBatch {
			break
		}
		start = append(last, 0)
	}
	return s.kv.Update(func(tx storage.Tx) error { return tx.Set([]byte(keyLayout), []byte(layoutVersion)) })
}

// migrateContent moves each c/<id> value to the blob store and records the reference, one
// item per transaction (a crash in between leaves the value to move again).
func (s *store) migrateContent() error {
	var ids []string
	err := s.kv.View(func(tx storage.Tx) error {
		return tx.ScanWith([]byte(prefixLegacyC), storage.ScanOptions{KeysOnly: true}, func(k, _ []byte) error {
			ids = append(ids, strings.TrimPrefix(string(k), prefixLegacyC))
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		var data []byte
		if err := s.kv.View(func(tx storage.Tx) error {
			var err error
			data, err = tx.Get([]byte(prefixLegacyC + id))
			return err
		}); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		if err := s.putContent(sha, data, func() error {
			return s.kv.Update(func(tx storage.Tx) error {
				if err := tx.Set(refKey(sha, id), nil); err != nil {
					return err
				}
				return tx.Delete([]byte(prefixLegacyC + id))
			})
		}); err != nil {
			return err
		}
	}
	return nil
}

func putJSON(tx storage.Tx, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Set(key, b)
}

func getString(tx storage.Tx, key []byte) (string, bool, error) {
	b, err := tx.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(b), true, nil
}
