//go:build unix

package outbox

import (
	"errors"
	"syscall"
)

// readOnlyFS: a read-only mount (EROFS).
func readOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }
