// Package chorusapi is the client of PISTE (OAuth2) and the Chorus Pro APIs: typed calls, one
// shared token per PISTE application, an error taxonomy the UI can speak, bounded retries and
// a request log that never holds a secret.
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
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"chorusdesk/domain"
)

// Config is everything a Client needs. Zero durations take safe defaults.
type Config struct {
	Env       domain.Env
	Endpoints domain.Endpoints
	Creds     domain.Credentials
	Timeout   time.Duration // per attempt, default 60 s
	Retry     RetryPolicy
	Log       RequestLogger // nil = none
	// HTTPClient replaces the default one (tests). The default verifies TLS, honours the
	// proxy environment variables and shares its connections between clients.
	HTTPClient *http.Client
	// RenewBefore is how long before expiry a token is renewed; 0 = DefaultRenewBefore.
	RenewBefore time.Duration
}

// Client talks to one environment with one set of credentials. It is safe for concurrent use.
type Client struct {
	api      string
	rc       *resty.Client
	tok      *sharedToken
	account  string // cpro-account header value; never logged, never in an error
	retry    RetryPolicy
	log      RequestLogger
	attempts atomic.Int64
}

// maxResponseBody bounds what is read from one answer (a CR with thousands of errors fits).
const maxResponseBody = 32 << 20

// DefaultTimeout bounds one attempt (a 10 MB deposit on a slow line still fits).
const DefaultTimeout = 60 * time.Second

var (
	defaultHTTPOnce sync.Once
	defaultHTTP     *http.Client
)

// sharedHTTPClient is the process-wide client: TLS always verified (no InsecureSkipVerify
// anywhere in this package), proxy from the environment, bounded dial and handshake.
func sharedHTTPClient() *http.Client {
	defaultHTTPOnce.Do(func() {
		dialer := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
		defaultHTTP = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer.DialContext,
			TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:   15 * time.Second,
			ResponseHeaderTimeout: DefaultTimeout,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   32,
			ForceAttemptHTTP2:     true,
		}}
	})
	return defaultHTTP
}

// New builds a client. The token source is shared process-wide per (token URL, client ID,
// secret): building many clients costs no extra token.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = sharedHTTPClient()
	}
	own := *hc // resty sets Timeout on it; keep the caller's client untouched
	own.Timeout = 0
	rc := resty.NewWithClient(&own).SetTimeout(cfg.Timeout).SetRetryCount(0).
		SetLogger(discardLogger{}).SetDisableWarn(true).
		SetResponseBodyLimit(maxResponseBody)
	return &Client{
		api:     strings.TrimRight(cfg.Endpoints.APIURL, "/"),
		rc:      rc,
		tok:     sharedTokenFor(cfg.Endpoints.OAuthURL, cfg.Creds.ClientID, cfg.Creds.ClientSecret, cfg.RenewBefore, &own, cfg.Timeout),
		account: base64.StdEncoding.EncodeToString([]byte(cfg.Creds.Login + ":" + cfg.Creds.Password)),
		retry:   cfg.Retry.withDefaults(),
		log:     cfg.Log,
	}
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
}

// do runs c with retries and decodes a 2xx JSON answer into out, turning codeRetour ≠ 0 into
// a KindBusiness error when envelope is true (the health check has no envelope).
func (c *Client) do(ctx context.Context, cl call, out any, envelope bool) error {
	var payload []byte
	if cl.body != nil {
		var err error
		if payload, err = json.Marshal(cl.body); err != nil {
			return &Error{Kind: KindBadRequest, Op: cl.path, cause: err}
		}
	}
	corr := newCorrelationID()
	start := time.Now()
	renewed := false
	for attempt := 1; ; attempt++ {
		body, err := c.attempt(ctx, cl, payload, corr, attempt)
		if err == nil {
			derr := decode(cl, body, out, envelope)
			if derr == nil || derr.Kind != KindServer {
				return nilIfEmpty(derr)
			}
			err = &attemptError{e: derr} // malformed answer: retried only when idempotent
		}
		if err.expiredToken && !renewed {
			// The gateway refused the Bearer before anything reached Chorus: renew once, retry once.
			renewed = true
			continue
		}
		e := err.e
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

// attemptError is an *Error plus what only the retry loop needs.
type attemptError struct {
	e            *Error
	expiredToken bool
}

func (c *Client) attempt(ctx context.Context, cl call, payload []byte, corr string, n int) ([]byte, *attemptError) {
	c.attempts.Add(1)
	begin := time.Now()
	entry := RequestLogEntry{Time: begin, Endpoint: cl.path, Method: cl.method, CorrelationID: corr, Attempt: n}
	logIt := func(status int, k Kind) {
		if c.log != nil {
			entry.Status, entry.Kind, entry.Duration = status, k, time.Since(begin)
			c.log.LogRequest(entry)
		}
	}

	tok, err := c.tok.Token()
	if err != nil {
		e := tokenError(err) // nothing was sent to /cpro: always safe to retry if transient
		if c.log != nil {
			c.log.LogRequest(RequestLogEntry{Time: begin, Endpoint: "token", Method: http.MethodPost,
				Status: e.HTTPStatus, Duration: time.Since(begin), CorrelationID: corr, Attempt: n, Kind: e.Kind})
		}
		return nil, &attemptError{e: e}
	}

	var wroteHeaders atomic.Bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wroteHeaders.Store(true) }}
	req := c.rc.R().SetContext(httptrace.WithClientTrace(ctx, trace)).
		SetHeader("Authorization", "Bearer "+tok.AccessToken).
		SetHeader("cpro-account", c.account).
		SetHeader("Accept", "application/json").
		SetHeader("X-Correlation-ID", corr)
	if payload != nil {
		req.SetHeader("Content-Type", "application/json;charset=utf-8").SetBody(payload)
	}
	resp, err := req.Execute(cl.method, c.api+cl.path)
	if err != nil {
		e := transportError(cl.path, err)
		// Headers never written ⇒ the server cannot have acted on the request.
		e.MaybeProcessed = wroteHeaders.Load()
		logIt(0, e.Kind)
		return nil, &attemptError{e: e}
	}
	status := resp.StatusCode()
	if status >= 200 && status < 300 {
		logIt(status, "")
		return resp.Body(), nil
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
	if status == http.StatusUnauthorized && isExpiredToken(resp.Header()) {
		c.tok.Invalidate(tok.AccessToken)
		ae.expiredToken = true
	}
	logIt(status, e.Kind)
	return nil, ae
}

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

// nilIfEmpty avoids returning a typed nil pointer inside a non-nil error interface.
func nilIfEmpty(e *Error) error {
	if e == nil {
		return nil
	}
	return e
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
