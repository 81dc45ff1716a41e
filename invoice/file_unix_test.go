//go:build unix

package invoice

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"chorusdesk/internal/fixtures"
)

// TestSpecialFilesNeverBlock: a named pipe, a device or a socket named like an invoice is
// refused at once by every entry point — never opened for a read that waits for ever for a
// writer (which used to hang send and inspect, deaf to Ctrl+C, holding the data-directory
// lock). A symlink to a regular invoice is followed.
func TestSpecialFilesNeverBlock(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	device := filepath.Join(dir, "null.pdf")
	if err := os.Symlink(os.DevNull, device); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.xml")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer l.Close()
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink(fixtures.Invoice("FA-2026-0001_UBL.xml"), link); err != nil {
		t.Fatal(err)
	}

	calls := map[string]func(string) error{
		"DetectFile": func(p string) error { _, err := DetectFile(p); return err },
		"ReadFile":   func(p string) error { _, err := ReadFile(p); return err },
		"OpenFile": func(p string) error {
			f, _, err := OpenFile(p)
			if err == nil {
				f.Close()
			}
			return err
		},
	}
	for _, tt := range []struct {
		name, path, wantKey string
	}{
		{"named pipe", fifo, KeySpecialFile},
		{"device behind a symlink", device, KeySpecialFile},
		{"socket", sock, KeySpecialFile},
		{"symlink to an invoice", link, ""},
	} {
		for call, fn := range calls {
			t.Run(tt.name+"/"+call, func(t *testing.T) {
				done := make(chan error, 1)
				go func() { done <- fn(tt.path) }()
				var err error
				select {
				case err = <-done:
				case <-time.After(10 * time.Second): // a guard against a hang, not a wait for work
					t.Fatal("blocked on a special file")
				}
				if tt.wantKey == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				if got := refusalKey(t, err); got != tt.wantKey {
					t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
				}
			})
		}
	}
}

// TestOpenFileChecksTheDescriptor: the kind is checked on the opened descriptor, not
// only on the path (which can be replaced between the two): OpenFile's own fstat refuses.
func TestOpenFileChecksTheDescriptor(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	f, err := openNoBlock(fifo) // what OpenFile does after its stat, had the path been swapped
	if err != nil {
		t.Fatalf("opening a FIFO with O_NONBLOCK: %v", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if got := refusalKey(t, checkKind(st)); got != KeySpecialFile {
		t.Fatalf("descriptor check gave %s", got)
	}
}
