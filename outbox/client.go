package outbox

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
)

// clientCache keeps one chorusapi client per company and environment, rebuilt when the
// credentials or the endpoints change. Tokens are shared by the service's token cache (one per
// PISTE application); the cache only saves rebuilding resty clients.
//
// It holds no credential: a client keeps only its cpro-account header value and a pointer to
// its token source (see chorusapi's token.go), and the cache compares credentials by an HMAC
// under a random key of its own. It is emptied on the service's lock event, and that key
// replaced, so after Lock it holds nothing; a client read just before the lock is not put back
// (gen changed).
type clientCache struct {
	mu  sync.Mutex
	m   map[string]cachedClient
	key []byte // HMAC key of the fingerprints; replaced on every lock
	gen uint64 // bumped by every lock
}

type cachedClient struct {
	fp    [32]byte // HMAC of the endpoints and the four credential fields
	token [32]byte // HMAC of the token URL and the client ID (TokenRequests counts per application)
	c     *chorusapi.Client
	at    time.Time // when the resolution rule and the credentials were last read
	login string    // the technical login (an identifier, recorded on the items it deposits)
}

// clientFresh is how long a resolved client is reused without reading the setup again: a
// batch does not open the vault for every step, and a setup change (disabled, moved, new
// credentials) still applies within this delay.
const clientFresh = 2 * time.Second

// newClientCache makes the cache; Open subscribes its wipe to the service's lock event, and
// Close wipes it.
func newClientCache() *clientCache {
	return &clientCache{m: map[string]cachedClient{}, key: newFingerprintKey()}
}

func newFingerprintKey() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // never fails (crypto/rand)
	return k
}

// wipe drops every client and replaces the fingerprint key (the lock event).
func (cc *clientCache) wipe() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	clear(cc.m)
	domain.Wipe(cc.key)
	cc.key = newFingerprintKey()
	cc.gen++
}

// len is the number of clients held (tests check it is 0 after a lock).
func (cc *clientCache) len() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return len(cc.m)
}

// fingerprint is an HMAC of length-prefixed parts.
func fingerprint(key []byte, parts ...[]byte) [32]byte {
	m := hmac.New(sha256.New, key)
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		m.Write(n[:])
		m.Write(p)
	}
	var out [32]byte
	m.Sum(out[:0])
	return out
}

// errNotTransferred carries the resolution rule's refusal found at send time (the setup
// changed since Add).
type errNotTransferred struct{ res domain.Resolution }

func (e *errNotTransferred) Error() string { return e.res.Reason }

// client returns the client for the item's company and environment, or *errNotTransferred,
// or core.ErrLocked. The credentials of the one slot that applies are opened, compared, handed
// to chorusapi.New (which keeps none of them) and wiped here.
func (o *Outbox) client(it *Item) (*chorusapi.Client, error) {
	key := it.CompanyID + "/" + string(it.Env)
	now := time.Now()
	cc := o.clients
	cc.mu.Lock()
	if c, ok := cc.m[key]; ok && now.Sub(c.at) < clientFresh {
		cc.mu.Unlock()
		recordLogin(it, c.login)
		return c.c, nil
	}
	gen := cc.gen
	cc.mu.Unlock()
	res, creds, err := o.svc.ResolveCredentials(it.CompanyID, it.Env)
	if err != nil {
		return nil, err
	}
	defer creds.Wipe()
	if !res.Transfer {
		return nil, &errNotTransferred{res: res}
	}
	ep, err := o.svc.Endpoints(it.Env)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.gen != gen {
		return nil, core.ErrLocked // locked while the credentials were being read
	}
	fp := fingerprint(cc.key, []byte(ep.OAuthURL), []byte(ep.APIURL),
		creds.ClientID, creds.ClientSecret, creds.Login, creds.Password)
	if c, ok := cc.m[key]; ok && hmac.Equal(c.fp[:], fp[:]) {
		c.at = now
		cc.m[key] = c
		recordLogin(it, c.login)
		return c.c, nil
	}
	c := chorusapi.New(chorusapi.Config{
		Env: it.Env, Endpoints: ep, Creds: creds, Tokens: o.svc.Tokens(),
		Timeout: o.opt.ClientTimeout, Retry: o.opt.ClientRetry,
	})
	cc.m[key] = cachedClient{fp: fp, token: fingerprint(cc.key, []byte(ep.OAuthURL), creds.ClientID), c: c, at: now,
		login: string(creds.Login)}
	recordLogin(it, string(creds.Login))
	return c, nil
}

// recordLogin notes on an item not yet handed to Chorus Pro the technical login its deposit
// goes through (the window says which one was used); once a deposit may have been made, the
// login of that deposit stays.
func recordLogin(it *Item, login string) {
	switch it.State {
	case Queued, Ready, Held, Failed:
		if it.Flux == "" {
			it.Login = login
		}
	}
}

// waitLocked handles an error that says the vault was locked while the item was being worked
// on (its client was wiped by the lock: nothing was sent): the item goes back to stay and
// waits for the unlock without spending an attempt. It reports whether err was that.
func (o *Outbox) waitLocked(it *Item, err error, stay State) bool {
	if !errors.Is(err, core.ErrLocked) {
		return false
	}
	if it.State != stay {
		o.setState(it, stay)
	}
	it.Message = msg("outbox.locked")
	it.NextTry = o.now().Add(o.opt.RetryBase)
	o.persist(it)
	return true
}

// TokenRequests sums the token fetches of the clients in use (benchmarks: one per PISTE
// application is the target). Clients sharing a token source count it once.
func (o *Outbox) TokenRequests() int {
	cc := o.clients
	cc.mu.Lock()
	defer cc.mu.Unlock()
	seen := map[[32]byte]bool{}
	n := 0
	for _, c := range cc.m {
		if !seen[c.token] {
			seen[c.token] = true
			n += c.c.TokenRequests()
		}
	}
	return n
}
