package core

import (
	"errors"

	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// DamagedError is what Open returns for a damaged data directory: nothing in it was changed,
// and the message points at the latest automatic backup when there is one. It is ErrDamaged
// for errors.Is (exit code 5).
type DamagedError struct {
	// Backup is the path of the latest automatic backup, "" when there is none.
	Backup string
	// Reason says which file and why, for a log or a bug report; never shown as the message.
	Reason string
}

func newDamagedError(dir string, err error) *DamagedError {
	e := &DamagedError{}
	var de *storage.DamagedError
	if errors.As(err, &de) {
		e.Reason = de.Reason
	}
	if latest, ok := latestBackup(dir); ok {
		e.Backup = latest
	}
	return e
}

func (e *DamagedError) Error() string { return e.Localize(i18n.EN) }

// Localize renders the message in lang.
func (e *DamagedError) Localize(lang i18n.Lang) string {
	if e.Backup == "" {
		return ErrDamaged.Localize(lang)
	}
	return i18n.T(lang, "store.damaged_backup", e.Backup)
}

// Is makes errors.Is(err, ErrDamaged) hold.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }
