package outbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// What the heap test proves, and what it cannot.
//
// runtime/debug.WriteHeapDump writes, with the world stopped, every object the allocator
// counts as allocated, the live frames of every goroutine stack, and the data and bss
// segments. Right after runtime.GC() (which returns only once the sweep is complete), an
// object is counted as allocated only if the collection found it reachable: freed objects
// are skipped, and spans left empty are not dumped at all. So the dump holds what the
// program can still reach, which is exactly what Lock must drop: a planted secret found in
// the dump after Lock is a holder that was not wiped (or a copy that was not dropped).
//
// It cannot prove that the secret's bytes are gone from the process's memory: freed memory
// is not zeroed when it is freed (only when it is reused), so a Go string that held a secret
// (the access token, the cpro-account header value, which net/http takes as strings) may
// still lie in freed memory, invisible to the dump but visible to a debugger or a core file.
// Strings cannot be wiped; what the program controls is that nothing refers to them, and the
// []byte copies it owns are zeroed (the per-holder tests check those). Stale bytes in a live
// goroutine frame (a slot of a function still running that once held a secret) would show in
// the dump: none of the long-lived goroutines handle secrets themselves.
//
// The child process does the work, so that the test process (which knows the secrets to look
// for) is not the one dumped. The five planted secrets are random values the binary has never
// seen: the master password, and for one company its sandbox client secret and Chorus
// password (used by a deposit and a connection test) and its production client secret and
// Chorus password (never needed, so never opened). Before Lock the dump must hold the sandbox
// ones (control: the scan works) and never the production ones (only the slot in use is
// opened); after Lock it must hold none of the five, nor the access token the client used.

const heapChildEnv = "CHORUSDESK_HEAPDUMP_CHILD"

type plantedSecrets struct {
	master            string
	sandbox, prodSlot domain.Slot
}

func (p plantedSecrets) all() map[string]string {
	return map[string]string{
		"master password":            p.master,
		"sandbox client secret":      p.sandbox.ClientSecret,
		"sandbox Chorus password":    p.sandbox.Password,
		"production client secret":   p.prodSlot.ClientSecret,
		"production Chorus password": p.prodSlot.Password,
	}
}

// secretForms are the forms a secret can take in memory: as is, hex, and base64 at each of
// the three alignments it can have inside a longer encoded value (the cpro-account header is
// base64 of login:password).
func secretForms(secret string) [][]byte {
	b := []byte(secret)
	out := [][]byte{b, []byte(hex.EncodeToString(b))}
	for k := range 3 {
		part := b[k:]
		part = part[:len(part)/3*3]
		out = append(out, []byte(base64.StdEncoding.EncodeToString(part)), []byte(base64.URLEncoding.EncodeToString(part)))
	}
	return out
}

func found(dump []byte, secret string) bool {
	for _, f := range secretForms(secret) {
		if bytes.Contains(dump, f) {
			return true
		}
	}
	return false
}

func TestHeapDumpAfterLockHoldsNoSecret(t *testing.T) {
	if v := os.Getenv(heapChildEnv); v != "" {
		heapChild(t, v)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process and dumps its heap twice")
	}
	p := plantedSecrets{
		master:   randomText("Master-"),
		sandbox:  domain.Slot{ClientID: randomText("sb-app-"), ClientSecret: randomText("SbSecret-"), Login: randomText("TECH_sb_"), Password: randomText("SbPassword-")},
		prodSlot: domain.Slot{ClientID: randomText("prod-app-"), ClientSecret: randomText("ProdSecret-"), Login: randomText("TECH_prod_"), Password: randomText("ProdPassword-")},
	}
	gw := newPlantGateway(t, p.sandbox)
	dir := t.TempDir()
	svc, err := core.Open(dir, core.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Init([]byte(p.master)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, gw.endpoints()); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("HEAP", "Heap test", emulator.SupplierSIRET1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSetup(co.ID, domain.Setup{Enabled: true, Sandbox: p.sandbox, Production: p.prodSlot}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	inbox := t.TempDir()
	writeFile(t, inbox, "HEAP-1.xml", ublVariant(t, "HEAP-1", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1"))
	dumps := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHeapDumpAfterLockHoldsNoSecret$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), heapChildEnv+"="+strings.Join([]string{dir, inbox, dumps}, string(os.PathListSeparator)))
	cmd.Stdin = strings.NewReader(p.master)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	gw.mu.Lock()
	seen := gw.seen
	gw.mu.Unlock()
	if seen == 0 {
		t.Fatalf("the child never asked for a token with the planted secret:\n%s", out)
	}

	before, err := os.ReadFile(filepath.Join(dumps, "unlocked.dump"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(filepath.Join(dumps, "locked.dump"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("heap dumps: %d bytes unlocked, %d bytes locked", len(before), len(after))
	// Control: while unlocked, the token source's copy of the secret and the client's header
	// value are reachable, so the scan must see them.
	for name, s := range map[string]string{"sandbox client secret": p.sandbox.ClientSecret, "sandbox Chorus password": p.sandbox.Password} {
		if !found(before, s) {
			t.Errorf("control failed: the %s is not in the heap while unlocked (the scan proves nothing)", name)
		}
	}
	for name, s := range map[string]string{"production client secret": p.prodSlot.ClientSecret, "production Chorus password": p.prodSlot.Password} {
		if found(before, s) {
			t.Errorf("the %s (a slot not in use) is in the heap while unlocked: it was opened", name)
		}
	}
	for name, s := range p.all() {
		if found(after, s) {
			t.Errorf("the %s is still reachable after Lock: %s", name, whoHolds(after, s))
		}
	}
	for i, tok := range gw.issued() {
		if found(after, tok) {
			t.Errorf("access token %d is still reachable after Lock: %s", i, whoHolds(after, tok))
		}
	}
}

// whoHolds names what reaches the secret in the dump (sizes and frame names, no contents).
func whoHolds(dump []byte, secret string) string {
	d, err := parseHeapDump(dump)
	if err != nil {
		return err.Error()
	}
	return strings.Join(d.retainers(secretForms(secret)), "; ")
}

// heapChild unlocks the vault, deposits one invoice and runs a connection test with the
// planted credentials, dumps the heap, locks, collects and dumps again. The master password
// comes on stdin, into a buffer that is wiped.
func heapChild(t *testing.T, arg string) {
	parts := strings.Split(arg, string(os.PathListSeparator))
	dir, inbox, dumps := parts[0], parts[1], parts[2]
	svc, err := core.Open(dir, core.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := unlockFromStdin(svc); err != nil {
		t.Fatal(err)
	}
	o, stop, err := depositAndTest(svc, filepath.Join(inbox, "HEAP-1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	dumpHeap(t, filepath.Join(dumps, "unlocked.dump"))
	svc.Lock()
	if n := o.clients.len(); n != 0 {
		t.Fatalf("%d clients cached after Lock", n)
	}
	waitConnectionsGone(t)
	dumpHeap(t, filepath.Join(dumps, "locked.dump"))
}

func unlockFromStdin(svc *core.Service) error {
	buf := make([]byte, 256)
	n, err := io.ReadFull(os.Stdin, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return err
	}
	defer domain.Wipe(buf)
	return svc.Unlock(buf[:n])
}

// depositAndTest runs an engine until the invoice is deposited, then a connection test; the
// engine keeps running (paused by the lock later), as in the application.
func depositAndTest(svc *core.Service, file string) (*Outbox, func(), error) {
	opt := fastOptions()
	opt.DepositOnly = true
	o, err := Open(svc, opt)
	if err != nil {
		return nil, nil, err
	}
	o.Start()
	ctx, cancel := context.WithCancel(context.Background())
	stop := func() { cancel(); _ = o.Close() }
	it, err := o.Add(file, AddOptions{})
	if err != nil {
		stop()
		return nil, nil, err
	}
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if _, err := o.Wait(wctx, Item.WasDeposited, it.ID); err != nil {
		got, _ := o.Item(it.ID)
		stop()
		return nil, nil, fmt.Errorf("not deposited: %s %s: %w", got.State, got.Message.In("en"), err)
	}
	cs, err := svc.Companies()
	if err != nil {
		stop()
		return nil, nil, err
	}
	for _, c := range cs {
		if c.Code != "HEAP" {
			continue
		}
		res, err := conntest.ForCompany(ctx, svc, c.ID, domain.Sandbox, conntest.Options{})
		if err != nil || !res.OK {
			stop()
			return nil, nil, fmt.Errorf("connection test: %v %+v", err, res.Steps)
		}
	}
	return o, stop, nil
}

func dumpHeap(t *testing.T, path string) {
	runtime.GC()
	runtime.GC() // the second one empties the sync.Pool victim caches
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// waitConnectionsGone waits until net/http's connection goroutines, told to stop by Lock
// (idle connections closed), have returned: until then their frames still reach the
// connection's buffers. There is no event to wait on, so it polls the goroutine profile,
// bounded; connections still open then are left for the scan to judge.
func waitConnectionsGone(t *testing.T) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		var b bytes.Buffer
		_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
		if !strings.Contains(b.String(), "net/http.(*persistConn)") {
			return
		}
		if time.Now().After(deadline) {
			t.Logf("connections still open 5 s after Lock")
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
