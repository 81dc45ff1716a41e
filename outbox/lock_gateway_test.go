package outbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
)

// plantGateway stands in front of a real emulator and accepts only planted credentials (fresh
// random values the test binary has never seen), translating them to the emulator's seed
// account: the client under test really sends the planted secrets, the emulator does the
// rest. It issues its own access tokens, so the test knows them too.
type plantGateway struct {
	srv   *httptest.Server
	emu   *emulator.Emulator
	creds domain.Slot
	proxy *httputil.ReverseProxy

	mu     sync.Mutex
	tokens map[string]string // gateway token → emulator token
	seen   int               // token requests that carried the planted secret
}

func newPlantGateway(t testing.TB, creds domain.Slot) *plantGateway {
	t.Helper()
	emu, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox, ProcessingTime: 60 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	target, err := url.Parse(emu.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	g := &plantGateway{emu: emu, creds: creds, tokens: map[string]string{}, proxy: httputil.NewSingleHostReverseProxy(target)}
	g.srv = httptest.NewServer(g)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *plantGateway) endpoints() domain.Endpoints {
	return domain.Endpoints{OAuthURL: g.srv.URL + "/api/oauth/token", APIURL: g.srv.URL}
}

// issued lists the access tokens the gateway handed out.
func (g *plantGateway) issued() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, 0, len(g.tokens))
	for k := range g.tokens {
		out = append(out, k)
	}
	return out
}

func randomText(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func (g *plantGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/oauth/token" {
		g.token(w, r)
		return
	}
	g.mu.Lock()
	emuTok, ok := g.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	g.mu.Unlock()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE", error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	want := base64.StdEncoding.EncodeToString([]byte(g.creds.Login + ":" + g.creds.Password))
	if r.Header.Get("cpro-account") != want {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.Header.Set("Authorization", "Bearer "+emuTok)
	r.Header.Set("cpro-account", base64.StdEncoding.EncodeToString([]byte("TECH_1_demo1@cpro.fr:demo-password-1")))
	g.proxy.ServeHTTP(w, r)
}

func (g *plantGateway) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	if r.PostForm.Get("client_id") != g.creds.ClientID || r.PostForm.Get("client_secret") != g.creds.ClientSecret {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
		return
	}
	resp, err := http.PostForm(g.emu.OAuthURL(), url.Values{"grant_type": {"client_credentials"},
		"client_id": {emulator.SandboxClientID}, "client_secret": {emulator.SandboxSecret}, "scope": {"openid"}})
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	var ans struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || ans.AccessToken == "" {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	tok := randomText("gw-token-")
	g.mu.Lock()
	g.tokens[tok] = ans.AccessToken
	g.seen++
	g.mu.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600, "scope": "openid"})
}
