package core

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Audit actions. Details say what changed, never a value of a secret field.
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

// addAudit writes one audit entry in txn: what changed as messages (parts, read in the
// reader's language) and, for older readers, their English text. The caller holds writeMu,
// so the key sequence is strictly increasing: the log reads back in the order the changes
// were made.
func (s *Service) addAudit(txn storage.Tx, action, company string, parts ...i18n.Msg) error {
	t := s.now()
	nanos := t.UnixNano()
	seq := uint64(0)
	if nanos <= s.lastAuditNanos {
		nanos, seq = s.lastAuditNanos, s.lastAuditSeq+1
	}
	s.lastAuditNanos, s.lastAuditSeq = nanos, seq
	s.txnAudited = true
	e := AuditEntry{Time: t.UTC(), Action: action, Company: company, Parts: parts}
	e.Detail = e.Text(i18n.EN)
	b, err := json.Marshal(e)
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

// Text is what changed, in lang: the entry's messages joined, or, for an entry written before
// they existed — or naming a message this version no longer has — its English detail as
// written (Go's durations, like 10m0s, written for people).
func (e AuditEntry) Text(lang i18n.Lang) string {
	if !e.partsKnown() {
		if e.Action == ActionAutoLock {
			return goDuration.ReplaceAllStringFunc(e.Detail, func(m string) string {
				if d, err := time.ParseDuration(m); err == nil {
					return i18n.FormatDuration(lang, d, true)
				}
				return m
			})
		}
		return e.Detail
	}
	parts := make([]string, len(e.Parts))
	for i, p := range e.Parts {
		parts[i] = p.Text(lang)
	}
	return strings.Join(parts, i18n.T(lang, "audit.join"))
}

// partsKnown reports whether the entry has messages and this version knows each of them (a
// key removed since would otherwise show as itself).
func (e AuditEntry) partsKnown() bool {
	if len(e.Parts) == 0 {
		return false
	}
	for _, p := range e.Parts {
		if i18n.Forms(i18n.EN, p.Key) == nil {
			return e.Detail == ""
		}
	}
	return true
}

// goDuration is Go's form of a duration (10m0s, 1h0m0s, 45s), as older auto-lock entries
// wrote it.
var goDuration = regexp.MustCompile(`\b(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?s\b`)

// ActionText is the name of the entry's action in lang ("setup enabled"); an action this
// version does not know keeps its code.
func (e AuditEntry) ActionText(lang i18n.Lang) string { return AuditActionText(lang, e.Action) }

// AuditActionText is the name of an audit action in lang.
func AuditActionText(lang i18n.Lang, action string) string {
	key := "audit.action." + action
	if s := i18n.T(lang, key); s != key {
		return s
	}
	return action
}
