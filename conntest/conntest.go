// Package conntest is the connection Test: setup → network → token → account → attachment,
// each step with a verdict, a duration and a plain-language message; a failed step skips the
// later ones. The setup step checks, before anything goes on the network, that the setup
// which applies is complete.
package conntest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"strings"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Step names, stored in results (stable codes, never shown).
const (
	StepSetup      = "setup"
	StepNetwork    = "network"
	StepToken      = "token"
	StepAccount    = "account"
	StepAttachment = "attachment"
)

// Step is one step of the Test: its stable name and the catalog key of its title.
type Step struct {
	Name string
	Key  string
}

// Steps is THE list of steps, in the order they run. The window and the CLI build their rows
// and titles from it; results are matched to it by name.
var Steps = []Step{
	{StepSetup, "api.step.setup"},
	{StepNetwork, "api.step.network"},
	{StepToken, "api.step.token"},
	{StepAccount, "api.step.account"},
	{StepAttachment, "api.step.attachment"},
}

// Title is the display name of step name in lang (the name itself if unknown).
func Title(name string, lang i18n.Lang) string {
	for _, s := range Steps {
		if s.Name == name {
			return i18n.T(lang, s.Key)
		}
	}
	return name
}

// Index is the position of step name in Steps, -1 if unknown.
func Index(name string) int {
	for i, s := range Steps {
		if s.Name == name {
			return i
		}
	}
	return -1
}

// Options tune a run. The zero value is the production configuration in English.
type Options struct {
	Lang    i18n.Lang     // language of the step messages (default English)
	Timeout time.Duration // bound of each step, default 20 s
	// OnStep is called as soon as each step has its verdict (skipped steps included), so the
	// window can show them live. It runs on the caller's goroutine.
	OnStep func(i int, step domain.TestStep)
	// Company and Env are copied into the result; Source and SetupFrom say whose setup is
	// tested (ForCompany fills them).
	Company   string
	Env       domain.Env
	Source    domain.Source
	SetupFrom string
	// Tokens is the token cache of the run's client; nil = one of the run's own, wiped when
	// the run ends. The Test asks for a fresh token anyway, so it never needs the service's
	// cache, and a mistyped secret tried here is kept nowhere once the run is over.
	Tokens *chorusapi.TokenCache
	// HTTPClient and RootCAs are for tests (a local TLS server); nil = system defaults.
	HTTPClient *http.Client
	RootCAs    *x509.CertPool
	Now        func() time.Time
	// Diagnostics receives the exchanges of the run; nil = chorusapi.Recent().
	Diagnostics *chorusapi.Diagnostics
	// CheckAPIs makes the account step also ask one page of the Structures and the Factures
	// API, so that an application not subscribed to them fails the Test instead of the first
	// deposit. The Test the user runs (window, `chorusdesk test`) sets it; the engine's check
	// before a batch does not (the batch's own calls tell it, and it runs once per batch).
	CheckAPIs bool
}

func (o *Options) defaults() {
	if o.Lang == "" {
		o.Lang = i18n.EN
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Env == "" {
		o.Env = domain.Sandbox
	}
}

// outcome is what a step found: its message as key and arguments, the server's raw words.
type outcome struct {
	msg     *i18n.Error
	raw     string
	ok      bool
	skipped bool // passed with a note (no SIRET)
}

func pass(key string, args ...any) outcome { return outcome{msg: i18n.Errorf(key, args...), ok: true} }
func fail(key string, args ...any) outcome { return outcome{msg: i18n.Errorf(key, args...)} }

// Run tests ep and creds now. siret is the company's SIRET ("" skips the attachment step with
// a note; that step then counts as passed). Result.OK is true only when no step failed.
//
// Run takes creds: it wipes them as soon as its client is built (the client keeps what it
// needs, see chorusapi.Config.Creds), so they do not stay in memory for the whole Test.
func Run(ctx context.Context, ep domain.Endpoints, creds domain.Credentials, siret string, opt Options) domain.TestResult {
	opt.defaults()
	res := domain.TestResult{Company: opt.Company, Env: opt.Env, Source: opt.Source, SetupFrom: opt.SetupFrom,
		Time: opt.Now(), OK: true}
	tokens := opt.Tokens
	if tokens == nil {
		tokens = chorusapi.NewTokenCache()
		defer tokens.Wipe()
	}
	complete := true
	for _, f := range domain.Fields {
		complete = complete && creds.Has(f)
	}
	client := chorusapi.New(chorusapi.Config{
		Env: opt.Env, Endpoints: ep, Creds: creds, Tokens: tokens, Timeout: opt.Timeout, HTTPClient: opt.HTTPClient,
		Diagnostics: opt.Diagnostics,
		// One quick second try so a single network blip does not fail the Test.
		Retry: chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 300 * time.Millisecond, MaxDelay: time.Second, MaxElapsed: opt.Timeout},
	})
	creds.Wipe()
	steps := []func(context.Context) outcome{
		func(context.Context) outcome { return setupStep(complete, opt) },
		func(ctx context.Context) outcome { return networkStep(ctx, ep, opt) },
		func(ctx context.Context) outcome { return verdict(client.CheckToken(ctx, true), "api.test.token_ok") },
		func(ctx context.Context) outcome { return accountStep(ctx, client, siret, opt.CheckAPIs) },
		func(ctx context.Context) outcome { return attachmentStep(ctx, client, siret) },
	}
	failed := false
	for i, run := range steps {
		step := domain.TestStep{Name: Steps[i].Name}
		var out outcome
		if failed {
			out = outcome{msg: i18n.Errorf("api.test.skipped"), skipped: true}
		} else {
			start := time.Now()
			sctx, cancel := context.WithTimeout(ctx, opt.Timeout)
			out = run(sctx)
			cancel()
			step.MS = time.Since(start).Milliseconds()
			failed = !out.ok
		}
		step.OK, step.Skipped = out.ok, out.skipped
		step.Key, step.Args, step.Raw = out.msg.Key, out.msg.Args, out.raw
		step.Message = step.Text(opt.Lang)
		if !step.OK {
			res.OK = false
		}
		res.Steps = append(res.Steps, step)
		if opt.OnStep != nil {
			opt.OnStep(i, step)
		}
	}
	return res
}

// setupStep checks, before the network, that every field of the slot is filled.
func setupStep(complete bool, opt Options) outcome {
	env := string(opt.Env)
	switch opt.Source {
	case domain.SourceSpecific:
		if !complete {
			return fail("api.test.incomplete_own."+env, opt.SetupFrom)
		}
		return pass("api.test.setup_own."+env, opt.SetupFrom)
	case domain.SourceDefault:
		if !complete {
			return fail("api.test.incomplete_default."+env, opt.Company)
		}
		return pass("api.test.setup_default."+env, opt.Company)
	case domain.SourceNone:
		if !complete {
			return fail("api.test.incomplete_none."+env, opt.Company)
		}
		return pass("api.test.setup_none."+env, opt.Company)
	}
	if !complete {
		return fail("api.test.incomplete_slot." + env)
	}
	return pass("api.test.setup_complete." + env)
}

// verdict turns a client error into the step's outcome (the taxonomy already says what to do).
func verdict(err error, okKey string) outcome {
	if err == nil {
		return pass(okKey)
	}
	return failure(err)
}

// failure keeps an error's message as key and arguments when it has them.
func failure(err error) outcome {
	var unavailable *chorusapi.ErrAttachmentUnavailable
	var plain *i18n.Error
	if e, ok := chorusapi.AsError(err); ok {
		msg, raw := e.Message()
		return outcome{msg: msg, raw: raw}
	}
	switch {
	case errors.As(err, &unavailable):
		return outcome{msg: unavailable.Message()}
	case errors.As(err, &plain):
		return outcome{msg: plain}
	}
	return outcome{msg: i18n.Errorf("api.test.other_error", err.Error())}
}

// accountStep: the health check proves the token and the technical account; with checkAPIs,
// one page of Structures and of Factures proves the subscriptions the transfers need.
func accountStep(ctx context.Context, c *chorusapi.Client, siret string, checkAPIs bool) outcome {
	if err := c.HealthCheck(ctx); err != nil {
		return failure(err)
	}
	if !checkAPIs {
		return pass("api.test.account_ok")
	}
	missing, err := c.CheckAPIs(ctx, domain.NormalizeSIRET(siret))
	if len(missing) > 0 {
		return fail("api.test.apis_not_subscribed", strings.Join(missing, ", "))
	}
	if err != nil {
		return failure(err)
	}
	return pass("api.test.account_ok")
}

func attachmentStep(ctx context.Context, c *chorusapi.Client, siret string) outcome {
	siret = domain.NormalizeSIRET(siret)
	if siret == "" {
		return outcome{msg: i18n.Errorf("api.test.no_siret"), ok: true, skipped: true}
	}
	a, err := c.CheckAttachment(ctx, siret)
	if err != nil {
		return failure(err)
	}
	if a.Attached {
		return pass("api.test.attachment_ok", siret)
	}
	return fail("api.test.attachment_none", siret)
}

// tlsConfig verifies certificates against the system roots (or the test pool): never skipped.
func tlsConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
}
