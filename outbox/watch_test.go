package outbox

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
)

// Files dropped in the inbox are taken once stable, deposited, and moved out of the way;
// a file that is not an invoice goes to refused/.
func TestWatchTakesDroppedFiles(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	inbox := t.TempDir()
	// One file is already there when the watch starts.
	writeFile(t, inbox, "early.xml", ublVariant(t, "W-EARLY", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	type taken struct {
		path string
		it   Item
		err  error
	}
	got := make(chan taken, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- o.Watch(ctx, inbox, WatchOptions{Settle: 20 * time.Millisecond, OnFile: func(p string, it Item, err error) {
			got <- taken{p, it, err}
		}})
	}()
	defer func() { cancel(); <-done }()
	writeFile(t, inbox, "late.xml", ublVariant(t, "W-LATE", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	writeFile(t, inbox, "notes.txt", []byte("not an invoice"))
	writeFile(t, inbox, ".hidden.xml", ublVariant(t, "W-HIDDEN", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))

	var ids []string
	byName := map[string]taken{}
	deadline := time.After(20 * time.Second)
	for len(byName) < 3 {
		select {
		case tk := <-got:
			byName[filepath.Base(tk.path)] = tk
			if tk.it.SHA != "" {
				ids = append(ids, tk.it.ID)
			}
		case <-deadline:
			t.Fatalf("only %d files taken: %v", len(byName), byName)
		}
	}
	if tk := byName["notes.txt"]; tk.err == nil || tk.it.State != Failed {
		t.Errorf("notes.txt: %v, state %s", tk.err, tk.it.State)
	}
	if _, ok := byName[".hidden.xml"]; ok {
		t.Error("a hidden file was taken")
	}
	wait(t, o, Item.WasDeposited, ids...)
	for name, sub := range map[string]string{"early.xml": ProcessedDir, "late.xml": ProcessedDir, "notes.txt": RefusedDir} {
		if _, err := os.Stat(filepath.Join(inbox, sub, name)); err != nil {
			t.Errorf("%s not moved to %s: %v", name, sub, err)
		}
		if _, err := os.Stat(filepath.Join(inbox, name)); err == nil {
			t.Errorf("%s still in the inbox", name)
		}
	}
	for _, n := range []string{"W-EARLY", "W-LATE"} {
		if c := r.emu.Requests().Deposits[n]; c != 1 {
			t.Errorf("%s deposited %d times", n, c)
		}
	}
}
