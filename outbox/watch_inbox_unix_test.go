//go:build unix

package outbox

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"chorusdesk/invoice"
)

// TestWatchOddEntries: what the inbox holds besides invoices is never taken, never blocks
// the watch and is said once: names that are not invoices, sub-folders, a named pipe, hidden
// and temporary files; a link leaving the inbox is refused (the link itself moved to
// refused/, its target untouched).
func TestWatchOddEntries(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.xml")
	if err := os.WriteFile(outside, invoiceBytes(t, "OUT-1"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.xml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.xml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "archive"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := newInboxRig(t, newIntakeOutbox(t), dir, WatchOptions{})
	r.write("notes.txt", []byte("not an invoice"))
	r.write(".hidden.xml", invoiceBytes(t, "HIDDEN-1"))
	r.write("~lock.xml", invoiceBytes(t, "TILDE-1"))
	r.write("export.xml.part", invoiceBytes(t, "PART-1"))
	r.write("good.xml", invoiceBytes(t, "GOOD-1"))
	for range 4 {
		r.settleAndLook()
	}
	want := map[string]string{
		"notes.txt": "inbox", ".hidden.xml": "inbox", "~lock.xml": "inbox", "export.xml.part": "inbox",
		"pipe.xml": "inbox", "archive": "inbox", "good.xml": "processed", "link.xml": "refused",
	}
	for name, where := range want {
		if got := r.where(name); got != where {
			t.Errorf("%s in %q, want %q", name, got, where)
		}
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("the link's target was touched: %v", err)
	}
	for name, key := range map[string]string{"notes.txt": "intake.not_invoice_name", "archive": "intake.subfolder", "pipe.xml": invoice.KeySpecialFile} {
		if keys := r.noticeKeys(name); count(keys, key) != 1 {
			t.Errorf("%s: notices %v, want %s once", name, keys, key)
		}
	}
	for _, name := range []string{".hidden.xml", "~lock.xml", "export.xml.part"} {
		if keys := r.noticeKeys(name); len(keys) != 0 {
			t.Errorf("%s: notices %v", name, keys)
		}
	}
	got := r.takenNames()
	if len(got) != 2 || !has(got, "good.xml") || !has(got, "link.xml") {
		t.Fatalf("taken %v", got)
	}
	for _, tk := range r.taken {
		if filepath.Base(tk.path) == "link.xml" && !isKey(tk.err, "intake.link_outside") {
			t.Errorf("link refused with %v", tk.err)
		}
	}
}
