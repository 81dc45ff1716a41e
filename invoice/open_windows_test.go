//go:build windows

package invoice

import (
	"os"
	"syscall"
	"testing"
)

// TestSharingViolationsAreBusy: Windows' sharing and lock violations mean "another program
// holds the file", never a refusal.
func TestSharingViolationsAreBusy(t *testing.T) {
	for _, errno := range []syscall.Errno{errorSharingViolation, errorLockViolation} {
		err := &os.PathError{Op: "open", Path: `C:\inbox\a.xml`, Err: errno}
		if !IsBusy(err) {
			t.Errorf("errno %d is not busy", errno)
		}
		if got := openError(err); refusalKey(t, got) != KeyBusy {
			t.Errorf("errno %d opens as %v", errno, got)
		}
	}
	if IsBusy(&os.PathError{Op: "open", Err: syscall.ERROR_FILE_NOT_FOUND}) {
		t.Error("file not found is busy")
	}
}
