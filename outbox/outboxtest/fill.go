package outboxtest

import (
	"encoding/json"
	"fmt"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/outbox"
	"chorusdesk/storage"
)

// Fill writes items into the outbox of svc (no engine open on it), through the outbox's own
// store (outbox.Seed).
func Fill(svc *core.Service, items []outbox.Item) error { return outbox.Seed(svc, items) }

// WriteLegacy writes items as the outbox laid them out before its indexes (one JSON record
// per item under i/<id>, and the content and number indexes): what an older version leaves
// in a data directory, for the migration's tests and benchmarks.
func WriteLegacy(kv storage.KV, items []outbox.Item) error {
	const batch = 2000
	for start := 0; start < len(items); start += batch {
		part := items[start:min(start+batch, len(items))]
		if err := kv.Update(func(tx storage.Tx) error {
			for i := range part {
				it := &part[i]
				b, err := json.Marshal(it)
				if err != nil {
					return err
				}
				if err := tx.Set([]byte("i/"+it.ID), b); err != nil {
					return err
				}
				if it.SHA != "" {
					if err := tx.Set([]byte("b/"+it.SHA+"/"+it.ID), nil); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("outboxtest: %w", err)
		}
	}
	return nil
}

// Companies adds n companies with valid SIRETs to an unlocked svc and returns them.
func Companies(svc *core.Service, n int) ([]domain.Company, error) {
	var out []domain.Company
	v := int64(31000000000000)
	for i := 0; i < n; i++ {
		for !domain.ValidSIRET(fmt.Sprint(v)) {
			v++
		}
		c, err := svc.AddCompany(fmt.Sprintf("CO%03d", i), fmt.Sprintf("Company %d", i), fmt.Sprint(v))
		if err != nil {
			return nil, err
		}
		v++
		out = append(out, c)
	}
	return out, nil
}

// YearDir makes dir a data directory whose vault (master password password, options opt) holds
// 20 companies and n outbox items spread over the last year (Year): the benchmarks' year of a
// busy firm. The service is closed again.
func YearDir(dir string, opt core.Options, password string, n int) error {
	svc, err := core.Open(dir, opt)
	if err != nil {
		return err
	}
	if err := svc.Init([]byte(password)); err != nil {
		svc.Close()
		return err
	}
	cos, err := Companies(svc, 20)
	if err == nil {
		err = Fill(svc, Year(n, svc.Now(), cos))
	}
	if cerr := svc.Close(); err == nil {
		err = cerr
	}
	return err
}
