//go:build windows

package outbox

import (
	"os"
	"syscall"
	"testing"
)

// TestClassifyWindowsErrors: what Windows answers for a file being written or a protected
// share reads as the watch needs it.
func TestClassifyWindowsErrors(t *testing.T) {
	tests := []struct {
		errno syscall.Errno
		want  fsProblem
	}{
		{32, fsBusy}, // ERROR_SHARING_VIOLATION
		{33, fsBusy}, // ERROR_LOCK_VIOLATION
		{syscall.ERROR_ACCESS_DENIED, fsDenied},
		{errorWriteProtect, fsReadOnly},
		{syscall.ERROR_FILE_NOT_FOUND, fsGone},
		{syscall.ERROR_PATH_NOT_FOUND, fsGone},
	}
	for _, tt := range tests {
		err := &os.LinkError{Op: "rename", Old: `C:\in\a.xml`, New: `C:\in\processed\a.xml`, Err: tt.errno}
		if got := classify(err); got != tt.want {
			t.Errorf("errno %d: %v, want %v", tt.errno, got, tt.want)
		}
	}
}
