package outbox

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
	"chorusdesk/invoice"
	"chorusdesk/storage"
)

// bigUBL is the UBL sample with number, grown to exactly size bytes by a long note (real
// Factur-X files with scanned annexes are 2–10 MB).
func bigUBL(t testing.TB, number string, size int) []byte {
	t.Helper()
	b := ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
	const open, close = "<cbc:Note>", "</cbc:Note>\n\t"
	pad := size - len(b) - len(open) - len(close)
	if pad < 0 {
		t.Fatalf("the sample is already %d bytes", len(b))
	}
	at := bytes.Index(b, []byte("<cbc:DocumentCurrencyCode>"))
	out := make([]byte, 0, size)
	out = append(out, b[:at]...)
	out = append(out, open...)
	out = append(out, bytes.Repeat([]byte("x"), pad)...)
	out = append(out, close...)
	out = append(out, b[at:]...)
	return out
}

// bigFacturX is the Factur-X sample (FA-2026-0003) with a scanned annex attached, close to
// size bytes (at most size): the real shape of a large invoice, where the bulk is PDF, not XML.
func bigFacturX(t testing.TB, size int) []byte {
	t.Helper()
	src, err := os.ReadFile(fixtures.Invoice("FA-2026-0003_Factur-X-EN16931.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	annex := filepath.Join(dir, "annexe-scan.jpg")
	rng := rand.New(rand.NewPCG(1, 2))
	for room := size - len(src) - 8<<10; ; room -= 16 << 10 {
		noise := make([]byte, room)
		for i := range noise {
			noise[i] = byte(rng.Uint32())
		}
		if err := os.WriteFile(annex, noise, 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := api.AddAttachments(bytes.NewReader(src), &out, []string{annex}, false, nil); err != nil {
			t.Fatal(err)
		}
		if out.Len() <= size {
			return out.Bytes()
		}
	}
}

// blobPath is where the blob store keeps the content sha (storage.Blobs' layout).
func blobPath(dir, sha string) string { return filepath.Join(dir, "blobs", sha[:2], sha) }

// Every real size is deposited, up to Chorus Pro's 10 MB.
func TestLargeInvoicesDeposited(t *testing.T) {
	r := newRig(t, emulator.Options{})
	opt := fastOptions()
	opt.ClientTimeout = 4 * time.Minute // 13 MB of base64 to a busy machine (race detector)
	o := r.start(opt)
	dir := t.TempDir()
	sizes := map[string]int{"BIG-3MB": 3 << 20, "BIG-10MB": 10 << 20}
	var ids []string
	px, err := o.Add(writeFile(t, dir, "big.pdf", bigFacturX(t, 10<<20)), AddOptions{})
	if err != nil || px.Format != string(invoice.FormatFacturX) || px.Size < 9<<20 {
		t.Fatalf("10 MB Factur-X: %v (%s, %d bytes)", err, px.Format, px.Size)
	}
	ids = append(ids, px.ID)
	for n, size := range sizes {
		it, err := o.Add(writeFile(t, dir, n+".xml", bigUBL(t, n, size)), AddOptions{})
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if it.Size != int64(size) {
			t.Fatalf("%s: size %d", n, it.Size)
		}
		ids = append(ids, it.ID)
	}
	// 23 MB of base64 through the emulator's own reader: minutes under the race detector.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := o.Wait(ctx, Item.WasDeposited, ids...); err != nil {
		t.Fatalf("not deposited: %v", err)
	}
	for n := range map[string]bool{"BIG-3MB": true, "BIG-10MB": true, px.Number: true} {
		if c := r.emu.Requests().Deposits[n]; c != 1 {
			t.Errorf("%s deposited %d times", n, c)
		}
	}
}

// The stored copy is checked against its SHA-256 before every deposit: a flipped bit, a
// truncated or a missing copy is never deposited; the item fails saying to add the file
// again, and adding it again repairs it.
func TestDamagedCopyNeverDeposited(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"bit flipped", func(t *testing.T, p string) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x01
			writeOver(t, p, b)
		}},
		{"truncated", func(t *testing.T, p string) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			writeOver(t, p, b[:len(b)-100])
		}},
		{"missing", func(t *testing.T, p string) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			o := r.open(fastOptions())
			number := "DAMAGED-" + strings.ReplaceAll(c.name, " ", "-")
			file := writeFile(t, t.TempDir(), "d.xml", ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
			it, err := o.Add(file, AddOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c.damage(t, blobPath(r.dir, it.SHA))
			o.Start()
			it = wait(t, o, isState(Failed), it.ID)[0]
			if got := it.Message.In(i18n.EN); got != i18n.T(i18n.EN, "engine.copy_damaged") {
				t.Errorf("message %q", got)
			}
			if n := r.emu.Requests().Endpoints[pathDeposit]; n != 0 {
				t.Fatalf("%d deposits of a damaged copy", n)
			}
			if _, err := o.Add(file, AddOptions{}); err != nil {
				t.Fatalf("adding the file again: %v", err)
			}
			wait(t, o, Item.WasDeposited, it.ID)
			if n := r.emu.Requests().Deposits[number]; n != 1 {
				t.Errorf("deposited %d times after the repair", n)
			}
			if err := r.svc.Blobs().Verify(it.SHA); err != nil {
				t.Errorf("copy not repaired: %v", err)
			}
		})
	}
}

func writeOver(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Content an older version kept inside the database moves to the blob store when the outbox
// opens, and is deposited from there.
func TestLegacyContentMoved(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.open(fastOptions())
	data := ublVariant(t, "LEGACY-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
	it, err := o.Add(writeFile(t, t.TempDir(), "l.xml", data), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// What an older version left: the content under c/<id>, no blob, no reference.
	if err := o.st.kv.Update(func(tx storage.Tx) error {
		if err := tx.Delete(refKey(it.SHA, it.ID)); err != nil {
			return err
		}
		return tx.Set([]byte(prefixLegacyC+it.ID), data)
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(blobPath(r.dir, it.SHA)); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	o = r.start(fastOptions())
	if err := r.svc.Blobs().Verify(it.SHA); err != nil {
		t.Fatalf("content not moved to the blob store: %v", err)
	}
	if err := o.st.kv.View(func(tx storage.Tx) error {
		_, err := tx.Get([]byte(prefixLegacyC + it.ID))
		return err
	}); err == nil {
		t.Error("the old copy is still in the database")
	}
	wait(t, o, Item.WasDeposited, it.ID)
	// Final: the content goes with it.
	it = wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)[0]
	if err := r.emu.SetInvoiceStatus(it.InvoiceID, StatusMiseEnPaiement, ""); err != nil {
		t.Fatal(err)
	}
	wait(t, o, isState(Final), it.ID)
	if _, err := os.Stat(blobPath(r.dir, it.SHA)); err == nil {
		t.Error("content kept after the final status")
	}
}

// Add detects the invoice from its stored copy, unless the watch already detected those very
// bytes (same SHA-256 and size): then its detection is used, and the file is detected once.
func TestAddUsesTheWatchDetectionOfTheSameBytes(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.open(fastOptions())
	dir := t.TempDir()
	cases := []struct {
		name   string
		number string
		det    func(p string) *detection
		want   string
	}{
		{"no detection", "DET-1", func(string) *detection { return nil }, "DET-1"},
		{"the watch's, same bytes", "DET-2", func(p string) *detection {
			d, err := osFS{}.Detect(p)
			if err != nil || d.sha == "" {
				t.Fatalf("Detect: %v %+v", err, d)
			}
			d.inv.Number = "AS-DETECTED" // proves which detection the item carries
			return &d
		}, "AS-DETECTED"},
		{"the watch's, other bytes", "DET-3", func(p string) *detection {
			d, _ := osFS{}.Detect(p)
			d.inv.Number, d.sha = "STALE", strings.Repeat("0", 64)
			return &d
		}, "DET-3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, dir, c.number+".xml", ublVariant(t, c.number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
			it, err := o.Add(p, AddOptions{detected: c.det(p)})
			if err != nil || it.Number != c.want || it.SHA == "" {
				t.Fatalf("Add: %v, number %q sha %q; want %q", err, it.Number, it.SHA, c.want)
			}
		})
	}
}
