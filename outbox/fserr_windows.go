//go:build windows

package outbox

import (
	"errors"
	"syscall"
)

// ERROR_WRITE_PROTECT (19): the medium or the share is write-protected.
const errorWriteProtect syscall.Errno = 19

// readOnlyFS: a write-protected medium or share.
func readOnlyFS(err error) bool { return errors.Is(err, errorWriteProtect) }
