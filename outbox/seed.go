package outbox

import (
	"errors"

	"chorusdesk/core"
	"chorusdesk/storage"
)

// seedBatch is how many items one transaction of Seed writes.
const seedBatch = 2000

// Seed writes items into the outbox of svc as they are, with their summaries and indexes,
// through the store's own writes: a data directory with a year of invoices for benchmarks
// and tools, made in seconds instead of through as many deposits. It refuses while an engine
// is open on svc (ErrAlreadyOpen). Items are taken as given: their content, when they name
// one, must already be in svc.Blobs(). Not for production data.
func Seed(svc *core.Service, items []Item) error {
	detach, err := svc.Attach(attachName)
	if errors.Is(err, core.ErrAttached) {
		return ErrAlreadyOpen
	}
	if err != nil {
		return err
	}
	defer detach()
	st := &store{kv: svc.OutboxKV(), blobs: svc.Blobs()}
	if err := st.migrateContent(); err != nil {
		return err
	}
	if err := st.migrateLayout(); err != nil {
		return err
	}
	for start := 0; start < len(items); start += seedBatch {
		part := items[start:min(start+seedBatch, len(items))]
		if err := st.kv.Update(func(tx storage.Tx) error {
			for i := range part {
				it := &part[i]
				if err := writeItem(tx, it); err != nil {
					return err
				}
				if it.SHA != "" {
					if err := tx.Set(refKey(it.SHA, it.ID), nil); err != nil {
						return err
					}
				}
				if it.CompanyID != "" && it.ReplacedBy == "" {
					if err := setIndexes(tx, it); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}
