// Package emulator is an in-process HTTP server that behaves like the PISTE gateway plus the
// Chorus Pro APIs the client uses. Its default profile answers as production code documents
// Chorus Pro's answers (see Profile); it judges deposits with its own small reader, never the
// app's invoice package. Tests, benchmarks and the `chorusdesk emulator` demo mode talk to it
// over real HTTP. One instance is one environment.
package emulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"chorusdesk/domain"
)

// Options configure an emulator. Zero values mean the documented defaults.
type Options struct {
	Env            domain.Env    // sandbox (default) or production: which PISTE application exists
	Latency        time.Duration // added before every /cpro and token response
	TokenTTL       time.Duration // access-token lifetime, default 3600 s
	ProcessingTime time.Duration // deposit → final flux state, default 2 s
	// BusinessErrorsAs400 sends business errors (codeRetour ≠ 0) with HTTP 400 instead of 200;
	// the sources disagree on which one Chorus Pro uses. "No result" answers stay HTTP 200, as
	// Pastell receives them.
	BusinessErrorsAs400 bool
	// Profile is ProfileRealistic (default: as production code documents Chorus Pro's answers)
	// or ProfileStrict (only what the Swagger says).
	Profile Profile
}

const (
	defaultTokenTTL       = time.Hour
	defaultProcessingTime = 2 * time.Second
	defaultMaxFileSize    = 10 << 20 // deposer/flux limit on the decoded file (annex V5.00)
	maxRequestBody        = 40 << 20 // enough for a base64 file above the limit, to answer 20001
	maxTimeoutHold        = 30 * time.Second
	tokenPath             = "/api/oauth/token"
)

// Emulator is a running PISTE + Chorus Pro emulator.
type Emulator struct {
	opt      Options
	maxFile  int
	now      func() time.Time
	handler  http.Handler
	closing  chan struct{} // closed by Close: releases held "timeout" requests and latency waits
	holdsMax time.Duration
	held     atomic.Int32 // requests held by a timeout fault right now

	srv       *http.Server
	ln        net.Listener
	base      string
	serveDone chan struct{}
	closeOnce sync.Once
	closeErr  error

	mu    sync.Mutex
	state *state
}

// New builds an emulator without listening; serve it with Handler (e.g. in httptest).
func New(opt Options) *Emulator {
	if opt.Env == "" {
		opt.Env = domain.Sandbox
	}
	if opt.TokenTTL <= 0 {
		opt.TokenTTL = defaultTokenTTL
	}
	if opt.ProcessingTime <= 0 {
		opt.ProcessingTime = defaultProcessingTime
	}
	if opt.Profile == "" {
		opt.Profile = ProfileRealistic
	}
	e := &Emulator{
		opt:      opt,
		maxFile:  defaultMaxFileSize,
		now:      time.Now,
		closing:  make(chan struct{}),
		holdsMax: maxTimeoutHold,
		state:    newState(opt.Latency),
	}
	e.handler = http.HandlerFunc(e.serve)
	return e
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background until Close.
func Start(addr string, opt Options) (*Emulator, error) { return New(opt).listen(addr) }

// listen starts serving e on addr; tests adjust unexported knobs (clock, size limit) before.
func (e *Emulator) listen(addr string) (*Emulator, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	e.ln = ln
	e.base = "http://" + ln.Addr().String()
	e.srv = &http.Server{Handler: e.handler, ReadHeaderTimeout: 10 * time.Second}
	e.serveDone = make(chan struct{})
	go func() {
		defer close(e.serveDone)
		_ = e.srv.Serve(ln)
	}()
	return e, nil
}

// OAuthURL is the full token URL, e.g. http://127.0.0.1:P/api/oauth/token.
func (e *Emulator) OAuthURL() string { return e.base + tokenPath }

// APIURL is the base URL to which the client appends /cpro/...
func (e *Emulator) APIURL() string { return e.base }

// Handler serves the emulator (gateway, Chorus Pro endpoints and /_emulator/ control).
func (e *Emulator) Handler() http.Handler { return e.handler }

// Close stops the server and waits for every handler to return (held requests are released).
func (e *Emulator) Close() error {
	e.closeOnce.Do(func() {
		close(e.closing)
		if e.srv == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := e.srv.Shutdown(ctx); err != nil {
			e.closeErr = e.srv.Close()
		}
		<-e.serveDone
		if errors.Is(e.closeErr, http.ErrServerClosed) {
			e.closeErr = nil
		}
	})
	return e.closeErr
}

// pause waits d unless the request is cancelled or the emulator closes; it reports whether
// the full delay elapsed.
func (e *Emulator) pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-e.closing:
	}
	return false
}
