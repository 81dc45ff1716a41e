package core

import (
	"encoding/json"

	"chorusdesk/storage"
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
	ActionRestore       = "restore"
)

// loadLastAuditKey reads the newest audit key so new keys sort after it even if the clock
// went backwards between two runs.
func (s *Service) loadLastAuditKey() error {
	return s.view(func(txn storage.Tx) error {
		opt := storage.ScanOptions{Reverse: true, KeysOnly: true}
		return txn.ScanWith([]byte(prefixAudit), opt, func(k, _ []byte) error {
			if n, q, ok := parseAuditKey(k); ok {
				s.lastAuditNanos, s.lastAuditSeq = n, q
				return storage.ErrStop
			}
			return nil
		})
	})
}

// addAudit writes one audit entry in txn. The caller holds writeMu, so the key sequence is
// strictly increasing: the log reads back in the order the changes were made.
func (s *Service) addAudit(txn storage.Tx, action, company, detail string) error {
	t := s.now()
	nanos := t.UnixNano()
	seq := uint64(0)
	if nanos <= s.lastAuditNanos {
		nanos, seq = s.lastAuditNanos, s.lastAuditSeq+1
	}
	s.lastAuditNanos, s.lastAuditSeq = nanos, seq
	s.txnAudited = true
	b, err := json.Marshal(AuditEntry{Time: t.UTC(), Action: action, Company: company, Detail: detail})
	if err != nil {
		return err
	}
	return txn.Set(auditKey(nanos, seq), b)
}

// Audit returns the audit log, oldest first.
func (s *Service) Audit() ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.view(func(txn storage.Tx) error {
		return txn.Scan([]byte(prefixAudit), func(_, v []byte) error {
			var e AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}
