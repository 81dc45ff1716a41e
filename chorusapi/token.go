package chorusapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// DefaultRenewBefore is the margin before expiry at which a token is renewed (OCA uses 240 s).
const DefaultRenewBefore = 240 * time.Second

// tokenKey identifies one PISTE application on one token endpoint. The secret is kept only as
// a hash so the registry map never holds it in its keys.
type tokenKey struct {
	tokenURL, clientID, secretHash string
	renewBefore                    time.Duration
}

// sharedToken is the one token source of a PISTE application, shared by every Client of the
// process so that many calls (and many companies using the same application) cost one token.
type sharedToken struct {
	base        oauth2.TokenSource // fetches, counts; never caches
	renewBefore time.Duration
	fetches     atomic.Int64

	mu    sync.Mutex
	reuse oauth2.TokenSource // cache; replaced when the server says the token is no longer valid
	last  string             // access token the cache handed out last (compared, never logged)
}

var registry = struct {
	sync.Mutex
	m map[tokenKey]*sharedToken
}{m: map[tokenKey]*sharedToken{}}

func secretHash(secret string) string {
	sum := sha256.Sum256([]byte("chorusdesk-token-key\x00" + secret))
	return hex.EncodeToString(sum[:8])
}

// sharedTokenFor returns the process-wide token source for (token URL, client ID, secret).
// hc is the HTTP client the first user brings; it is used for every later fetch.
func sharedTokenFor(tokenURL, clientID, secret string, renewBefore time.Duration, hc *http.Client, timeout time.Duration) *sharedToken {
	if renewBefore <= 0 {
		renewBefore = DefaultRenewBefore
	}
	k := tokenKey{tokenURL: tokenURL, clientID: clientID, secretHash: secretHash(secret), renewBefore: renewBefore}
	registry.Lock()
	defer registry.Unlock()
	if st, ok := registry.m[k]; ok {
		return st
	}
	st := &sharedToken{renewBefore: renewBefore}
	cfg := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: secret,
		TokenURL:     tokenURL,
		Scopes:       []string{"openid"},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	st.base = &fetchingSource{cfg: cfg, hc: hc, timeout: timeout, renewBefore: renewBefore, count: &st.fetches}
	st.reuse = oauth2.ReuseTokenSourceWithExpiry(nil, st.base, renewBefore)
	registry.m[k] = st
	return st
}

// Token returns a valid token, fetching one when none is cached or the cached one is within
// renewBefore of its expiry.
func (s *sharedToken) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	src := s.reuse
	s.mu.Unlock()
	tok, err := src.Token()
	if err == nil {
		s.mu.Lock()
		if src == s.reuse {
			s.last = tok.AccessToken
		}
		s.mu.Unlock()
	}
	return tok, err
}

// Invalidate drops the cached token if it is still the one the server refused: other
// goroutines that got the same 401 must not cause a second renewal. An empty refused value
// always drops the cache.
func (s *sharedToken) Invalidate(refused string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if refused != "" && s.last != refused {
		return
	}
	s.last = ""
	s.reuse = oauth2.ReuseTokenSourceWithExpiry(nil, s.base, s.renewBefore)
}

// fetchingSource asks the token endpoint for a new token every time it is called.
type fetchingSource struct {
	cfg         *clientcredentials.Config
	hc          *http.Client
	timeout     time.Duration
	renewBefore time.Duration
	count       *atomic.Int64
}

func (f *fetchingSource) Token() (*oauth2.Token, error) {
	// ReuseTokenSource gives no context; bound the fetch by the client timeout instead.
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, f.hc)
	f.count.Add(1)
	start := time.Now()
	tok, err := f.cfg.Token(ctx)
	if err != nil {
		return nil, err
	}
	// A token that lives less than twice the margin (test servers, a gateway in trouble) would
	// count as expired at once and be fetched again on every call; renew it at half-life instead.
	if !tok.Expiry.IsZero() {
		life := tok.Expiry.Sub(start)
		if life < 2*f.renewBefore {
			tok.Expiry = start.Add(life/2 + f.renewBefore)
		}
	}
	return tok, nil
}

// tokenError turns a token-endpoint failure into the taxonomy: 400/401 from the endpoint means
// the PISTE client ID or secret is wrong (or belongs to the other environment).
func tokenError(err error) *Error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		status := re.Response.StatusCode
		switch {
		case status == http.StatusBadRequest || status == http.StatusUnauthorized:
			e := newError(KindInvalidClient, "token", status)
			if re.ErrorCode != "" && re.ErrorCode != "invalid_client" {
				e.Libelle = truncate(re.ErrorCode, 60)
			}
			return e
		default:
			return statusError("token", status, re.Response.Header, nil)
		}
	}
	e := transportError("token", err)
	if !isTransportErr(err) {
		// A 200 whose body is not a token (HTML portal page, garbage).
		e.Kind, e.Retryable = KindServer, true
	}
	return e
}

// isTransportErr reports whether err comes from the HTTP exchange itself rather than from
// reading the token out of an answer.
func isTransportErr(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, context.DeadlineExceeded) ||
		strings.HasPrefix(err.Error(), "oauth2: cannot fetch token")
}
