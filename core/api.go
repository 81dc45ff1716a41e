// Package core is the one core behind both faces of Chorus Desk: the window (package app) and
// the command line (package cli) are thin layers over Service. It ties the rules of package
// domain to the sealed store of package storage, records the audit log, writes the automatic
// backups, maps errors to exit codes (ExitCode), and runs the lock event every holder of a
// secret subscribes to (docs/architecture.md). keys.go is the layout of its records. It imports
// no Fyne.
package core

import (
	"errors"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Sentinel errors. ExitCode maps them to the exit codes of both faces (ErrNoVault and
// ErrWrongPassword → 3, ErrInUse → 4, ErrNotFound, ErrVaultExists and ErrDestinationHasData → 2).
var (
	ErrNoVault            = errors.New("no vault in this data directory: run `chorusdesk init` first")
	ErrVaultExists        = errors.New("a vault already exists in this data directory")
	ErrWrongPassword      = errors.New("wrong master password") // one message, whatever was wrong
	ErrLocked             = domain.ErrLocked                    // also what a credential holder wiped by Lock answers
	ErrInUse              = errors.New("this data directory is used by another Chorus Desk instance: close it first")
	ErrNotFound           = errors.New("no such company")
	ErrDestinationHasData = errors.New("the destination company already has setup data: confirm the overwrite")
)

// Problem is one validation failure naming the field. Env is empty for company
// fields and the ID tag. Field is a domain.Field value, or "code", "name", "siret", "tag".
type Problem struct {
	Env     domain.Env `json:"env,omitempty"`
	Field   string     `json:"field"`
	Message string     `json:"message"` // English; Key+Args give the translation
	Key     string     `json:"-"`
	Args    []any      `json:"-"`
}

// ValidationError lists every problem found; nothing was saved.
type ValidationError struct{ Problems []Problem }

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Message
	}
	s := "several fields are invalid:"
	for _, p := range e.Problems {
		s += "\n  - " + p.Message
	}
	return s
}

// SaveReport tells the user what a successful save did on their behalf (trimmed whitespace)
// and what deserves attention (a Chorus login shared with another company: a warning, not a
// refusal).
type SaveReport struct {
	Notices  []string `json:"notices,omitempty"`  // English
	Warnings []string `json:"warnings,omitempty"` // English
	// The same messages, renderable in the user's language (i18n.Message).
	NoticeErrs  []*i18n.Error `json:"-"`
	WarningErrs []*i18n.Error `json:"-"`
}

// LocalizedNotices renders the notices in lang.
func (r SaveReport) LocalizedNotices(lang i18n.Lang) []string { return localizeAll(lang, r.NoticeErrs) }

// LocalizedWarnings renders the warnings in lang.
func (r SaveReport) LocalizedWarnings(lang i18n.Lang) []string {
	return localizeAll(lang, r.WarningErrs)
}

func localizeAll(lang i18n.Lang, errs []*i18n.Error) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Localize(lang))
	}
	return out
}

// AuditEntry is one line of the audit log. Nothing in it is ever a secret's value.
type AuditEntry struct {
	Time    time.Time `json:"time"`
	Action  string    `json:"action"` // one of the Action constants (audit.go)
	Company string    `json:"company,omitempty"`
	// Detail is what changed, in English as written (all that entries older than Parts have).
	Detail string `json:"detail"`
	// Parts is what changed as messages, rendered in the reader's language (Text).
	Parts []i18n.Msg `json:"parts,omitempty"`
}

// Options tune Open. The zero value is the production configuration.
type Options struct {
	// KDF overrides the Argon2id parameters of new headers and exports (tests use cheap ones);
	// nil = storage.DefaultKDF.
	KDF *KDFParams
	// Now is the clock (tests); nil = time.Now. Like time.Now it must be safe for concurrent use.
	Now func() time.Time
	// AfterFunc runs f once after d and returns what cancels it; nil = time.AfterFunc. The
	// automatic backups are scheduled with it (tests fire them by hand, without sleeping).
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
	// BackupDelay is how long after the last change of settings the automatic backup is
	// written, so a burst of changes makes one backup; 0 = DefaultBackupDelay.
	BackupDelay time.Duration
	// BackupsKept is how many automatic backups are kept; 0 = DefaultBackupsKept.
	BackupsKept int
}

// KDFParams are Argon2id parameters (storage.DefaultKDF in production: 64 MiB, t=3, p=4).
type KDFParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// ImportReport counts what an import changed.
type ImportReport struct {
	Companies int `json:"companies"` // companies written (added or changed, record or setup)
	Setups    int `json:"setups"`    // setups written
	Settings  int `json:"settings"`  // settings written (endpoints of an environment, auto-lock)
	// Parts (company records and setups) added and changed; conflicts (parts changed here
	// after the bundle's copy) kept as they were, or overwritten with the bundle's.
	Added       int `json:"added"`
	Changed     int `json:"changed"`
	KeptNewer   int `json:"kept_newer"`
	Overwritten int `json:"overwritten"`
}
