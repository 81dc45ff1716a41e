package outbox

import (
	"errors"
	"io/fs"
	"strings"

	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// fsProblem is what a file system error means for the inbox watch.
type fsProblem int

const (
	fsOther    fsProblem = iota // anything else: retried a few times, then the file is left with the reason
	fsGone                      // the file is not there any more (another desk took it, the user moved it)
	fsBusy                      // another program holds it (a Windows sharing or lock violation): wait, never final
	fsDenied                    // access denied: on Windows also what a file being written answers; wait, never final
	fsReadOnly                  // the folder cannot be changed (a read-only share or file system)
	fsSpecial                   // not an ordinary file: leave it
)

// classify reads a raw file system error or an invoice.* access refusal.
func classify(err error) fsProblem {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		switch ie.Key {
		case invoice.KeyNotFound:
			return fsGone
		case invoice.KeyBusy:
			return fsBusy
		case invoice.KeyPermission:
			return fsDenied
		case invoice.KeySpecialFile, invoice.KeyNotRegular:
			return fsSpecial
		}
		return fsOther
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fsGone
	case invoice.IsBusy(err):
		return fsBusy
	case readOnlyFS(err):
		return fsReadOnly
	case errors.Is(err, fs.ErrPermission):
		return fsDenied
	}
	return fsOther
}

// isRefusal reports a detection verdict (the content is not an invoice, or not yet one), as
// opposed to a problem reaching the file.
func isRefusal(err error) bool {
	var ie *i18n.Error
	if !errors.As(err, &ie) || !strings.HasPrefix(ie.Key, "invoice.") {
		return false
	}
	switch ie.Key {
	case invoice.KeyNotFound, invoice.KeyBusy, invoice.KeyPermission, invoice.KeySpecialFile,
		invoice.KeyNotRegular, invoice.KeyReadFailed:
		return false
	}
	return true
}

// reason is err as a user reads it: an i18n error as is, a system error with its text made
// safe to show (it names paths).
func reason(err error) error {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie
	}
	return i18n.Errorf("intake.system_error", displayName(err.Error()))
}
