//go:build unix

package invoice

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading with O_NONBLOCK: opening a named pipe otherwise waits,
// forever and deaf to Ctrl+C, for a writer to appear. OpenFile then checks the descriptor is
// a regular file, where O_NONBLOCK changes nothing. O_NOCTTY keeps a terminal device from
// becoming the process's controlling terminal.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}

// sharingViolation reports a Windows sharing or lock violation; Unix has no mandatory
// sharing locks.
func sharingViolation(error) bool { return false }
