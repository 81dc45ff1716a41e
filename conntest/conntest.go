// Package conntest is the Test of spec §2.5: network → token → account → attachment, each step
// with a verdict, a duration and a plain-language message; a failed step skips the later ones.
package conntest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Step names, in order.
const (
	StepNetwork    = "network"
	StepToken      = "token"
	StepAccount    = "account"
	StepAttachment = "attachment"
)

// StepNames lists the steps in the order they run.
var StepNames = []string{StepNetwork, StepToken, StepAccount, StepAttachment}

// Options tune a run. The zero value is the production configuration in English.
type Options struct {
	Lang    i18n.Lang     // language of the step messages (default English)
	Timeout time.Duration // bound of each step, default 20 s
	// OnStep is called as soon as each step has its verdict (skipped steps included), so the
	// window can show them live. It runs on the caller's goroutine.
	OnStep func(i int, step domain.TestStep)
	// Company and Env are copied into the result (ForCompany fills them).
	Company string
	Env     domain.Env
	// HTTPClient and RootCAs are for tests (a local TLS server); nil = system defaults.
	HTTPClient *http.Client
	RootCAs    *x509.CertPool
	Now        func() time.Time
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
}

// Run tests ep and creds now. siret is the company's SIRET ("" skips the attachment step with
// a note; that step then counts as passed). Result.OK is true only when no step failed.
func Run(ctx context.Context, ep domain.Endpoints, creds domain.Credentials, siret string, opt Options) domain.TestResult {
	opt.defaults()
	res := domain.TestResult{Company: opt.Company, Env: opt.Env, Time: opt.Now(), OK: true}
	client := chorusapi.New(chorusapi.Config{
		Env: opt.Env, Endpoints: ep, Creds: creds, Timeout: opt.Timeout, HTTPClient: opt.HTTPClient,
		// One quick second try so a single network blip does not fail the Test.
		Retry: chorusapi.RetryPolicy{MaxAttempts: 2, BaseDelay: 300 * time.Millisecond, MaxDelay: time.Second, MaxElapsed: opt.Timeout},
	})
	steps := []func(context.Context) (string, bool, bool){
		func(ctx context.Context) (string, bool, bool) { return networkStep(ctx, ep, opt) },
		func(ctx context.Context) (string, bool, bool) {
			if creds.ClientID == "" || creds.ClientSecret == "" {
				return i18n.T(opt.Lang, "api.test.incomplete", envName(opt.Env)), false, false
			}
			return verdict(client.CheckToken(ctx, true), opt.Lang, "api.test.token_ok")
		},
		func(ctx context.Context) (string, bool, bool) {
			if creds.Login == "" || creds.Password == "" {
				return i18n.T(opt.Lang, "api.test.incomplete", envName(opt.Env)), false, false
			}
			return verdict(client.HealthCheck(ctx), opt.Lang, "api.test.account_ok")
		},
		func(ctx context.Context) (string, bool, bool) { return attachmentStep(ctx, client, siret, opt.Lang) },
	}
	failed := false
	for i, run := range steps {
		step := domain.TestStep{Name: StepNames[i]}
		if failed {
			step.Skipped, step.Message = true, i18n.T(opt.Lang, "api.test.skipped")
		} else {
			start := time.Now()
			sctx, cancel := context.WithTimeout(ctx, opt.Timeout)
			step.Message, step.OK, step.Skipped = run(sctx)
			cancel()
			step.MS = time.Since(start).Milliseconds()
			failed = !step.OK
		}
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

// verdict turns a client error into the step's message (the taxonomy already says what to do).
func verdict(err error, lang i18n.Lang, okKey string, args ...any) (string, bool, bool) {
	if err != nil {
		return i18n.Message(lang, err), false, false
	}
	return i18n.T(lang, okKey, args...), true, false
}

func attachmentStep(ctx context.Context, c *chorusapi.Client, siret string, lang i18n.Lang) (string, bool, bool) {
	siret = domain.NormalizeSIRET(siret)
	if siret == "" {
		return i18n.T(lang, "api.test.no_siret"), true, true
	}
	list, err := c.Rattachements(ctx)
	if err != nil {
		return i18n.Message(lang, err), false, false
	}
	for _, r := range list {
		if domain.NormalizeSIRET(string(r.IdentifiantStructure)) == siret {
			return i18n.T(lang, "api.test.attachment_ok", siret), true, false
		}
	}
	return i18n.T(lang, "api.test.attachment_none", siret), false, false
}

func envName(e domain.Env) string {
	if e == "" {
		return string(domain.Sandbox)
	}
	return string(e)
}

// tlsConfig verifies certificates against the system roots (or the test pool): never skipped.
func tlsConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
}
