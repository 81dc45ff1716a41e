package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command on a damaged data directory exits 5 with the one message and leaves the
// directory as it was (no "the outbox is empty", no `init` advice, no stack trace).
func TestCommandsOnDamagedDirectory(t *testing.T) {
	h := newHarness(t)
	if r := h.run("init"); r.code != 0 {
		t.Fatalf("init: %d %s", r.code, r.err)
	}
	if err := os.Remove(filepath.Join(h.dir, "db", "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"status"}, {"company", "list"}, {"setup", "set", "*****", "--env", "sandbox", "--tag", "T"}, {"init"}} {
		r := h.run(args...)
		if r.code != ExitDamaged {
			t.Fatalf("%v: exit %d, want %d (%s)", args, r.code, ExitDamaged, r.err)
		}
		if !strings.Contains(r.err, "damaged") || strings.Contains(r.err, "goroutine") ||
			strings.Contains(strings.ToLower(r.err), "badger") || strings.Contains(r.err, "init") {
			t.Fatalf("%v: message %q", args, r.err)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "db", "MANIFEST")); !os.IsNotExist(err) {
		t.Fatal("a command recreated the MANIFEST")
	}
}
