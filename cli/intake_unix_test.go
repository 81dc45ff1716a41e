//go:build unix

package cli

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFONeverHangs: a named pipe called .xml is refused at once by inspect and send,
// whether named or found in a folder (it used to hang them for ever, deaf to Ctrl+C).
func TestFIFONeverHangs(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.xml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tc := range [][]string{{"inspect", fifo}, {"inspect", dir}, {"send", fifo}, {"send", dir}} {
		done := make(chan result, 1)
		go func() { done <- h.run(tc...) }()
		select {
		case r := <-done:
			if tc[0] == "send" && r.code != ExitFailed {
				t.Errorf("%v: exit %d\n%s\n%s", tc, r.code, r.out, r.err)
			}
			if tc[1] == fifo && !strings.Contains(r.out+r.err, "not an ordinary file") {
				t.Errorf("%v: no reason given\n%s\n%s", tc, r.out, r.err)
			}
		case <-time.After(20 * time.Second): // a guard against the hang, not a wait for work
			t.Fatalf("%v hangs on a named pipe", tc)
		}
	}
}
