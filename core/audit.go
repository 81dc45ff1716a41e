package core

import (
	"encoding/json"

	"github.com/dgraph-io/badger/v4"
)

// Audit actions (spec §2.7). Details say what changed, never a value of a secret field.
const (
	ActionInit          = "init"
	ActionCreate        = "create"
	ActionEdit          = "edit"
	ActionEnable        = "enable"
	ActionDisable       = "disable"
	ActionMove          = "move"
	ActionEnv           = "env"
	ActionEndpoints     = "endpoints"
	ActionAutoLock      = "autolock"
	ActionPasswd        = "passwd"
	ActionImport        = "import"
	ActionExport        = "export"
	ActionCompanyAdd    = "company-add"
	ActionCompanyEdit   = "company-edit"
	ActionCompanyRemove = "company-remove"
)

// loadLastAuditKey reads the newest audit key so new keys sort after it even if the clock
// went backwards between two runs.
func (s *Service) loadLastAuditKey() error {
	return s.view(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.Reverse = true
		opts.Prefix = []byte(prefixAudit)
		it := txn.NewIterator(opts)
		defer it.Close()
		// In reverse mode Seek finds the last key <= the seek key: seek past every audit key.
		it.Seek(append([]byte(prefixAudit), 0xff))
		if it.Valid() {
			if n, q, ok := parseAuditKey(it.Item().Key()); ok {
				s.lastAuditNanos, s.lastAuditSeq = n, q
			}
		}
		return nil
	})
}

// addAudit writes one audit entry in txn. The caller holds writeMu, so the key sequence is
// strictly increasing: the log reads back in the order the changes were made.
func (s *Service) addAudit(txn *badger.Txn, action, company, detail string) error {
	t := s.now()
	nanos := t.UnixNano()
	seq := uint64(0)
	if nanos <= s.lastAuditNanos {
		nanos, seq = s.lastAuditNanos, s.lastAuditSeq+1
	}
	s.lastAuditNanos, s.lastAuditSeq = nanos, seq
	b, err := json.Marshal(AuditEntry{Time: t.UTC(), Action: action, Company: company, Detail: detail})
	if err != nil {
		return err
	}
	return txn.Set(auditKey(nanos, seq), b)
}

// Audit returns the audit log, oldest first.
func (s *Service) Audit() ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.view(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte(prefixAudit)
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var e AuditEntry
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
