package outbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// newIntakeOutbox is a real outbox (real service, real Badger store) whose engine does not
// run: these tests look at what the watch does with files, not at the deposits.
func newIntakeOutbox(t *testing.T) *Outbox {
	t.Helper()
	return newRig(t, emulator.Options{}).open(fastOptions())
}

func invoiceBytes(t *testing.T, number string) []byte {
	return ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
}

// TestWatchTakesOnlySettledFiles: a file is taken once its size and modification time have
// stayed the same for the settle time; a change starts the wait again.
func TestWatchTakesOnlySettledFiles(t *testing.T) {
	r := newInboxRig(t, newIntakeOutbox(t), t.TempDir(), WatchOptions{})
	r.write("a.xml", invoiceBytes(t, "S-1"))
	r.look(0)
	r.look(testSettle - time.Millisecond)
	if got := r.takenNames(); len(got) != 0 {
		t.Fatalf("taken before the settle time: %v", got)
	}
	// The writer appends: the wait starts again.
	data := append(invoiceBytes(t, "S-1"), "\n\n"...)
	r.write("a.xml", data)
	r.look(time.Millisecond)
	r.look(testSettle - time.Millisecond)
	if got := r.takenNames(); len(got) != 0 {
		t.Fatalf("taken while changing: %v", got)
	}
	r.look(time.Millisecond)
	if got := r.takenNames(); len(got) != 1 || r.where("a.xml") != "processed" {
		t.Fatalf("taken %v, file in %q\n%s", got, r.where("a.xml"), r.dump())
	}
	it := r.taken[0].it
	if it.File != filepath.Join(r.w.dir, "a.xml") || it.SHA != invoice.SHA256(data) {
		t.Errorf("item records file %q sha %s", it.File, it.SHA)
	}
}

// TestWatchSlowWriter: a file whose writer paused longer than the settle time is not an
// invoice yet; it is looked at once more a settle time later before it is refused, and a
// refused file that changes afterwards (its writer went on) comes back and is taken.
func TestWatchSlowWriter(t *testing.T) {
	full := invoiceBytes(t, "SLOW-1")
	tests := []struct {
		name string
		run  func(r *inboxRig)
		want string // where the file ends
	}{
		{"completed during the second chance", func(r *inboxRig) {
			r.write("slow.xml", full[:len(full)/2])
			r.settleAndLook() // half written: not an invoice yet
			r.write("slow.xml", full)
			r.look(time.Second)
			r.look(testSettle)
		}, "processed"},
		{"never completed", func(r *inboxRig) {
			r.write("slow.xml", full[:len(full)/2])
			r.settleAndLook()
			r.look(testSettle) // still the same half: refused
		}, "refused"},
		{"completed after the refusal", func(r *inboxRig) {
			r.write("slow.xml", full[:len(full)/2])
			r.settleAndLook()
			r.look(testSettle) // refused
			if r.where("slow.xml") != "refused" {
				r.t.Fatalf("not refused: %s", r.where("slow.xml"))
			}
			// The writer still held the file: it finishes it where it now is.
			if err := os.WriteFile(filepath.Join(r.dir, RefusedDir, "slow.xml"), full, 0o600); err != nil {
				r.t.Fatal(err)
			}
			r.look(time.Second) // back in the inbox
			r.settleAndLook()
		}, "processed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newInboxRig(t, newIntakeOutbox(t), t.TempDir(), WatchOptions{})
			tt.run(r)
			if got := r.where("slow.xml"); got != tt.want {
				t.Fatalf("file in %q, want %q\n%s", got, tt.want, r.dump())
			}
			if !has(r.noticeKeys("slow.xml"), "intake.watch.not_yet") {
				t.Errorf("no 'not an invoice yet' notice\n%s", r.dump())
			}
		})
	}
}

// TestWatchWindowsLocks: sharing violations and access denied on a file being written are
// waited for, never final, each said once; the file is taken when the writer lets go.
func TestWatchWindowsLocks(t *testing.T) {
	busy := &os.PathError{Op: "open", Path: "x", Err: invoice.ErrBusy}
	tests := []struct {
		name    string
		fault   *fault
		wantKey string
	}{
		{"sharing violation on open", &fault{op: "detect", match: "locked.xml", err: i18n.Errorf(invoice.KeyBusy), times: -1}, "intake.watch.busy"},
		{"access denied on open", &fault{op: "detect", match: "locked.xml", err: i18n.Errorf(invoice.KeyPermission), times: -1}, "intake.watch.denied"},
		{"sharing violation on the claim", &fault{op: "rename", match: "locked.xml", err: busy, times: -1}, "intake.watch.busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newInboxRig(t, newIntakeOutbox(t), t.TempDir(), WatchOptions{}, tt.fault)
			r.write("locked.xml", invoiceBytes(t, "LOCK-1"))
			r.write("free.xml", invoiceBytes(t, "FREE-1"))
			r.settleAndLook()
			for range 3 * maxTries { // far past any bound: still waiting
				r.look(retryMax)
			}
			if got := r.where("locked.xml"); got != "inbox" {
				t.Fatalf("locked file in %q\n%s", got, r.dump())
			}
			if got := r.where("free.xml"); got != "processed" {
				t.Fatalf("the next file did not flow: %q\n%s", got, r.dump())
			}
			if keys := r.noticeKeys("locked.xml"); count(keys, tt.wantKey) != 1 || has(keys, "intake.watch.left") {
				t.Fatalf("notices %v, want %s once and never left\n%s", keys, tt.wantKey, r.dump())
			}
			r.fs.clear() // the writer closes the file
			r.look(retryMax)
			if got := r.where("locked.xml"); got != "processed" {
				t.Fatalf("not taken once free: %q\n%s", got, r.dump())
			}
		})
	}
}

// TestWatchMoveFailures: a move to processed/ that fails is retried; when it keeps failing,
// the item says so, the file stays in the claim folder (out of the inbox, never taken twice)
// and the move is tried again from time to time.
func TestWatchMoveFailures(t *testing.T) {
	denied := fs.ErrPermission
	t.Run("fails a few times", func(t *testing.T) {
		r := newInboxRig(t, newIntakeOutbox(t), t.TempDir(), WatchOptions{},
			&fault{op: "move", match: string(filepath.Separator) + ProcessedDir, err: denied, times: 2 * (maxTries - 2)})
		r.write("m.xml", invoiceBytes(t, "MOVE-1"))
		r.settleAndLook()
		for range maxTries {
			r.look(retryMax)
		}
		if got := r.where("m.xml"); got != "processed" {
			t.Fatalf("file in %q\n%s", got, r.dump())
		}
		it, _ := r.o.Item(r.taken[0].it.ID)
		if it.FileNote != nil {
			t.Errorf("note left on the item: %v", it.FileNote)
		}
	})
	t.Run("keeps failing", func(t *testing.T) {
		o := newIntakeOutbox(t)
		r := newInboxRig(t, o, t.TempDir(), WatchOptions{},
			&fault{op: "move", match: string(filepath.Separator) + ProcessedDir, err: denied, times: -1})
		r.write("m.xml", invoiceBytes(t, "MOVE-2"))
		r.settleAndLook()
		for range 2 * maxTries {
			r.look(retryMax)
		}
		if got := r.where("m.xml"); got != "claimed" {
			t.Fatalf("file in %q, want it kept in the claim folder\n%s", got, r.dump())
		}
		if n := len(o.Items()); n != 1 {
			t.Fatalf("%d items: the file was taken again", n)
		}
		id := r.taken[0].it.ID
		it, _ := o.Item(id)
		note := it.FileNote.In(i18n.EN)
		if !strings.HasPrefix(note, "sent to the outbox, but the file could not be moved to "+filepath.Join(r.w.dir, ProcessedDir)+string(filepath.Separator)) ||
			it.FileNote.In(i18n.FR) == note {
			t.Fatalf("item note %q", note)
		}
		if keys := r.noticeKeys("m.xml"); count(keys, "intake.watch.not_moved_file") != 1 {
			t.Fatalf("notices %v", keys)
		}
		// Later the share lets the watch move it: the note goes.
		r.fs.clear()
		r.look(slowRetry)
		if got := r.where("m.xml"); got != "processed" {
			t.Fatalf("file in %q after the share came back\n%s", got, r.dump())
		}
		if it, _ := o.Item(id); it.FileNote != nil {
			t.Errorf("note kept after the move: %v", it.FileNote.In(i18n.EN))
		}
	})
	t.Run("processed is not a folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ProcessedDir), []byte("a file in the way"), 0o600); err != nil {
			t.Fatal(err)
		}
		o := newIntakeOutbox(t)
		r := newInboxRig(t, o, dir, WatchOptions{})
		r.write("m.xml", invoiceBytes(t, "MOVE-3"))
		r.settleAndLook()
		for range 2 * maxTries {
			r.look(retryMax)
		}
		if got := r.where("m.xml"); got != "claimed" {
			t.Fatalf("file in %q\n%s", got, r.dump())
		}
		if it, _ := o.Item(r.taken[0].it.ID); it.FileNote == nil {
			t.Error("the item does not say the file could not be moved")
		}
		if !has(r.noticeKeys(dir), "intake.watch.mkdir_failed") {
			t.Errorf("no notice that processed/ could not be made\n%s", r.dump())
		}
	})
}

// TestWatchFreeNames: moves pick a free name within 255 bytes, keeping the extension.
func TestWatchFreeNames(t *testing.T) {
	long := strings.Repeat("é", 124) + "-FA.xml" // 255 bytes
	if len(long) != maxNameBytes {
		t.Fatalf("test name is %d bytes", len(long))
	}
	tests := []struct {
		name     string
		existing []string // already in processed/
		want     string
	}{
		{"a.xml", nil, "a.xml"},
		{"a.xml", []string{"a.xml"}, "a-1.xml"},
		{"a.xml", []string{"a.xml", "a-1.xml", "a-2.xml"}, "a-3.xml"},
		{"no-extension", []string{"no-extension"}, "no-extension-1"},
		{long, []string{long}, strings.Repeat("é", 124) + "-1.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name[:min(len(tt.name), 20)], func(t *testing.T) {
			dir := t.TempDir()
			for _, e := range append([]string{"processed"}, tt.existing...) {
				p := filepath.Join(dir, "processed")
				if e != "processed" {
					if err := os.WriteFile(filepath.Join(p, e), []byte("older"), 0o600); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.Mkdir(p, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			src := filepath.Join(dir, tt.name)
			if err := os.WriteFile(src, []byte("new"), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := moveInto(osFS{}, src, filepath.Join(dir, "processed"))
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(got) != tt.want || len(filepath.Base(got)) > maxNameBytes {
				t.Fatalf("moved to %q (%d bytes), want %q", filepath.Base(got), len(filepath.Base(got)), tt.want)
			}
			for _, e := range tt.existing {
				if b, _ := os.ReadFile(filepath.Join(dir, "processed", e)); string(b) != "older" {
					t.Errorf("%s was overwritten", e)
				}
			}
		})
	}
	// Without hard links (FAT, some shares), the rename fallback still never overwrites.
	dir := t.TempDir()
	ffs := newFaultFS(&fault{op: "link", err: syscall.EPERM, times: -1})
	if err := os.WriteFile(filepath.Join(dir, "a.xml"), []byte("older"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "a.xml")
	if err := os.WriteFile(src, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := moveInto(ffs, src, dir); err != nil || filepath.Base(got) != "a-1.xml" {
		t.Fatalf("moved to %q, %v", got, err)
	}
}

// TestWatchInboxErrors: the inbox that cannot be read is said once and looked at again; the
// files flow when it comes back.
func TestWatchInboxErrors(t *testing.T) {
	dir := t.TempDir()
	r := newInboxRig(t, newIntakeOutbox(t), dir, WatchOptions{},
		&fault{op: "readdir", match: dir, err: syscall.EIO, times: -1})
	r.write("a.xml", invoiceBytes(t, "IO-1"))
	for range 4 {
		r.look(retryMax)
	}
	r.fs.clear()
	if got := r.takenNames(); len(got) != 0 {
		t.Fatalf("taken %v while the inbox cannot be read", got)
	}
	if keys := r.noticeKeys(r.w.dir); count(keys, "intake.watch.inbox_error") != 1 {
		t.Fatalf("notices %v", keys)
	}
	r.settleAndLook()
	r.look(testSettle)
	if got := r.where("a.xml"); got != "processed" {
		t.Fatalf("file in %q\n%s", got, r.dump())
	}
}

// TestWatchReadErrors: a file that cannot be read for another reason is tried a bounded
// number of times, then left in the inbox with the reason; the others flow; it is taken
// when it changes.
func TestWatchReadErrors(t *testing.T) {
	r := newInboxRig(t, newIntakeOutbox(t), t.TempDir(), WatchOptions{},
		&fault{op: "detect", match: "bad.xml", err: i18n.Errorf(invoice.KeyReadFailed, "input/output error"), times: -1})
	r.write("bad.xml", invoiceBytes(t, "BAD-1"))
	r.write("ok.xml", invoiceBytes(t, "OK-1"))
	r.settleAndLook()
	for range 3 * maxTries {
		r.look(retryMax)
	}
	if r.where("bad.xml") != "inbox" || r.where("ok.xml") != "processed" {
		t.Fatalf("bad.xml in %q, ok.xml in %q\n%s", r.where("bad.xml"), r.where("ok.xml"), r.dump())
	}
	keys := r.noticeKeys("bad.xml")
	if count(keys, "intake.watch.left") != 1 {
		t.Fatalf("notices %v", keys)
	}
	calls := r.fs.calls["detect"]
	r.look(retryMax)
	if r.fs.calls["detect"] != calls {
		t.Error("a file left in the inbox is read again although it did not change")
	}
	r.fs.clear()
	r.write("bad.xml", append(invoiceBytes(t, "BAD-1"), '\n'))
	r.settleAndLook()
	if got := r.where("bad.xml"); got != "processed" {
		t.Fatalf("changed file in %q\n%s", got, r.dump())
	}
}

// TestWatchReadOnlyInbox: an inbox the desk cannot change (no claim, no move) still sends
// each invoice once while the watch runs, and says what that means.
func TestWatchReadOnlyInbox(t *testing.T) {
	o := newIntakeOutbox(t)
	r := newInboxRig(t, o, t.TempDir(), WatchOptions{}, &fault{op: "rename", err: syscall.EROFS, times: -1})
	r.write("a.xml", invoiceBytes(t, "RO-1"))
	r.write("b.xml", invoiceBytes(t, "RO-2"))
	r.settleAndLook()
	for range 3 * maxTries {
		r.look(retryMax)
	}
	if n := len(o.Items()); n != 2 {
		t.Fatalf("%d items for 2 files\n%s", n, r.dump())
	}
	if r.where("a.xml") != "inbox" || r.where("b.xml") != "inbox" {
		t.Error("files moved in a read-only inbox")
	}
	if keys := r.noticeKeys(r.w.dir); count(keys, "intake.watch.read_only") != 1 {
		t.Fatalf("notices %v", keys)
	}
}

// TestWatchAddFailures: when the outbox cannot record a file (here: the chosen company does
// not exist, for an invoice of an unknown seller), the file is tried again, then put back in
// the inbox and left there until it changes.
func TestWatchAddFailures(t *testing.T) {
	o := newIntakeOutbox(t)
	r := newInboxRig(t, o, t.TempDir(), WatchOptions{Company: "NOPE"})
	b := invoiceBytes(t, "ORPHAN-1")
	b = []byte(strings.ReplaceAll(string(b), emulator.SupplierSIRET1, emulator.SupplierSIRET3))
	r.write("orphan.xml", b)
	r.settleAndLook()
	for range 2 * maxTries {
		r.look(retryMax)
	}
	if got := r.where("orphan.xml"); got != "inbox" {
		t.Fatalf("file in %q\n%s", got, r.dump())
	}
	if n := len(o.Items()); n != 0 {
		t.Fatalf("%d items", n)
	}
	if keys := r.noticeKeys("orphan.xml"); !has(keys, "intake.watch.add_failed") || !has(keys, "intake.watch.left") {
		t.Fatalf("notices %v", keys)
	}
}

// TestWatchRecoversItsClaims: files this desk had claimed when it stopped are added when its
// watch starts again, and not sent twice when they were already in the outbox.
func TestWatchRecoversItsClaims(t *testing.T) {
	o := newIntakeOutbox(t)
	dir := t.TempDir()
	claim := filepath.Join(dir, claimPrefix+"desk-a")
	if err := os.MkdirAll(claim, 0o700); err != nil {
		t.Fatal(err)
	}
	// One claimed and added before the stop, one claimed only.
	added := filepath.Join(claim, "added.xml")
	if err := os.WriteFile(added, invoiceBytes(t, "REC-1"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Add(added, AddOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(claim, "claimed.xml"), invoiceBytes(t, "REC-2"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newInboxRig(t, o, dir, WatchOptions{})
	r.look(0)
	for _, name := range []string{"added.xml", "claimed.xml"} {
		if got := r.where(name); got != "processed" {
			t.Errorf("%s in %q", name, got)
		}
	}
	if n := len(o.Items()); n != 2 {
		t.Fatalf("%d items, want 2", n)
	}
	var dup *DuplicateError
	for _, tk := range r.taken {
		if filepath.Base(tk.path) == "added.xml" && !errors.As(tk.err, &dup) {
			t.Errorf("added.xml: %v, want the duplicate refusal", tk.err)
		}
	}
}

// TestWatchOtherDesks: another desk's presence is said; its claims are left alone, and
// reported when it no longer watches.
func TestWatchOtherDesks(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, claimPrefix+"desk-b")
	if err := os.MkdirAll(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "theirs.xml"), invoiceBytes(t, "THEIRS-1"), 0o600); err != nil {
		t.Fatal(err)
	}
	presence := filepath.Join(dir, presencePrefix+"desk-b")
	if err := os.WriteFile(presence, []byte(`{"desk":"desk-b","host":"compta-2"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := newIntakeOutbox(t)
	r := newInboxRig(t, o, dir, WatchOptions{})
	if err := os.Chtimes(presence, r.clock.Now(), r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.look(0)
	if keys := r.noticeKeys("#desk-b"); count(keys, "intake.watch.other_watcher") != 1 {
		t.Fatalf("notices %v\n%s", keys, r.dump())
	}
	if !strings.Contains(r.notices[0].Text.In(i18n.EN), "desk-b (compta-2)") {
		t.Errorf("notice %q does not name the other desk", r.notices[0].Text.In(i18n.EN))
	}
	if keys := r.noticeKeys(other); len(keys) != 0 {
		t.Fatalf("claims of a running desk reported: %v", keys)
	}
	// desk-b stops without taking its claims up.
	if err := os.Remove(presence); err != nil {
		t.Fatal(err)
	}
	r.look(heartbeatEvery)
	if keys := r.noticeKeys(other); count(keys, "intake.watch.stale_claims") != 1 {
		t.Fatalf("notices %v\n%s", keys, r.dump())
	}
	r.look(heartbeatEvery)
	if keys := r.noticeKeys(other); count(keys, "intake.watch.stale_claims") != 1 {
		t.Fatalf("stale claims said again: %v", keys)
	}
	if _, err := os.Stat(filepath.Join(other, "theirs.xml")); err != nil || len(o.Items()) != 0 {
		t.Fatalf("another desk's claim was taken: %v, %d items", err, len(o.Items()))
	}
	// This desk's own presence file is there while it watches, gone when it stops.
	if _, err := os.Stat(filepath.Join(dir, presencePrefix+"desk-a")); err != nil {
		t.Errorf("no presence file: %v", err)
	}
	r.w.stop()
	if _, err := os.Stat(filepath.Join(dir, presencePrefix+"desk-a")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("presence file left after the stop: %v", err)
	}
}
