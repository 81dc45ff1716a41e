package outbox

import (
	"sync"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
)

// clientCache keeps one chorusapi client per company and environment, rebuilt when the
// credentials or the endpoints change. Tokens are shared anyway by the client's process-wide
// registry (one per PISTE application); the cache only saves rebuilding resty clients.
type clientCache struct {
	mu sync.Mutex
	m  map[string]cachedClient
}

type cachedClient struct {
	creds domain.Credentials
	ep    domain.Endpoints
	c     *chorusapi.Client
	at    time.Time // when §2.3 and the credentials were last read
}

// clientFresh is how long a resolved client is reused without reading the setup again: a
// batch does not open the vault for every step, and a setup change (disabled, moved, new
// credentials) still applies within this delay.
const clientFresh = 2 * time.Second

func newClientCache() *clientCache { return &clientCache{m: map[string]cachedClient{}} }

// errNotTransferred carries §2.3's refusal found at send time (the setup changed since Add).
type errNotTransferred struct{ res domain.Resolution }

func (e *errNotTransferred) Error() string { return e.res.Reason }

// client returns the client for the item's company and environment, or *errNotTransferred.
func (o *Outbox) client(it *Item) (*chorusapi.Client, error) {
	key := it.CompanyID + "/" + string(it.Env)
	now := time.Now()
	cc := o.clients
	cc.mu.Lock()
	if c, ok := cc.m[key]; ok && now.Sub(c.at) < clientFresh {
		cc.mu.Unlock()
		return c.c, nil
	}
	cc.mu.Unlock()
	res, creds, err := o.svc.ResolveCredentials(it.CompanyID, it.Env)
	if err != nil {
		return nil, err
	}
	if !res.Transfer {
		return nil, &errNotTransferred{res: res}
	}
	ep, err := o.svc.Endpoints(it.Env)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if c, ok := cc.m[key]; ok && c.creds == creds && c.ep == ep {
		c.at = now
		cc.m[key] = c
		return c.c, nil
	}
	c := chorusapi.New(chorusapi.Config{
		Env: it.Env, Endpoints: ep, Creds: creds,
		Timeout: o.opt.ClientTimeout, Retry: o.opt.ClientRetry, Log: o.opt.Log,
	})
	cc.m[key] = cachedClient{creds: creds, ep: ep, c: c, at: now}
	return c, nil
}

// TokenRequests sums the token fetches of the clients in use (benchmarks: one per PISTE
// application is the target). Clients sharing a token source count it once.
func (o *Outbox) TokenRequests() int {
	cc := o.clients
	cc.mu.Lock()
	defer cc.mu.Unlock()
	seen := map[string]bool{}
	n := 0
	for _, c := range cc.m {
		k := c.ep.OAuthURL + "\x00" + c.creds.ClientID
		if !seen[k] {
			seen[k] = true
			n += c.c.TokenRequests()
		}
	}
	return n
}
