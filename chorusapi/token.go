package chorusapi

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"chorusdesk/domain"
)

// DefaultRenewBefore is the margin before expiry at which a token is renewed (OCA uses 240 s).
const DefaultRenewBefore = 240 * time.Second

// ErrLocked is what a client answers once the token cache it was built with has been wiped
// (the vault was locked): build a new client after the unlock. It is domain.ErrLocked, so
// errors.Is(err, core.ErrLocked) holds.
var ErrLocked = domain.ErrLocked

// What is a string and what is not. The PISTE client ID and secret stay bytes: the token
// source keeps its own copies (Wipe zeroes them) and builds the token request's form in a
// byte buffer it zeroes once the answer is read; the forms of the secrets a client's scrubber
// looks for in server text are bytes too, zeroed by Wipe. Two things unavoidably become Go strings,
// which cannot be zeroed: the access token (it goes into the Authorization header, and
// net/http takes header values as strings) and the cpro-account header value (same reason;
// built once per client in New). Both are dropped on lock: Wipe forgets the access tokens and
// closes the idle connections whose buffers hold the last request, and the holders of clients
// (the outbox's client cache, a connection test) drop their clients on the lock event, so
// after the lock nothing reachable refers to either string and the garbage collector frees
// them (freed memory is not zeroed at once; it is reused).

// TokenCache holds the token sources of the clients built with it: one per PISTE application
// (token endpoint, client ID, secret), so many calls, and many clients and companies using
// the same application, cost one token. It is a value its owner holds (core.Service owns one
// and wipes it on lock; a connection test uses its own), never a process-wide registry.
type TokenCache struct {
	mu      sync.Mutex
	key     []byte                  // HMAC key of the map keys; random, replaced by Wipe
	sources map[string]*tokenSource // by HMAC(key, token URL, client ID, secret, margin)
	conns   map[idleCloser]bool     // transports of the clients built with the cache
	fetches atomic.Int64            // token requests made through the cache, ever
	closed  bool                    // wiped and not reopened: new sources are born wiped
	hc      *http.Client            // default HTTP client of the cache's clients, built on first use
	scrubs  []*scrubber             // the scrubbers of the cache's clients (their secrets' forms)
}

type idleCloser interface{ CloseIdleConnections() }

// NewTokenCache returns an empty cache.
func NewTokenCache() *TokenCache { return &TokenCache{} }

// Wipe forgets every token source: their copies of the client IDs and secrets are zeroed,
// their access tokens dropped, a token request in flight is cancelled and its answer thrown
// away, and the idle connections of the cache's clients are closed (their buffers hold the
// last requests, headers included). A client built before Wipe answers ErrLocked from then
// on, and so does a client built after it until Reopen: a holder that read credentials just
// before the lock cannot put a secret back into the cache. Idempotent.
func (c *TokenCache) Wipe() {
	c.mu.Lock()
	sources, conns, scrubs := c.sources, c.conns, c.scrubs
	domain.Wipe(c.key)
	c.key, c.sources, c.conns, c.scrubs = nil, nil, nil, nil
	c.closed = true
	c.mu.Unlock()
	for _, s := range sources {
		s.wipe()
	}
	for _, s := range scrubs {
		s.wipe()
	}
	for t := range conns {
		t.CloseIdleConnections()
	}
}

// httpClient is the cache's default HTTP client (newHTTPClient), shared by its clients.
func (c *TokenCache) httpClient() *http.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hc == nil {
		c.hc = newHTTPClient()
	}
	return c.hc
}

// keep registers a client's scrubber so Wipe zeroes it; a closed cache wipes it at once
// (its client cannot send anything anyway).
func (c *TokenCache) keep(s *scrubber) {
	c.mu.Lock()
	closed := c.closed
	if !closed {
		c.scrubs = append(c.scrubs, s)
	}
	c.mu.Unlock()
	if closed {
		s.wipe()
	}
}

// Reopen lets a wiped cache hold token sources again (the vault was unlocked).
func (c *TokenCache) Reopen() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = false
}

// Len is the number of token sources held (tests check it is 0 after a lock).
func (c *TokenCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sources)
}

// HeldTokens is the number of access tokens held (tests check it is 0 after a lock).
func (c *TokenCache) HeldTokens() int {
	c.mu.Lock()
	sources := make([]*tokenSource, 0, len(c.sources))
	for _, s := range c.sources {
		sources = append(sources, s)
	}
	c.mu.Unlock()
	n := 0
	for _, s := range sources {
		s.mu.Lock()
		if s.access != "" {
			n++
		}
		s.mu.Unlock()
	}
	return n
}

// Requests counts the token requests made through the cache since it was created (a wipe
// does not reset it): benchmarks check one per PISTE application.
func (c *TokenCache) Requests() int { return int(c.fetches.Load()) }

// source returns the token source for (tokenURL, clientID, secret, renewBefore), creating it
// with copies of clientID and secret. hc is the HTTP client the first user brings; it is used
// for every later fetch, and its transport is closed (idle connections) by Wipe. A closed
// cache returns a wiped source that holds nothing and answers ErrLocked.
func (c *TokenCache) source(tokenURL string, clientID, secret []byte, renewBefore time.Duration, hc *http.Client, timeout time.Duration) *tokenSource {
	if renewBefore <= 0 {
		renewBefore = DefaultRenewBefore
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return &tokenSource{cache: c, ctx: ctx, cancel: cancel, wiped: true}
	}
	if c.key == nil {
		c.key = make([]byte, 32)
		_, _ = rand.Read(c.key) // never fails (crypto/rand)
		c.sources, c.conns = map[string]*tokenSource{}, map[idleCloser]bool{}
	}
	k := sourceKey(c.key, tokenURL, clientID, secret, renewBefore)
	if t, ok := hc.Transport.(idleCloser); ok {
		c.conns[t] = true
	} else if hc.Transport == nil {
		c.conns[http.DefaultTransport.(idleCloser)] = true
	}
	if s, ok := c.sources[k]; ok {
		return s
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &tokenSource{
		cache: c, tokenURL: tokenURL, hc: hc, timeout: timeout, renewBefore: renewBefore,
		ctx: ctx, cancel: cancel,
		clientID: bytes.Clone(clientID), secret: bytes.Clone(secret),
	}
	c.sources[k] = s
	return s
}

// sourceKey names a token source without holding the secret: an HMAC under the cache's random
// key, which Wipe zeroes, over length-prefixed parts.
func sourceKey(key []byte, tokenURL string, clientID, secret []byte, renewBefore time.Duration) string {
	m := hmac.New(sha256.New, key)
	var n [8]byte
	for _, part := range [][]byte{[]byte(tokenURL), clientID, secret} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		m.Write(n[:])
		m.Write(part)
	}
	binary.BigEndian.PutUint64(n[:], uint64(renewBefore))
	m.Write(n[:])
	return hex.EncodeToString(m.Sum(nil))
}

// tokenSource is the one token source of a PISTE application within a cache.
type tokenSource struct {
	cache       *TokenCache
	tokenURL    string
	hc          *http.Client
	timeout     time.Duration
	renewBefore time.Duration
	fetches     atomic.Int64

	ctx    context.Context // cancelled by wipe: a fetch in flight stops
	cancel context.CancelFunc

	fetchMu sync.Mutex // one fetch at a time; the callers that waited reuse its token

	mu       sync.Mutex
	clientID []byte // own copies, zeroed by wipe
	secret   []byte
	wiped    bool
	access   string // a string: see "What is a string" above
	expiry   time.Time
}

func (s *tokenSource) wipe() {
	s.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	domain.Wipe(s.clientID)
	domain.Wipe(s.secret)
	s.clientID, s.secret = nil, nil
	s.access, s.expiry = "", time.Time{}
	s.wiped = true
}

// current returns the cached token when it is still valid (not within renewBefore of its
// expiry), or ErrLocked once the source was wiped.
func (s *tokenSource) current() (tok string, ok bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wiped {
		return "", false, ErrLocked
	}
	if s.access == "" || (!s.expiry.IsZero() && !time.Now().Before(s.expiry.Add(-s.renewBefore))) {
		return "", false, nil
	}
	return s.access, true, nil
}

// Token returns a valid access token, fetching one when none is cached or the cached one is
// within renewBefore of its expiry. Concurrent callers wait for one fetch.
func (s *tokenSource) Token() (string, error) {
	if tok, ok, err := s.current(); ok || err != nil {
		return tok, err
	}
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	if tok, ok, err := s.current(); ok || err != nil {
		return tok, err
	}
	tok, expiry, err := s.fetch()
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wiped { // locked while the answer was on its way: it is not kept
		return "", ErrLocked
	}
	s.access, s.expiry = tok, expiry
	return tok, nil
}

// Invalidate drops the cached token if it is still the one the server refused: other
// goroutines that got the same 401 must not cause a second renewal. An empty refused value
// always drops the cache.
func (s *tokenSource) Invalidate(refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if refused != "" && s.access != refused {
		return
	}
	s.access, s.expiry = "", time.Time{}
}

// maxTokenAnswer bounds what is read from the token endpoint.
const maxTokenAnswer = 1 << 20

// fetch asks the token endpoint for a new token (client credentials grant, the client ID and
// secret in the form, as PISTE expects). The form lives in a buffer zeroed before returning,
// as is the answer's body.
func (s *tokenSource) fetch() (string, time.Time, error) {
	form, err := s.form()
	if err != nil {
		return "", time.Time{}, err
	}
	defer domain.Wipe(form)
	// The fetch has no caller context (it serves every caller); the client timeout bounds it
	// and a wipe cancels it.
	ctx, cancel := context.WithTimeout(s.ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.tokenURL, bytes.NewReader(form))
	if err != nil {
		return "", time.Time{}, &tokenFailure{cause: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// One request per connection: the connection's buffers held the secret and are freed
	// with it, instead of waiting in the idle pool. Tokens are asked for once an hour.
	req.Close = true
	s.fetches.Add(1)
	s.cache.fetches.Add(1)
	start := time.Now()
	resp, err := s.hc.Do(req)
	if err != nil {
		if s.ctx.Err() != nil {
			return "", time.Time{}, ErrLocked
		}
		return "", time.Time{}, &tokenFailure{cause: err, transport: true}
	}
	body, err := readAll(resp.Body, maxTokenAnswer)
	_ = resp.Body.Close()
	defer domain.Wipe(body)
	if err != nil {
		if s.ctx.Err() != nil {
			return "", time.Time{}, ErrLocked
		}
		return "", time.Time{}, &tokenFailure{cause: err, transport: true}
	}
	var ans tokenAnswer
	jerr := json.Unmarshal(body, &ans)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", time.Time{}, &tokenFailure{status: resp.StatusCode, header: resp.Header, code: ans.Error, description: ans.Description}
	}
	if jerr != nil || ans.AccessToken == "" {
		return "", time.Time{}, &tokenFailure{status: resp.StatusCode, badAnswer: true}
	}
	var expiry time.Time
	if secs := ans.ExpiresIn.seconds(); secs > 0 {
		life := time.Duration(secs) * time.Second
		expiry = start.Add(life)
		// A token that lives less than twice the margin (test servers, a gateway in trouble)
		// would count as expired at once and be fetched again on every call; renew it at
		// half-life instead.
		if life < 2*s.renewBefore {
			expiry = start.Add(life/2 + s.renewBefore)
		}
	}
	return ans.AccessToken, expiry, nil
}

// form builds grant_type=client_credentials&client_id=…&client_secret=…&scope=openid in one
// buffer sized up front (no reallocation leaves a copy behind). ErrLocked once wiped.
func (s *tokenSource) form() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.wiped {
		return nil, ErrLocked
	}
	const (
		p1 = "grant_type=client_credentials&client_id="
		p2 = "&client_secret="
		p3 = "&scope=openid"
	)
	buf := make([]byte, 0, len(p1)+len(p2)+len(p3)+3*(len(s.clientID)+len(s.secret)))
	buf = append(buf, p1...)
	buf = appendQueryEscaped(buf, s.clientID)
	buf = append(buf, p2...)
	buf = appendQueryEscaped(buf, s.secret)
	buf = append(buf, p3...)
	return buf, nil
}

// appendQueryEscaped appends b escaped as url.QueryEscape does (space as '+', unreserved
// characters kept, every other byte as %XX), without going through a string.
func appendQueryEscaped(dst, b []byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~':
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return dst
}

// readAll reads at most limit bytes of r into one buffer the caller wipes; growing copies
// are zeroed as they are replaced.
func readAll(r io.Reader, limit int) ([]byte, error) {
	buf := make([]byte, 0, 1024)
	lr := io.LimitReader(r, int64(limit))
	for {
		if len(buf) == cap(buf) {
			bigger := make([]byte, len(buf), 2*cap(buf))
			copy(bigger, buf)
			domain.Wipe(buf)
			buf = bigger
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// tokenAnswer is the token endpoint's JSON answer (RFC 6749, sections 5.1 and 5.2).
type tokenAnswer struct {
	AccessToken string    `json:"access_token"`
	TokenType   string    `json:"token_type"`
	ExpiresIn   expiresIn `json:"expires_in"`
	Error       string    `json:"error"`
	Description string    `json:"error_description"`
}

// expiresIn accepts a number or a numeric string (both are met in the wild).
type expiresIn string

func (e *expiresIn) UnmarshalJSON(b []byte) error {
	*e = expiresIn(bytes.Trim(b, `"`))
	return nil
}

func (e expiresIn) seconds() int64 {
	n, err := strconv.ParseFloat(string(e), 64)
	if err != nil || n <= 0 {
		return 0
	}
	return int64(n)
}

// tokenFailure is a failed token request: a transport failure, a refusal (status, the OAuth
// error code and description, never the body), or a 2xx answer that holds no token. The
// description is server text: the client scrubs it before it goes anywhere.
type tokenFailure struct {
	cause       error
	transport   bool
	status      int
	header      http.Header
	code        string
	description string
	badAnswer   bool
}

func (f *tokenFailure) Error() string {
	switch {
	case f.cause != nil:
		return "token request failed: " + f.cause.Error()
	case f.badAnswer:
		return "token endpoint answered without a token"
	}
	return "token endpoint refused: HTTP " + strconv.Itoa(f.status)
}

func (f *tokenFailure) Unwrap() error { return f.cause }

// tokenError turns a token-endpoint failure into the taxonomy: 400/401 from the endpoint means
// the PISTE client ID or secret is wrong (or belongs to the other environment).
func tokenError(err error) *Error {
	var f *tokenFailure
	if errors.As(err, &f) && f.status != 0 && !f.badAnswer {
		switch {
		case f.status == http.StatusBadRequest || f.status == http.StatusUnauthorized:
			e := newError(KindInvalidClient, OpToken, f.status)
			if f.code != "" && f.code != "invalid_client" {
				e.Libelle = truncate(f.code, 60)
			}
			return e
		default:
			return statusError(OpToken, f.status, f.header, nil)
		}
	}
	if errors.As(err, &f) && f.badAnswer {
		// A 2xx whose body is not a token (HTML portal page, garbage).
		e := newError(KindServer, OpToken, f.status)
		e.Retryable = true
		return e
	}
	if errors.As(err, &f) && f.cause != nil {
		return transportError(OpToken, f.cause)
	}
	return transportError(OpToken, err)
}
