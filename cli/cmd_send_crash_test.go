package cli

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/outbox"
)

// Crash test: `send` of 30 invoices runs in a child process (this test
// binary re-executed) and is SIGKILLed at random moments, then started again; the emulator
// lives in this parent process, so its counts survive the kills. At the end, every invoice
// must have been deposited exactly once: none lost, none twice. Items left waiting for
// confirmation are settled by reconciliation; those Chorus Pro really never received are
// resent by the user's confirmation, which the test plays after checking that the emulator
// indeed never saw them.

const (
	crashChildEnv = "CHORUSDESK_CRASH_CHILD"
	crashFilesEnv = "CHORUSDESK_CRASH_FILES"
	crashForceEnv = "CHORUSDESK_CRASH_FORCE"
	crashRounds   = 20
	crashBatch    = 30
)

// TestSendCrashChild is the child: it only runs when re-executed by TestSendCrashSafety.
func TestSendCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) != "1" {
		t.Skip("runs only as the child of TestSendCrashSafety")
	}
	CoreOptions.KDF = &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
	OutboxOptions = crashOutboxOptions()
	files := strings.Split(os.Getenv(crashFilesEnv), "\n")
	args := []string{"send"}
	if os.Getenv(crashForceEnv) == "1" {
		args = append(args, "--force")
	}
	os.Exit(Run(append(args, files...), StdIO()))
}

func crashOutboxOptions() outbox.Options {
	return outbox.Options{
		ReconcileInterval: 20 * time.Millisecond, ReconcileWindow: time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond,
		ClientRetry: chorusapi.RetryPolicy{MaxAttempts: 3, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond},
	}
}

func TestSendCrashSafety(t *testing.T) {
	if os.Getenv(crashChildEnv) == "1" {
		t.Skip("child")
	}
	seed := uint64(20261125)
	if s := os.Getenv("CHORUSDESK_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set CHORUSDESK_CRASH_SEED to replay another)", seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", emulator.SupplierSIRET1)
	// The emulator is served through a wrapper that sees each deposit request arrive, so a
	// kill can be aimed at "the k-th deposit of this run, d after it reached the server":
	// before the emulator processed it, while it does, or after the answer left.
	// In odd rounds the supplier's invoice search lists nothing (Chorus Pro can take hours to
	// list a deposit), so items whose answer a kill lost wait in needs_confirmation although
	// Chorus Pro has them; at the end they are sent again with `send --force`, which must look
	// each up first.
	em := emulator.New(emulator.Options{ProcessingTime: 150 * time.Millisecond, Latency: 10 * time.Millisecond})
	var onDeposit atomic.Pointer[func()]
	var hideSearch atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/deposer/flux") {
			if f := onDeposit.Load(); f != nil {
				(*f)()
			}
		}
		if hideSearch.Load() && strings.HasSuffix(r.URL.Path, "/rechercher/fournisseur") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"codeRetour":0,"libelle":"TRA_MSG_00.000","parametresRetour":{"pageCourante":1,"pages":1,"nbResultatsParPage":50,"total":0},"listeFactures":[]}`)
			return
		}
		em.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() { srv.Close(); em.Close() })
	h.ok("endpoints", "--env", "sandbox", "--oauth-url", srv.URL+"/api/oauth/token", "--api-url", srv.URL)
	h.plant("EMU_SECRET", emulator.SandboxSecret)
	h.plant("EMU_PW", "demo-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", emulator.SandboxClientID,
		"--client-secret-env", "EMU_SECRET", "--login", "TECH_1_demo1@cpro.fr", "--password-env", "EMU_PW")
	h.ok("setup", "enable", "ACME")

	sample, err := os.ReadFile(invoiceSamples(t, "FA-2026-0001_UBL")[0])
	if err != nil {
		t.Fatal(err)
	}
	inbox := t.TempDir()
	var numbers []string
	kills, runs, reconciled, resent := 0, 0, 0, 0
	for round := range crashRounds {
		hideSearch.Store(round%2 == 1)
		var files []string
		for i := range crashBatch {
			n := fmt.Sprintf("CRASH-%02d-%02d", round, i)
			numbers = append(numbers, n)
			p := filepath.Join(inbox, n+".xml")
			if err := os.WriteFile(p, bytes.ReplaceAll(sample, []byte("FA-2026-0001"), []byte(n)), 0o600); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		// Up to two kills, then a run left to finish. A kill is aimed at a deposit (the k-th
		// of the run, plus a delay of 0–15 ms), or, one time in four, at a moment 0–80 ms
		// after the start (opening the store, adding the files).
		for attempt := 0; ; attempt++ {
			plan := killPlan{afterStart: -1}
			if attempt < 2 {
				if rng.IntN(4) == 0 {
					plan.afterStart = time.Duration(rng.Int64N(int64(80 * time.Millisecond)))
				} else {
					plan.deposit = 1 + rng.IntN(12)
					plan.delay = time.Duration(rng.Int64N(int64(15 * time.Millisecond)))
				}
			}
			runs++
			code, killed, out := runCrashChild(t, h.dir, files, false, plan, &onDeposit)
			if killed {
				kills++
				continue
			}
			if code != ExitOK && code != ExitFailed {
				t.Fatalf("round %d: child exit %d:\n%s", round, code, out)
			}
			break
		}
	}

	// Settle what the kills left: reconcile what Chorus Pro lists, then send again with
	// `send --force` every item still waiting for confirmation (some of which Chorus Pro has).
	hideSearch.Store(false)
	var unconfirmed []string
	present := 0
	func() {
		svc, err := core.Open(h.dir, CoreOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer svc.Close()
		if err := svc.Unlock([]byte(testMaster)); err != nil {
			t.Fatal(err)
		}
		opt := crashOutboxOptions()
		opt.DepositOnly = true
		o, err := outbox.Open(svc, opt)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		o.Start()
		settled := func(it outbox.Item) bool {
			return it.WasDeposited() || (it.State == outbox.NeedsConfirmation && it.AskUser)
		}
		items, err := o.Wait(ctx, settled)
		if err != nil {
			dumpItems(t, o)
			t.Fatalf("outbox did not settle: %v", err)
		}
		before := em.Requests().Deposits
		for _, it := range items {
			if it.Reconciled {
				reconciled++
			}
			if it.State == outbox.NeedsConfirmation {
				unconfirmed = append(unconfirmed, it.File)
				if before[it.Number] > 0 {
					present++
				}
			}
		}
	}()
	if len(unconfirmed) > 0 {
		code, _, out := runCrashChild(t, h.dir, unconfirmed, true, killPlan{afterStart: -1}, &onDeposit)
		if code != ExitOK {
			t.Fatalf("send --force of the unconfirmed items: exit %d\n%s", code, out)
		}
	}
	resent = len(unconfirmed) - present
	svc, err := core.Open(h.dir, CoreOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	o, err := outbox.Open(svc, crashOutboxOptions())
	if err != nil {
		t.Fatal(err)
	}

	counts := em.Requests().Deposits
	lost, doubled := 0, 0
	for _, n := range numbers {
		switch c := counts[n]; {
		case c == 0:
			lost++
			t.Errorf("%s never deposited", n)
		case c > 1:
			doubled++
			t.Errorf("%s deposited %d times", n, c)
		}
	}
	if len(o.Items()) != len(numbers) {
		t.Errorf("%d items in the outbox for %d invoices", len(o.Items()), len(numbers))
	}
	for _, it := range o.Items() {
		if !it.WasDeposited() {
			t.Errorf("%s left %s: %s", it.Number, it.State, it.Message.In("en"))
		}
	}
	t.Logf("%d invoices, %d child runs, %d SIGKILLs; %d deposits confirmed by reconciliation after a crash; "+
		"send --force on %d unconfirmed items: %d found in Chorus Pro by the fresh look-up (not sent again), %d sent; "+
		"lost %d, deposited twice %d",
		len(numbers), runs, kills, reconciled, len(unconfirmed), present, resent, lost, doubled)
	if present == 0 {
		t.Log("no unconfirmed item was already in Chorus Pro this time (try another seed)")
	}
	if kills < crashRounds {
		t.Errorf("only %d kills landed: the test did not exercise crashes", kills)
	}
}

// killPlan says when to SIGKILL a child: afterStart ≥ 0 → that long after it starts;
// else deposit > 0 → delay after its deposit-th deposit request reaches the emulator.
type killPlan struct {
	afterStart time.Duration
	deposit    int
	delay      time.Duration
}

// runCrashChild runs `send files` in a child process and kills it as planned (if it has not
// finished by then).
func runCrashChild(t *testing.T, dataDir string, files []string, force bool, plan killPlan, onDeposit *atomic.Pointer[func()]) (code int, killed bool, out string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSendCrashChild$", "-test.count=1")
	forced := "0"
	if force {
		forced = "1"
	}
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", "CHORUSDESK_DATA="+dataDir, crashForceEnv+"="+forced,
		"CHORUSDESK_PASSWORD="+testMaster, crashFilesEnv+"="+strings.Join(files, "\n"), "LANG=en_US.UTF-8")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A kill landing after the child ended is harmless: Signal then reports ErrProcessDone.
	kill := func() { _ = cmd.Process.Signal(syscall.SIGKILL) }
	switch {
	case plan.afterStart >= 0:
		tm := time.AfterFunc(plan.afterStart, kill)
		defer tm.Stop()
	case plan.deposit > 0:
		var seen atomic.Int32
		f := func() {
			if int(seen.Add(1)) == plan.deposit {
				time.AfterFunc(plan.delay, kill)
			}
		}
		onDeposit.Store(&f)
		defer onDeposit.Store(nil)
	}
	_ = cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return -1, true, buf.String()
	}
	return cmd.ProcessState.ExitCode(), false, buf.String()
}

func dumpItems(t *testing.T, o *outbox.Outbox) {
	for _, it := range o.Items() {
		if !it.WasDeposited() {
			t.Logf("%s %s ask=%v msg=%s", it.Number, it.State, it.AskUser, it.Message.In("en"))
		}
	}
}
