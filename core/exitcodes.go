package core

import (
	"errors"

	"chorusdesk/storage"
)

// Exit codes of the command line, decided here once for both faces (the CLI returns them,
// the window uses them to pick its message): every sentinel of the core is mapped in
// ExitCode, nowhere else.
const (
	ExitOK      = 0 // the operation succeeded
	ExitFailed  = 1 // the operation failed (a test step, a transfer, a full disk)
	ExitUsage   = 2 // usage or validation error
	ExitAuth    = 3 // wrong master password or no vault
	ExitInUse   = 4 // the data directory is used by another instance
	ExitDamaged = 5 // the data directory is damaged: nothing was changed, restore a backup
)

var (
	// ErrDamaged: the data directory is damaged (a database file missing, truncated or
	// unreadable). Nothing in it was changed or deleted; the error a caller gets is a
	// *DamagedError naming the latest automatic backup when there is one.
	ErrDamaged = storage.ErrDamaged
	// ErrDiskFull: not enough disk space for a write; nothing was written, data intact.
	ErrDiskFull = storage.ErrDiskFull
)

// ExitCoder is implemented by errors of the faces that carry their own exit code (the CLI's
// usage errors), so ExitCode stays the one mapping.
type ExitCoder interface{ ExitCode() int }

// ExitCode maps an error to the process exit code.
func ExitCode(err error) int {
	var ve *ValidationError
	var ec ExitCoder
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrDamaged):
		return ExitDamaged
	case errors.Is(err, ErrInUse), errors.Is(err, storage.ErrInUse):
		return ExitInUse
	case errors.Is(err, ErrWrongPassword), errors.Is(err, storage.ErrWrongPassword), errors.Is(err, ErrNoVault):
		return ExitAuth
	case errors.As(err, &ve), errors.Is(err, ErrDestinationHasData), errors.Is(err, ErrNotFound),
		errors.Is(err, ErrVaultExists):
		return ExitUsage
	case errors.As(err, &ec):
		return ec.ExitCode()
	}
	return ExitFailed
}
