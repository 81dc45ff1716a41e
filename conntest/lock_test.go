package conntest

import (
	"context"
	"errors"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// A lock during a connection test stops it: the run's client answers ErrLocked (its token
// cache is wiped, so the secret it was built with is held nowhere), ForCompany returns
// core.ErrLocked at once instead of waiting for the held request, and nothing is stored.
func TestLockStopsARunningTest(t *testing.T) {
	em := startEmulator(t)
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSetup(co.ID, domain.Setup{Enabled: true, Sandbox: demoCreds}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	tokens := chorusapi.NewTokenCache()
	accountDone := make(chan struct{})
	type result struct {
		res domain.TestResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := ForCompany(context.Background(), svc, co.ID, domain.Sandbox, Options{Tokens: tokens, Timeout: time.Minute,
			OnStep: func(i int, s domain.TestStep) {
				if s.Name == StepAccount {
					// From now on the emulator holds every request (a minute): the attachment
					// step waits, and the lock must stop it.
					em.InjectFault(emulator.Fault{Kind: emulator.FaultTimeout, RetryAfter: time.Minute})
					close(accountDone)
				}
			}})
		done <- result{res, err}
	}()
	<-accountDone
	if tokens.Len() != 1 || tokens.HeldTokens() != 1 {
		t.Fatalf("while running: %d sources, %d tokens (the probe proves nothing)", tokens.Len(), tokens.HeldTokens())
	}
	start := time.Now()
	svc.Lock()
	got := <-done
	if !errors.Is(got.err, core.ErrLocked) {
		t.Fatalf("ForCompany after a lock: %v", got.err)
	}
	if waited := time.Since(start); waited > 20*time.Second {
		t.Fatalf("the test went on %v after the lock", waited)
	}
	if tokens.Len() != 0 || tokens.HeldTokens() != 0 {
		t.Fatal("the run's token cache holds something after the lock")
	}
	if _, ok, _ := svc.LastTestResult(co.ID, domain.Sandbox); ok {
		t.Fatal("a test stopped by the lock was stored")
	}
}

// Run keeps a caller's token cache as it is, and wipes the credentials it is given once its
// client is built (its own cache, used when Options.Tokens is nil, is wiped when it ends).
func TestRunWipesTheCredentialsItIsGiven(t *testing.T) {
	em := startEmulator(t)
	tokens := chorusapi.NewTokenCache()
	res := Run(context.Background(), endpoints(em), domain.CredentialsOf(demoCreds), demoSIRET, Options{Tokens: tokens})
	if !res.OK || tokens.Len() != 1 {
		t.Fatalf("%s, %d sources: with the caller's cache the run keeps it", verdicts(res), tokens.Len())
	}
	creds := domain.CredentialsOf(demoCreds)
	backing := creds.ClientSecret
	_ = Run(context.Background(), endpoints(em), creds, demoSIRET, Options{})
	for _, b := range backing {
		if b != 0 {
			t.Fatal("Run did not wipe the credentials it was given")
		}
	}
}
