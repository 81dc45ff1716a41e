package core

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
	"chorusdesk/storage"
)

// credsEqual reports whether opened credentials hold exactly the text of slot.
func credsEqual(c domain.Credentials, slot domain.Slot) bool {
	for _, f := range domain.Fields {
		if !bytes.Equal(c.Get(f), []byte(slot.Get(f))) {
			return false
		}
	}
	return true
}

// tokenServer answers every token request with a token.
func tokenServer(t testing.TB) domain.Endpoints {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(srv.Close)
	return domain.Endpoints{OAuthURL: srv.URL + "/token", APIURL: srv.URL}
}

func tokenClient(s *Service, ep domain.Endpoints) *chorusapi.Client {
	return chorusapi.New(chorusapi.Config{Endpoints: ep, Tokens: s.Tokens(), Retry: chorusapi.NoRetry,
		Creds: domain.CredentialsOf(creds("tok"))})
}

// The lock event runs in subscription order, after the keys and the token cache are wiped,
// before Lock returns; a cancelled subscription no longer runs.
func TestLockEventRunsAfterEverythingIsWiped(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	ep := tokenServer(t)
	if err := tokenClient(s, ep).CheckToken(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	var order []string
	check := func(name string) func() {
		return func() {
			order = append(order, name)
			if s.Unlocked() || s.Tokens().Len() != 0 || s.Tokens().HeldTokens() != 0 || s.rules != nil {
				t.Errorf("%s ran before everything was wiped", name)
			}
			if _, _, err := s.ResolveCredentials(a.ID, domain.Sandbox); !errors.Is(err, ErrLocked) {
				t.Errorf("%s: credentials still open: %v", name, err)
			}
		}
	}
	s.OnLock(check("first"))
	cancel := s.OnLock(check("second"))
	s.OnLock(check("third"))
	s.Lock()
	if got := len(order); got != 3 || order[0] != "first" || order[2] != "third" {
		t.Fatalf("order %v", order)
	}
	cancel()
	cancel() // harmless
	order = nil
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if len(order) != 2 || order[1] != "third" {
		t.Fatalf("after cancel: %v", order)
	}
}

// Close runs the close event once, while the store and the vault still work, then locks.
func TestCloseRunsCloseEventFirstThenLocks(t *testing.T) {
	s, err := Open(t.TempDir(), Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	var events []string
	s.OnClose(func() {
		events = append(events, "close")
		if _, err := s.Companies(); err != nil || !s.Unlocked() {
			t.Errorf("close event: store or vault already gone (%v, unlocked %v)", err, s.Unlocked())
		}
	})
	s.OnLock(func() { events = append(events, "lock") })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	closes := 0
	for _, e := range events {
		if e == "close" {
			closes++
		}
	}
	if len(events) < 2 || events[0] != "close" || events[1] != "lock" || closes != 1 {
		t.Fatalf("events %v: want the close event once, first, then the lock", events)
	}
}

// The service's token cache follows the vault: closed while locked (a client answers
// ErrLocked without sending anything), open while unlocked, emptied by Lock; a client built
// before a lock stays dead after the next unlock.
func TestServiceTokensFollowTheVault(t *testing.T) {
	s := openService(t)
	ep := tokenServer(t)
	ctx := context.Background()
	s.Lock()
	if err := tokenClient(s, ep).CheckToken(ctx, true); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
	if s.Tokens().Len() != 0 {
		t.Fatal("a locked service's cache took a token source")
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	before := tokenClient(s, ep)
	if err := before.CheckToken(ctx, true); err != nil {
		t.Fatal(err)
	}
	if s.Tokens().Len() != 1 || s.Tokens().HeldTokens() != 1 {
		t.Fatalf("unlocked: %d sources, %d tokens", s.Tokens().Len(), s.Tokens().HeldTokens())
	}
	s.Lock()
	if s.Tokens().Len() != 0 || s.Tokens().HeldTokens() != 0 {
		t.Fatal("Lock left token sources or tokens")
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if err := before.CheckToken(ctx, true); !errors.Is(err, ErrLocked) {
		t.Fatalf("a client of before the lock works again: %v", err)
	}
	if err := tokenClient(s, ep).CheckToken(ctx, true); err != nil {
		t.Fatalf("a new client after the unlock: %v", err)
	}
}

// Locks and unlocks racing with holders that fill the token cache: once the last Lock
// returns, nothing is held (run under -race).
func TestLockRacingWithHolders(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	ep := tokenServer(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, cred, err := s.ResolveCredentials(a.ID, domain.Sandbox)
				if err == nil {
					c := chorusapi.New(chorusapi.Config{Endpoints: ep, Tokens: s.Tokens(), Creds: cred, Retry: chorusapi.NoRetry})
					cred.Wipe()
					_ = c.CheckToken(context.Background(), false)
				}
			}
		}()
	}
	for range 20 {
		s.Lock()
		if err := s.Unlock([]byte(testPassword)); err != nil {
			t.Fatal(err)
		}
	}
	s.Lock()
	close(stop)
	wg.Wait()
	if s.Tokens().Len() != 0 || s.Tokens().HeldTokens() != 0 {
		t.Fatalf("after the last Lock: %d sources, %d tokens", s.Tokens().Len(), s.Tokens().HeldTokens())
	}
}

// Only the slot in use is opened: with the production slot's sealed values damaged, the
// sandbox slot still opens (it would fail if the other slot were decrypted too), and asking
// for some fields opens only those.
func TestCredentialsOpenOnlyTheSlotInUse(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	sb, prod := creds("sb"), creds("prod")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: sb, Production: prod}); err != nil {
		t.Fatal(err)
	}
	err := s.update(func(txn storage.Tx) error {
		r, err := readSetupRecord(txn, a.ID)
		if err != nil {
			return err
		}
		for _, f := range domain.Fields {
			r.Sealed[sealedName(domain.Production, f)] = []byte("not a sealed value at all, far too short?")
		}
		return writeSetupRecord(txn, a.ID, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, got, err := s.ResolveCredentials(a.ID, domain.Sandbox)
	if err != nil || !res.Transfer || !credsEqual(got, sb) {
		t.Fatalf("sandbox: %v %v", err, got)
	}
	got.Wipe()
	if _, _, err := s.ResolveCredentials(a.ID, domain.Production); err == nil {
		t.Fatal("the damaged production slot opened")
	}
	only, err := s.SlotCredentials(a.ID, domain.Sandbox, domain.FieldLogin)
	if err != nil || string(only.Login) != sb.Login || only.ClientSecret != nil || only.Password != nil || only.ClientID != nil {
		t.Fatalf("fields asked: login only, got %v (%v)", only, err)
	}
	// Wiping what was handed out changes nothing stored.
	only.Wipe()
	again, err := s.SlotCredentials(a.ID, domain.Sandbox)
	if err != nil || !credsEqual(again, sb) {
		t.Fatalf("after a wipe of a copy: %v", err)
	}
	if err := s.SetEnabled(a.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SlotCredentials(a.ID, domain.Sandbox); err != nil {
		t.Fatalf("a disabled setup's own slot (the connection test): %v", err)
	}
}
