package outbox

import (
	"context"
	"sync"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/conntest"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// A setup is proven before it carries invoices: before the first deposit through the setup
// that applies to a company (its own or `*****`) in an environment, and again after any change
// to it, the engine runs the connection test itself (conntest.ForCompany, which also keeps the
// result as the company's last one). When a step fails, that company's invoices are held with
// the verdict and nothing is deposited; a passing result is reused until the setup changes or
// SetupProofTTL passes. A Test that cannot reach Chorus Pro at all proves nothing either way:
// the items wait and try again, as after any network failure.

// SetupVerdict is the engine's last Test verdict for a company and environment (the window
// shows it beside "which setup applies").
type SetupVerdict struct {
	OK     bool
	Result domain.TestResult
	At     time.Time
	// Why says what failed, in every language ("the setup's Test fails at …: …"); nil when OK.
	Why Text
}

type proofEntry struct {
	ready  chan struct{} // closed when the fields below are set
	client *chorusapi.Client
	v      SetupVerdict
	err    error // the Test could not be run or reach Chorus Pro: not cached
}

// proofCache holds one verdict per company and environment; checks of the same key share
// one Test run.
type proofCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*proofEntry
}

func newProofCache(ttl time.Duration) *proofCache {
	return &proofCache{ttl: ttl, m: map[string]*proofEntry{}}
}

func proofKey(companyID string, env domain.Env) string { return companyID + "/" + string(env) }

// errTestUnreachable: the Test stopped at its network step (or could not run).
type errTestUnreachable struct{ step domain.TestStep }

func (e *errTestUnreachable) Error() string { return e.Localize(i18n.EN) }

func (e *errTestUnreachable) Localize(lang i18n.Lang) string {
	return i18n.T(lang, "engine.proof.unreachable", e.step.Text(lang))
}

// proveSetup returns nil when the setup that applies to the item passed its Test, the hold
// reason when it fails, or an error when the Test could not be run (the item waits). cl is
// the client the engine would deposit with: a different client than the one the verdict was
// made for means the credentials or the endpoints changed.
func (o *Outbox) proveSetup(ctx context.Context, it *Item, cl *chorusapi.Client) (hold Text, err error) {
	c := o.proofs
	key := proofKey(it.CompanyID, it.Env)
	for {
		c.mu.Lock()
		e, ok := c.m[key]
		if ok {
			select {
			case <-e.ready:
				if e.err == nil && e.client == cl && o.now().Sub(e.v.At) < c.ttl {
					c.mu.Unlock()
					return e.v.Why, nil
				}
				ok = false // stale, changed setup, or unreachable: test again
			default:
			}
		}
		if !ok {
			e = &proofEntry{ready: make(chan struct{}), client: cl}
			c.m[key] = e
			c.mu.Unlock()
			if v, ok := o.savedProof(it); ok {
				e.v = v // another run proved this very setup a moment ago
			} else {
				e.v, e.err = o.runTest(ctx, it, cl)
			}
			close(e.ready)
			if e.err != nil {
				return nil, e.err
			}
			return e.v.Why, nil
		}
		c.mu.Unlock()
		select { // another worker runs the Test: share its verdict
		case <-e.ready:
			if e.err != nil {
				return nil, e.err
			}
			c.mu.Lock()
			same := e.client == cl
			c.mu.Unlock()
			if same {
				return e.v.Why, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// savedProof returns the company's last saved Test result (any process saves it: the window,
// an earlier run of the command line) when it passed, for the setup that applies now, less
// than SetupProofTTL ago and after the last change of anything the Test depends on
// (core's SetupRevision): each run of `send` does not test the setup again.
func (o *Outbox) savedProof(it *Item) (SetupVerdict, bool) {
	res, found, err := o.svc.LastTestResult(it.CompanyID, it.Env)
	if err != nil || !found || !res.OK || res.SetupFrom != it.SetupFrom {
		return SetupVerdict{}, false
	}
	now := o.now()
	if age := now.Sub(res.Time); age < 0 || age >= o.proofs.ttl {
		return SetupVerdict{}, false
	}
	rev, known, err := o.svc.SetupRevision(it.CompanyID, it.Env)
	if err != nil || !known || !res.Time.After(rev) {
		return SetupVerdict{}, false
	}
	return SetupVerdict{OK: true, Result: res, At: res.Time}, true
}

// runTest runs the Test of the setup that applies to the item's company.
func (o *Outbox) runTest(ctx context.Context, it *Item, cl *chorusapi.Client) (SetupVerdict, error) {
	// The service's token cache: the Test's fresh token is the one the deposits then use.
	res, err := conntest.ForCompany(ctx, o.svc, it.CompanyID, it.Env, conntest.Options{Lang: i18n.EN, Now: o.now, Tokens: o.svc.Tokens()})
	if err != nil {
		return SetupVerdict{}, err
	}
	if ctx.Err() != nil {
		return SetupVerdict{}, ctx.Err()
	}
	v := SetupVerdict{OK: res.OK, Result: res, At: o.now()}
	if res.OK {
		return v, nil
	}
	for _, s := range res.Steps {
		if s.OK || s.Skipped {
			continue
		}
		if s.Name == conntest.StepNetwork || o.transient(ctx, s.Name, cl) {
			return SetupVerdict{}, &errTestUnreachable{step: s}
		}
		v.Why = Text{}
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
			v.Why[l] = i18n.T(l, "engine.hold.setup_test", conntest.Title(s.Name, l), s.Text(l))
		}
		o.logf("outbox: company %s (%s): the setup's Test fails at %s; its invoices are held", it.CompanyCode, it.Env, s.Name)
		return v, nil
	}
	v.Why = msg("engine.hold.setup_test", "-", "-")
	return v, nil
}

// transient asks Chorus Pro again what a failed step asked, with the engine's own client: a
// failure its error taxonomy calls retryable (a 5xx, maintenance, a timeout), or none at all
// now, means the Test met a passing problem, not a wrong setup.
func (o *Outbox) transient(ctx context.Context, step string, cl *chorusapi.Client) bool {
	var err error
	switch step {
	case conntest.StepToken:
		err = cl.CheckToken(ctx, false)
	case conntest.StepAccount:
		err = cl.HealthCheck(ctx)
	case conntest.StepAttachment:
		if _, err = cl.Rattachements(ctx); err == nil {
			return false // the answer came: its verdict (not attached) stands
		}
	default:
		return false
	}
	if err == nil {
		return true
	}
	ae, ok := chorusapi.AsError(err)
	return !ok || ae.Retryable || ctx.Err() != nil
}

// dropClients forgets the clients the verdicts were made for (the lock event): a client
// carries its technical account's header, and after an unlock new clients mean a new Test.
// The verdicts stay for SetupVerdict.
func (c *proofCache) dropClients() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		e.client = nil // read only under c.mu; a Test still running then proves nothing
	}
}

// forgetProof drops the verdict for the item's company and environment (the user asks again).
func (o *Outbox) forgetProof(it *Item) {
	c := o.proofs
	c.mu.Lock()
	delete(c.m, proofKey(it.CompanyID, it.Env))
	c.mu.Unlock()
}

// SetupVerdict returns the engine's last Test verdict for a company and environment; ok is
// false when the engine has not tested it (the company's last saved Test result may still
// say something: core's LastTestResult).
func (o *Outbox) SetupVerdict(companyID string, env domain.Env) (v SetupVerdict, ok bool) {
	c := o.proofs
	c.mu.Lock()
	e, found := c.m[proofKey(companyID, env)]
	c.mu.Unlock()
	if !found {
		return SetupVerdict{}, false
	}
	select {
	case <-e.ready:
		return e.v, e.err == nil
	default:
		return SetupVerdict{}, false
	}
}
