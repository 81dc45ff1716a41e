package chorusapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/domain"
)

// A wiped cache holds nothing, and a client built on it (before or after the wipe) sends
// nothing and answers ErrLocked until the cache is reopened.
func TestTokenCacheWipeEmptiesEverything(t *testing.T) {
	f := newFake(t)
	c := f.client()
	ctx := context.Background()
	if err := c.HealthCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if f.cache.Len() != 1 || f.cache.HeldTokens() != 1 {
		t.Fatalf("before wipe: %d sources, %d tokens", f.cache.Len(), f.cache.HeldTokens())
	}
	f.cache.Wipe()
	if f.cache.Len() != 0 || f.cache.HeldTokens() != 0 {
		t.Fatalf("after wipe: %d sources, %d tokens", f.cache.Len(), f.cache.HeldTokens())
	}
	calls, hits := f.tokenCalls, f.count(PathHealthCheck)
	for name, err := range map[string]error{
		"call":             c.HealthCheck(ctx),
		"fresh token":      c.CheckToken(ctx, true),
		"client built now": f.client().HealthCheck(ctx),
	} {
		if !errors.Is(err, ErrLocked) || !errors.Is(err, domain.ErrLocked) {
			t.Errorf("%s after wipe: %v, want ErrLocked", name, err)
		}
	}
	if f.tokenCalls != calls || f.count(PathHealthCheck) != hits {
		t.Fatal("a wiped client sent a request")
	}
	if f.cache.Len() != 0 {
		t.Fatal("a client built on a wiped cache put a token source back")
	}
	f.cache.Reopen()
	if err := c.HealthCheck(ctx); !errors.Is(err, ErrLocked) {
		t.Fatalf("a client of before the wipe must stay dead: %v", err)
	}
	if err := f.client().HealthCheck(ctx); err != nil {
		t.Fatalf("a client built after Reopen: %v", err)
	}
	if f.tokenCalls != calls+1 || f.cache.Requests() != 2 {
		t.Fatalf("token calls %d (cache says %d), want one more", f.tokenCalls, f.cache.Requests())
	}
}

// The caller may wipe the credentials as soon as New returns: the client keeps its own copies.
func TestNewKeepsNoReferenceToTheCallersCredentials(t *testing.T) {
	f := newFake(t)
	creds := domain.CredentialsOf(fakeCreds)
	backing := [][]byte{creds.ClientID, creds.ClientSecret, creds.Login, creds.Password}
	c := f.client(func(cfg *Config) { cfg.Creds = creds })
	creds.Wipe()
	for _, b := range backing {
		if !bytes.Equal(b, make([]byte, len(b))) {
			t.Fatal("Wipe left bytes")
		}
	}
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatalf("the client depended on the caller's buffers: %v", err)
	}
}

// captureBodies keeps GetBody of every token request, to look at the form's buffer after
// the fetch.
type captureBodies struct {
	base  http.RoundTripper
	mu    sync.Mutex
	get   []func() (io.ReadCloser, error)
	close []bool
}

func (c *captureBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && r.URL.Path == "/api/oauth/token" {
		c.mu.Lock()
		c.get = append(c.get, r.GetBody)
		c.close = append(c.close, r.Close)
		c.mu.Unlock()
	}
	return c.base.RoundTrip(r)
}

// The token request's form is built in one buffer, zeroed once the answer is in, and its
// connection is not kept (its buffers held the secret).
func TestTokenFormBufferWipedAndConnectionNotKept(t *testing.T) {
	f := newFake(t)
	cap := &captureBodies{base: http.DefaultTransport}
	c := f.client(func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: cap} })
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(cap.get) != 1 || cap.get[0] == nil {
		t.Fatalf("%d token requests captured", len(cap.get))
	}
	if !cap.close[0] {
		t.Error("the token request's connection is kept alive")
	}
	body, err := cap.get[0]()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(body)
	if len(b) == 0 || !bytes.Equal(b, make([]byte, len(b))) {
		t.Fatalf("the form's buffer was not wiped (%d bytes, zeroed: %v)", len(b), bytes.Equal(b, make([]byte, len(b))))
	}
}

// Client IDs and secrets with characters that need escaping arrive intact.
func TestTokenFormEscaping(t *testing.T) {
	for _, tc := range []struct{ id, secret string }{
		{"plain-ID_1.~", "aZ09-_.~"},
		{"a b", "p&s=s+w%rd"},
		{"é", "sécret/?#[]@!$'()*,;"},
		{"x", "\x00\x01\xff"},
	} {
		var got url.Values
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			got = r.PostForm
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"access_token":"t","token_type":"Bearer","expires_in":"3600"}`)
		}))
		c := New(Config{Endpoints: domain.Endpoints{OAuthURL: srv.URL + "/api/oauth/token", APIURL: srv.URL},
			Creds: domain.CredentialsOf(domain.Slot{ClientID: tc.id, ClientSecret: tc.secret}), Retry: NoRetry})
		err := c.CheckToken(context.Background(), true)
		srv.Close()
		if err != nil {
			t.Fatalf("%q: %v", tc.id, err)
		}
		if got.Get("client_id") != tc.id || got.Get("client_secret") != tc.secret ||
			got.Get("grant_type") != "client_credentials" || got.Get("scope") != "openid" {
			t.Errorf("%q: the server read the form wrong", tc.id)
		}
	}
}

func FuzzQueryEscapeMatchesNetURL(f *testing.F) {
	for _, s := range []string{"", "a b", "p&s=s+w%rd", "é~", "\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := string(appendQueryEscaped(nil, b)), url.QueryEscape(string(b)); got != want {
			t.Fatalf("appendQueryEscaped(%q) = %q, url.QueryEscape = %q", b, got, want)
		}
	})
}

// A lock during a token request cancels it and keeps nothing of its answer.
func TestWipeCancelsATokenRequestInFlight(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // so the server notices the client going away
		close(arrived)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	cache := NewTokenCache()
	c := New(Config{Endpoints: domain.Endpoints{OAuthURL: srv.URL + "/t", APIURL: srv.URL}, Tokens: cache,
		Creds: domain.CredentialsOf(fakeCreds), Timeout: time.Minute, Retry: NoRetry})
	done := make(chan error, 1)
	go func() { done <- c.HealthCheck(context.Background()) }()
	<-arrived
	cache.Wipe()
	if err := <-done; !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if cache.HeldTokens() != 0 || cache.Len() != 0 {
		t.Fatal("the cache holds something after the wipe")
	}
}

// Wipe closes the idle connections of the cache's clients: their buffers hold the last
// request's headers (access token, cpro-account).
func TestWipeClosesIdleConnections(t *testing.T) {
	f := newFake(t)
	var mu sync.Mutex
	idle := map[net.Conn]bool{}
	closed := make(chan struct{}, 16)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch s {
		case http.StateIdle:
			idle[c] = true
		case http.StateActive:
			delete(idle, c)
		case http.StateClosed:
			if idle[c] {
				delete(idle, c)
				closed <- struct{}{}
			}
		}
	}
	srv.Start()
	defer srv.Close()
	c := f.client(func(cfg *Config) { // the cache's own HTTP client
		cfg.Endpoints = domain.Endpoints{OAuthURL: srv.URL + "/api/oauth/token", APIURL: srv.URL}
	})
	if err := c.HealthCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.cache.Wipe()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("the idle API connection was not closed by the wipe")
	}
}

func TestTokenAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
		kind       Kind
		retryable  bool
	}{
		{"no token in a 200", `{"token_type":"Bearer"}`, 200, KindServer, true},
		{"not JSON", `<html>portal</html>`, 200, KindServer, true},
		{"invalid client", `{"error":"invalid_client"}`, 401, KindInvalidClient, false},
		{"other OAuth error", `{"error":"unauthorized_client"}`, 400, KindInvalidClient, false},
		{"server error", ``, 502, KindServer, true},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		}))
		c := New(Config{Endpoints: domain.Endpoints{OAuthURL: srv.URL + "/t", APIURL: srv.URL},
			Creds: domain.CredentialsOf(fakeCreds), Retry: NoRetry})
		err := c.CheckToken(context.Background(), true)
		srv.Close()
		e, ok := AsError(err)
		if !ok || e.Kind != tc.kind || e.Retryable != tc.retryable || e.Op != "token" {
			t.Errorf("%s: %+v", tc.name, err)
		}
		if tc.name == "other OAuth error" && (e == nil || e.Libelle != "unauthorized_client") {
			t.Errorf("%s: the OAuth code is not kept as the hint: %+v", tc.name, e)
		}
	}
}

// The forms a scrubber looks for are built from bytes; they are the ones the standard
// library's encoders give.
func FuzzSecretFormsMatchTheEncoders(f *testing.F) {
	for _, s := range []string{"s3cret", `p&ss w/rd+"é"<%>=`, "\x00\xff", "a:b@c;d,e?f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, secret string) {
		if secret == "" {
			return
		}
		b := []byte(secret)
		q, p := url.QueryEscape(secret), url.PathEscape(secret)
		want := []string{secret, base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
			base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
			q, lowerHexString(q), p, lowerHexString(p), strings.ReplaceAll(q, "+", "%20"), html.EscapeString(secret)}
		got := secretForms(b)
		if len(got) != len(want) {
			t.Fatalf("%d forms, want %d", len(got), len(want))
		}
		for i := range want {
			if string(got[i]) != want[i] {
				t.Fatalf("form %d of %q: %q, want %q", i, secret, got[i], want[i])
			}
		}
	})
}

func lowerHexString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteByte('%')
			b.WriteString(strings.ToLower(s[i+1 : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// A client's scrubber is wiped with its token cache; wiped, it redacts everything (it can no
// longer tell a secret from other text).
func TestScrubberWipedWithTheCache(t *testing.T) {
	f := newFake(t)
	c := f.client()
	echo := "PISTE said: " + fakeCreds.ClientSecret
	if got := c.scrub.String(echo); strings.Contains(got, fakeCreds.ClientSecret) || !strings.Contains(got, "PISTE said") {
		t.Fatalf("before the wipe: %q", got)
	}
	withTok := c.scrubberFor("tok-1")
	forms := append([][]byte(nil), c.scrub.needles...)
	f.cache.Wipe()
	for _, n := range forms {
		if !bytes.Equal(n, make([]byte, len(n))) {
			t.Fatal("a form of a secret survived the wipe")
		}
	}
	for _, sc := range []*scrubber{c.scrub, withTok} {
		if got := sc.String("anything at all"); got != Redacted {
			t.Fatalf("a wiped scrubber let text through: %q", got)
		}
	}
	if got := f.client().scrub.String("x"); got != Redacted {
		t.Fatal("a client built on a wiped cache has a working scrubber (it holds secrets)")
	}
}
