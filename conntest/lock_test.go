package conntest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
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

// holdAPI passes the token requests through and holds the first request to Chorus Pro's API
// until its context ends: a one-shot call is then waiting on the network, client and token
// in hand, when the test locks the vault.
type holdAPI struct {
	oauthURL string
	arrived  chan struct{}
	once     sync.Once
}

func (h *holdAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.String(), h.oauthURL) {
		return http.DefaultTransport.RoundTrip(r)
	}
	h.once.Do(func() { close(h.arrived) })
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// The one-shot calls to Chorus Pro outside a Test (the move dialog's attachment question, the
// read of the password's expiry day) are holders of a slot's secrets too: a lock while one is
// on the network stops it at once with core.ErrLocked, the service's token cache (the one
// they use) holds nothing afterwards, and nothing is stored.
func TestLockStopsAOneShotCall(t *testing.T) {
	cases := []struct {
		name   string
		call   func(ctx context.Context, svc *core.Service, id string, opt Options) error
		stored func(svc *core.Service, id string) bool
	}{
		{"attachment of a moved setup", func(ctx context.Context, svc *core.Service, id string, opt Options) error {
			_, err := AttachedTo(ctx, svc, id, domain.Sandbox, otherSIRET, opt)
			return err
		}, nil},
		{"password expiry", func(ctx context.Context, svc *core.Service, id string, opt Options) error {
			_, _, err := ReadPasswordExpiry(ctx, svc, id, domain.Sandbox, opt)
			return err
		}, func(svc *core.Service, id string) bool {
			st, _ := svc.SetupStatus(id)
			return st.Expires != (domain.Expiry{})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			em := startEmulator(t)
			svc := openTestService(t, em)
			co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SaveSetup(co.ID, domain.Setup{Enabled: true, Sandbox: demoCreds}); err != nil {
				t.Fatal(err)
			}
			hold := &holdAPI{oauthURL: em.OAuthURL(), arrived: make(chan struct{})}
			done := make(chan error, 1)
			go func() {
				done <- c.call(context.Background(), svc, co.ID, Options{Timeout: time.Minute, HTTPClient: &http.Client{Transport: hold}})
			}()
			<-hold.arrived
			if n := svc.Tokens().HeldTokens(); n != 1 {
				t.Fatalf("while on the network the service's token cache holds %d tokens: the call is not on it", n)
			}
			start := time.Now()
			svc.Lock()
			err = <-done
			if !errors.Is(err, core.ErrLocked) {
				t.Fatalf("after a lock: %v, want core.ErrLocked", err)
			}
			if waited := time.Since(start); waited > 10*time.Second {
				t.Fatalf("the call went on %v after the lock", waited)
			}
			if svc.Tokens().Len() != 0 || svc.Tokens().HeldTokens() != 0 {
				t.Fatal("the service's token cache holds something after the lock")
			}
			if err := svc.Unlock([]byte(testMaster)); err != nil {
				t.Fatal(err)
			}
			if c.stored != nil && c.stored(svc, co.ID) {
				t.Fatal("a call stopped by the lock stored its answer")
			}
		})
	}
}

// openTestService is a fresh vault, unlocked, whose sandbox endpoints are em's.
func openTestService(t *testing.T, em *emulator.Emulator) *core.Service {
	t.Helper()
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	if err := svc.Init([]byte(testMaster)); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	return svc
}

const testMaster = "correct horse battery staple"
