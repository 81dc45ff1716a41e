//go:build windows

package invoice

import (
	"errors"
	"os"
	"syscall"
)

// Windows error codes of a file another process holds (winerror.h).
const (
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

// openNoBlock opens path for reading while denying writers (share mode FILE_SHARE_READ
// only): if another program still has the file open for writing (an ERP exporting it), the
// open fails with a sharing violation, and the file is not read half-written. Windows has no
// FIFO in the file system, so the open itself cannot block.
func openNoBlock(path string) (*os.File, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ, syscall.FILE_SHARE_READ, nil,
		syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// sharingViolation reports a sharing or lock violation (ERROR_SHARING_VIOLATION,
// ERROR_LOCK_VIOLATION): another program holds the file. It is worth waiting for, never a
// final verdict.
func sharingViolation(err error) bool {
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation)
}
