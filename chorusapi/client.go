// Package chorusapi is the client of PISTE (OAuth2) and the Chorus Pro APIs: typed calls, one
// shared token per PISTE application, an error taxonomy the UI can speak, bounded retries and
// a record of recent exchanges (Diagnostics) that never holds a secret.
//
// Retries. Kinds network, timeout, rate_limited and server are retryable; the others are not.
// Reads are retried with full-jitter exponential backoff, within RetryPolicy bounds, waiting
// at least the server's Retry-After. DeposerFlux (not idempotent) is retried only when the
// failure proves Chorus Pro did not act: no token, headers never written (DNS, refused, TLS
// handshake), 429, or a 401 invalid_token (after one renewal). Otherwise the returned *Error
// has MaybeProcessed=true and Retryable=false and the caller must look the invoice up first.
// A 401 whose WWW-Authenticate names invalid_token/expired drops the cached token, renews it
// once and repeats the call once, for every call.
package chorusapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"chorusdesk/domain"
)

// Config is everything a Client needs. Zero durations take safe defaults.
type Config struct {
	Env       domain.Env
	Endpoints domain.Endpoints
	// Creds are read by New, never kept: New copies the client ID and secret into the token
	// source of Tokens and builds the cpro-account header value from the login and password.
	// The caller wipes them (Creds.Wipe) as soon as New returns.
	Creds domain.Credentials
	// Tokens is the token cache the client's token source lives in: clients built with the
	// same cache share one token per PISTE application. The service's (core.Service.Tokens)
	// is wiped by the lock. nil = a cache of this client's own.
	Tokens  *TokenCache
	Timeout time.Duration // per attempt, default 60 s
	Retry   RetryPolicy
	// HTTPClient replaces the default one (tests). The default, the token cache's, verifies
	// TLS, honours the proxy environment variables and shares its connections between the
	// clients of the cache; the cache's Wipe closes them.
	HTTPClient *http.Client
	// RenewBefore is how long before expiry a token is renewed; 0 = DefaultRenewBefore.
	RenewBefore time.Duration
	// Diagnostics receives every exchange and warning; nil = the process-wide Recent().
	Diagnostics *Diagnostics
}

// Client talks to one environment with one set of credentials. It is safe for concurrent use.
type Client struct {
	api      string
	rc       *resty.Client
	tok      *tokenSource
	account  string // cpro-account header value; never logged, never in an error (a string: see token.go)
	scrub    *scrubber
	scrubTok atomic.Pointer[tokenScrubber] // scrub plus the last bearer token (built once per token)
	retry    RetryPolicy
	diag     *Diagnostics
	attempts atomic.Int64
	observe  func(Exchange) // tests: told of every recorded attempt; nil in production
}

// maxResponseBody bounds what is read from one answer (a CR with thousands of errors fits).
const maxResponseBody = 32 << 20

// DefaultTimeout bounds one attempt (a 10 MB deposit on a slow line still fits).
const DefaultTimeout = 60 * time.Second

// newHTTPClient is the default client of a token cache (so of a service): TLS always
// verified (no InsecureSkipVerify anywhere in this package), proxy from the environment,
// bounded dial and handshake, connections kept alive between the cache's clients.
//
// Idle connections have no timer (IdleConnTimeout 0): net/http arms one per idle connection
// and does not stop it when CloseIdleConnections closes the connection, so the stopped timer
// keeps the closed connection, and its write buffer holding the last request's headers
// (access token, cpro-account), reachable from the runtime's timer heap until it would have
// fired. Without the timer, TokenCache.Wipe (the lock) closing the idle connections drops
// them for good; a connection the server closes is dropped by net/http as soon as it sees it.
func newHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: DefaultTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   32,
		ForceAttemptHTTP2:     true,
	}}
}

// New builds a client. Its token source is shared, within cfg.Tokens, per (token URL, client
// ID, secret): building many clients costs no extra token.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	tokens := cfg.Tokens
	if tokens == nil {
		tokens = NewTokenCache()
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = tokens.httpClient()
	}
	own := *hc // resty sets Timeout on it; keep the caller's client untouched
	own.Timeout = 0
	rc := resty.NewWithClient(&own).SetTimeout(cfg.Timeout).SetRetryCount(0).
		SetLogger(discardLogger{}).SetDisableWarn(true).
		SetResponseBodyLimit(maxResponseBody)
	diag := cfg.Diagnostics
	if diag == nil {
		diag = Recent()
	}
	account := accountHeader(cfg.Creds.Login, cfg.Creds.Password)
	return &Client{
		api:     strings.TrimRight(cfg.Endpoints.APIURL, "/"),
		rc:      rc,
		tok:     tokens.source(cfg.Endpoints.OAuthURL, cfg.Creds.ClientID, cfg.Creds.ClientSecret, cfg.RenewBefore, &own, cfg.Timeout),
		account: account,
		scrub:   scrubberFor(cfg.Creds, account, tokens),
		retry:   cfg.Retry.withDefaults(),
		diag:    diag,
	}
}

// scrubberFor lists the secrets of one client: the PISTE secret, the Chorus password, the
// technical account's login:password and the cpro-account value built from it, the client
// credentials as an HTTP Basic pair would carry them. The bearer token is added per attempt.
// The scrubber keeps them as bytes and is wiped with the token cache (on lock).
func scrubberFor(cr domain.Credentials, account string, tokens *TokenCache) *scrubber {
	joined := func(a, b []byte) []byte {
		out := make([]byte, 0, len(a)+1+len(b))
		return append(append(append(out, a...), ':'), b...)
	}
	secrets := [][]byte{cr.ClientSecret, cr.Password}
	if len(cr.Password) > 0 {
		secrets = append(secrets, joined(cr.Login, cr.Password), []byte(account))
	}
	if len(cr.ClientSecret) > 0 {
		secrets = append(secrets, joined(cr.ClientID, cr.ClientSecret))
	}
	sc := newByteScrubber(secrets...)
	for _, b := range secrets[2:] {
		domain.Wipe(b)
	}
	tokens.keep(sc)
	return sc
}

// accountHeader is base64(login ":" password), built in byte buffers that are zeroed; only
// the final header value becomes a string (net/http takes header values as strings).
func accountHeader(login, password []byte) string {
	plain := make([]byte, 0, len(login)+1+len(password))
	plain = append(append(append(plain, login...), ':'), password...)
	defer domain.Wipe(plain)
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(plain)))
	defer domain.Wipe(enc)
	base64.StdEncoding.Encode(enc, plain)
	return string(enc)
}

// TokenRequests counts the token fetches of this client's (shared) token source.
func (c *Client) TokenRequests() int { return int(c.tok.fetches.Load()) }

// Attempts counts HTTP attempts made by this client (tests and benchmarks).
func (c *Client) Attempts() int { return int(c.attempts.Load()) }

// call describes one endpoint call. idempotent=false (deposits) forbids a retry once the
// request may have reached the server.
type call struct {
	method, path string
	body         any
	idempotent   bool
	search       bool // a "no result" answer is an empty list (errNoResult), not a refusal
}

// errNoResult is what do returns when a search answered "no result" (see IsNoResult).
var errNoResult = errors.New("chorusapi: no result")

// do runs c with retries and decodes a 2xx JSON answer into out, turning codeRetour ≠ 0 into
// a KindBusiness error when envelope is true (the health check has no envelope). Every string
// of the answer and of the error is scrubbed of the request's secrets before it leaves; every
// attempt is recorded (log and diagnostics) once its outcome is known.
func (c *Client) do(ctx context.Context, cl call, out any, envelope bool) error {
	var payload []byte
	if p, ok := cl.body.(encodedBody); ok {
		payload = p // built by hand (a deposit's file): marshalling would copy it twice more
	} else if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return &Error{Kind: KindBadRequest, Op: cl.path, cause: err}
		}
	}
	corr := newCorrelationID()
	start := time.Now()
	renewed := false
	for attempt := 1; ; attempt++ {
		r := c.attempt(ctx, cl, payload, corr)
		ae := r.err
		if ae != nil && ae.locked {
			return ErrLocked
		}
		if ae == nil {
			derr := decode(cl, r.body, out, envelope)
			if derr == nil {
				r.sc.Value(out)
				c.record(r, attempt, corr, nil, envelopeOf(r.body, r.sc))
				c.checkAnswer(cl.path, out)
				return nil
			}
			if derr.Kind != KindServer {
				return c.finish(cl, r, attempt, corr, derr)
			}
			ae = &attemptError{e: derr} // malformed answer: retried only when idempotent
		}
		e := trimmed(r.sc.Error(ae.e))
		if e.Kind == KindBusiness { // a refusal in a 400 envelope
			return c.finish(cl, r, attempt, corr, e)
		}
		c.record(r, attempt, corr, e, parsedEnvelope{})
		if ae.expiredToken && !renewed {
			// The gateway refused the Bearer before anything reached Chorus: renew once, retry once.
			renewed = true
			continue
		}
		if !cl.idempotent && e.MaybeProcessed {
			e.Retryable = false
		}
		if !e.Retryable || attempt >= c.retry.MaxAttempts || ctx.Err() != nil {
			return e
		}
		d := c.retry.backoff(attempt, e.RetryAfter)
		if time.Since(start)+d > c.retry.MaxElapsed {
			return e
		}
		if wait(ctx, d) != nil {
			return e
		}
	}
}

// finish scrubs and records the error of an attempt. A search's "no result" becomes
// errNoResult (an empty list for the caller); a refusal no rule of the message table knows
// adds a warning with the raw code and label.
func (c *Client) finish(cl call, r attemptResult, attempt int, corr string, e *Error) error {
	e = trimmed(r.sc.Error(e))
	if e.Kind == KindBusiness && cl.search && IsNoResult(e.CodeRetour, e.Libelle) {
		c.record(r, attempt, corr, nil, parsedEnvelope{CodeRetour: e.CodeRetour, Libelle: e.Libelle, noResult: true})
		return errNoResult
	}
	c.record(r, attempt, corr, e, parsedEnvelope{})
	if e.Kind == KindBusiness {
		if _, raw, known := ExplainKnown(e.CodeRetour, e.Libelle); !known {
			c.diag.Warn(WarnUnknownCode, cl.path, raw)
		}
	}
	return e
}

// trimmed bounds the server text of e, after scrubbing (a cut must not leave half a secret).
func trimmed(e *Error) *Error {
	e.Libelle = truncate(e.Libelle, 300)
	e.Detail = truncate(e.Detail, 200)
	return e
}

// envelopeOf reads codeRetour and libelle of a successful answer for the record.
func envelopeOf(body []byte, sc *scrubber) parsedEnvelope {
	env, _ := parseEnvelope(body)
	env.Libelle = truncate(sc.String(env.Libelle), 300)
	return env
}

// record sends one attempt to the diagnostics ring. The exchange holds no header value, no
// body, no token and no credential by construction: only the path, never the query, and the
// server's code and label once scrubbed of the request's secrets.
func (c *Client) record(r attemptResult, attempt int, corr string, e *Error, env parsedEnvelope) {
	x := Exchange{Time: r.begin.UTC(), Method: r.method, Path: r.op, Status: r.status,
		CodeRetour: env.CodeRetour, Libelle: env.Libelle, DurationMS: time.Since(r.begin).Milliseconds(),
		CorrelationID: corr, Attempt: attempt}
	var kind Kind
	if e != nil {
		kind, x.Status, x.CodeRetour, x.Libelle = e.Kind, e.HTTPStatus, e.CodeRetour, e.Libelle
		if x.Libelle == "" {
			x.Libelle = e.Detail
		}
	}
	switch {
	case env.noResult:
		x.Result = "no_result"
	case kind == "":
		x.Result = "ok"
	default:
		x.Result = string(kind)
	}
	c.diag.record(x)
	if c.observe != nil {
		c.observe(x)
	}
}

// attemptError is an *Error plus what only the retry loop needs.
type attemptError struct {
	e            *Error
	expiredToken bool
	locked       bool // the token cache was wiped: ErrLocked, nothing was sent
}

// attemptResult is one attempt: the 2xx body, or the error; sc knows the request's secrets,
// this attempt's bearer token included.
type attemptResult struct {
	body   []byte
	status int
	err    *attemptError
	sc     *scrubber
	begin  time.Time
	op     string // the path, or OpToken when no token could be had
	method string
}

func (c *Client) attempt(ctx context.Context, cl call, payload []byte, corr string) attemptResult {
	c.attempts.Add(1)
	r := attemptResult{begin: time.Now(), op: cl.path, method: cl.method, sc: c.scrub}
	tok, err := c.tok.Token()
	if errors.Is(err, ErrLocked) {
		r.err = &attemptError{locked: true}
		return r
	}
	if err != nil {
		e := c.tokenFailure(err) // nothing was sent to /cpro: always safe to retry if transient
		r.op, r.method, r.status = OpToken, http.MethodPost, e.HTTPStatus
		r.err = &attemptError{e: e}
		return r
	}
	r.sc = c.scrubberFor(tok)

	var wroteHeaders atomic.Bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wroteHeaders.Store(true) }}
	req := c.rc.R().SetContext(httptrace.WithClientTrace(ctx, trace)).
		SetHeader("Authorization", "Bearer "+tok).
		SetHeader("cpro-account", c.account).
		SetHeader("Accept", "application/json").
		SetHeader("X-Correlation-ID", corr)
	if payload != nil {
		// A reader, not the bytes: resty would copy bytes twice (into its buffer, then again
		// for the request), three copies of a 10 MB deposit; a *bytes.Reader is sent as is,
		// with its length, and a new one per attempt re-reads the same payload.
		req.SetHeader("Content-Type", "application/json;charset=utf-8").SetBody(bytes.NewReader(payload))
	}
	resp, err := req.Execute(cl.method, c.api+cl.path)
	if err != nil {
		e := transportError(cl.path, err)
		// Headers never written ⇒ the server cannot have acted on the request.
		e.MaybeProcessed = wroteHeaders.Load()
		r.err = &attemptError{e: e}
		return r
	}
	status := resp.StatusCode()
	r.status = status
	if status >= 200 && status < 300 {
		r.body = resp.Body()
		return r
	}
	e := statusError(cl.path, status, resp.Header(), resp.Body())
	ae := &attemptError{e: e}
	// Answers that prove the request was refused before any processing.
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusRequestEntityTooLarge,
		http.StatusUnsupportedMediaType, http.StatusTooManyRequests, http.StatusBadRequest:
	default:
		e.MaybeProcessed = true
	}
	if status == http.StatusUnauthorized {
		e.Detail = challengeDescription(resp.Header())
		if isExpiredToken(resp.Header()) {
			c.tok.Invalidate(tok)
			ae.expiredToken = true
		}
	}
	r.err = ae
	return r
}

type tokenScrubber struct {
	token string
	sc    *scrubber
}

// scrubberFor is the client's scrubber plus the bearer token, built once per token.
func (c *Client) scrubberFor(token string) *scrubber {
	if ts := c.scrubTok.Load(); ts != nil && ts.token == token {
		return ts.sc
	}
	sc := c.scrub.with(token)
	c.scrubTok.Store(&tokenScrubber{token: token, sc: sc})
	return sc
}

// tokenFailure classifies a token-endpoint failure and keeps PISTE's own description, both
// scrubbed (a PISTE in trouble may echo the form body, client secret included).
func (c *Client) tokenFailure(err error) *Error {
	e := tokenError(err)
	var f *tokenFailure
	if errors.As(err, &f) {
		e.Detail = f.description
	}
	return trimmed(c.scrub.Error(e))
}

// challengeDescription reads error_description of a WWW-Authenticate challenge (PISTE puts
// "login or password incorrects" there, as OCA's PR #425 shows).
func challengeDescription(h http.Header) string {
	for _, v := range h.Values("WWW-Authenticate") {
		if m := challengeDesc.FindStringSubmatch(v); m != nil {
			return m[1]
		}
	}
	return ""
}

var challengeDesc = regexp.MustCompile(`error_description="([^"]*)"`)

// decode fills out from a 2xx body. A body that is not the expected JSON is a server fault.
func decode(cl call, body []byte, out any, withEnvelope bool) *Error {
	if withEnvelope {
		env, ok := parseEnvelope(body)
		if !ok {
			e := newError(KindServer, cl.path, http.StatusOK)
			e.MaybeProcessed = true
			e.Retryable = cl.idempotent
			return e
		}
		if env.CodeRetour != 0 {
			return businessError(cl.path, http.StatusOK, env)
		}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		e := newError(KindServer, cl.path, http.StatusOK)
		e.MaybeProcessed = true
		e.Retryable = cl.idempotent
		e.cause = err
		return e
	}
	return nil
}

func newCorrelationID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// discardLogger silences resty: its messages could quote requests.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// checkAnswer records a warning for every value of a successful answer the client does not
// know (an invoice status outside the official enum, an unknown flux state, a history date it
// cannot read): such a value is never taken for a known one, and support sees it.
func (c *Client) checkAnswer(path string, out any) {
	switch v := out.(type) {
	case *Historique:
		if v.StatutCourantCode != "" && !KnownInvoiceStatus(v.StatutCourantCode) {
			c.diag.Warn(WarnUnknownStatus, path, v.StatutCourantCode)
		}
		for _, h := range v.HistoriquesDesStatuts.HistoStatut {
			if h.HistoStatutCode != "" && !KnownInvoiceStatus(h.HistoStatutCode) {
				c.diag.Warn(WarnUnknownStatus, path, h.HistoStatutCode)
			}
			if _, ok := ParseTime(h.HistoStatutDatePassage); !ok && h.HistoStatutDatePassage != "" {
				c.diag.Warn(WarnBadDate, path, h.HistoStatutDatePassage)
			}
		}
	case *CRDetaille:
		if v.EtatCourantDepotFlux != "" && !KnownFluxState(v.EtatCourantDepotFlux) {
			c.diag.Warn(WarnUnknownState, path, v.EtatCourantDepotFlux)
		}
	case *rechercherFournisseurResponse:
		for _, f := range v.ListeFactures {
			if f.Statut != "" && !KnownInvoiceStatus(f.Statut) {
				c.diag.Warn(WarnUnknownStatus, path, f.Statut)
			}
		}
	}
}
