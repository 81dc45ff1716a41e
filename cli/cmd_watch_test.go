package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/outbox"
)

// syncBuffer is a bytes.Buffer safe for the watch's concurrent prints.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The watch takes a dropped invoice, tracks it and prints each step; it stops with its
// context (the command ties that context to Ctrl+C).
func TestWatchUntilInterrupted(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", emulator.SupplierSIRET1)
	em := setupForTest(t, h, "sandbox", "demo-password-1")
	h.ok("setup", "enable", "ACME")
	h.want(ExitUsage, args("watch", filepath.Join(t.TempDir(), "missing")), "not a folder")

	inbox := t.TempDir()
	src, err := os.ReadFile(invoiceSamples(t, "FA-2026-0001_UBL")[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "FA-2026-0001_UBL.xml"), src, 0o600); err != nil {
		t.Fatal(err)
	}

	out := &syncBuffer{}
	e := &Env{IO: IO{Out: out, Err: out, Getenv: func(k string) string { return h.env[k] }}, DataDir: h.dir, Lang: "en"}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		t.Fatalf("open: exit %d: %s", code, out.String())
	}
	defer svc.Close()
	o, err := outbox.Open(svc, OutboxOptions)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	deposited := make(chan struct{})
	var once sync.Once
	stopWatch := o.Subscribe(func(ev outbox.Event) {
		if ev.Item.InvoiceID != 0 {
			once.Do(func() { close(deposited) })
		}
	})
	defer stopWatch()
	result := make(chan int, 1)
	go func() { result <- watchUntil(ctx, e, o, inbox, "", 50*time.Millisecond) }()
	select {
	case <-deposited:
	case <-waitTimeout(t):
		t.Fatalf("nothing tracked:\n%s", out.String())
	}
	cancel()
	if code := <-result; code != ExitOK {
		t.Fatalf("watch exit %d:\n%s", code, out.String())
	}
	text := out.String()
	for _, want := range []string{"watching", "FA-2026-0001_UBL.xml: queued", "deposited", "tracking"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if _, err := os.Stat(filepath.Join(inbox, outbox.ProcessedDir, "FA-2026-0001_UBL.xml")); err != nil {
		t.Errorf("file not moved to processed/: %v", err)
	}
	if n := em.Requests().Deposits["FA-2026-0001"]; n != 1 {
		t.Errorf("deposited %d times", n)
	}
}

func waitTimeout(t *testing.T) <-chan time.Time {
	t.Helper()
	return time.After(30 * time.Second)
}

// A setup whose Test fails stops the watch with the verdict and exit 1; nothing is deposited.
func TestWatchStopsOnFailingSetup(t *testing.T) {
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", emulator.SupplierSIRET1)
	em := setupForTest(t, h, "sandbox", "wrong-password")
	h.ok("setup", "enable", "ACME")
	inbox := t.TempDir()
	src, err := os.ReadFile(invoiceSamples(t, "FA-2026-0001_UBL")[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inbox, "FA-2026-0001_UBL.xml"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	e := &Env{IO: IO{Out: out, Err: out, Getenv: func(k string) string { return h.env[k] }}, DataDir: h.dir, Lang: "en"}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		t.Fatalf("open: exit %d: %s", code, out.String())
	}
	defer svc.Close()
	o, err := outbox.Open(svc, OutboxOptions)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if code := watchUntil(ctx, e, o, inbox, "", 10*time.Millisecond); code != ExitFailed || ctx.Err() != nil {
		t.Fatalf("watch exit %d (ctx %v):\n%s", code, ctx.Err(), out.String())
	}
	if !strings.Contains(out.String(), "Test fails at") || strings.Contains(out.String(), "--force") {
		t.Errorf("output:\n%s", out.String())
	}
	if n := em.Requests().Endpoints["/cpro/factures/v1/deposer/flux"]; n != 0 {
		t.Errorf("%d deposits through a failing setup", n)
	}
}
