package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/internal/fixtures"
)

// fakeClock is a settable clock shared by the test and the emulator's handlers.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// startEmu starts an emulator on 127.0.0.1:0; tune may adjust it before it listens.
func startEmu(t testing.TB, opt Options, tune func(e *Emulator)) *Emulator {
	t.Helper()
	e := New(opt)
	if tune != nil {
		tune(e)
	}
	if _, err := e.listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e
}

// client is a hand-written raw HTTP client for the emulator.
type client struct {
	t       testing.TB
	e       *Emulator
	hc      *http.Client
	token   string
	account string // value of the cpro-account header
}

func newClient(t testing.TB, e *Emulator, login, password string) *client {
	c := &client{t: t, e: e, hc: &http.Client{Timeout: 10 * time.Second}, account: cproAccount(login, password)}
	c.token = c.fetchToken(SandboxClientID, SandboxSecret)
	return c
}

func cproAccount(login, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(login + ":" + password))
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("status %d: body is not JSON: %v: %q", r.status, err, r.body)
	}
	return m
}

func (c *client) raw(req *http.Request) reply {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read body: %v", err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

func (c *client) fetchToken(id, secret string) string {
	c.t.Helper()
	r := c.tokenForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "scope": {"openid"}})
	if r.status != http.StatusOK {
		c.t.Fatalf("token: status %d %s", r.status, r.body)
	}
	return r.json(c.t)["access_token"].(string)
}

func (c *client) tokenForm(v url.Values) reply {
	req, _ := http.NewRequest(http.MethodPost, c.e.OAuthURL(), strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.raw(req)
}

// post sends a Chorus Pro call with the client's token and account.
func (c *client) post(path string, body any) reply {
	c.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, c.e.APIURL()+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("cpro-account", c.account)
	return c.raw(req)
}

// call posts and requires HTTP 200 with codeRetour 0.
func (c *client) call(path string, body any) map[string]any {
	c.t.Helper()
	r := c.post(path, body)
	m := r.json(c.t)
	if r.status != http.StatusOK || m["codeRetour"] != float64(0) {
		c.t.Fatalf("%s: status %d %s", path, r.status, r.body)
	}
	return m
}

func (c *client) deposit(name, syntax string, data []byte) string {
	c.t.Helper()
	m := c.call("/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": base64.StdEncoding.EncodeToString(data),
		"nomFichier": name, "syntaxeFlux": syntax, "avecSignature": false})
	return m["numeroFluxDepot"].(string)
}

// waitFlux polls consulterCRDetaille until the flux leaves the processing states.
func (c *client) waitFlux(numero string) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := c.call("/cpro/transverses/v1/consulterCRDetaille", map[string]any{"numeroFluxDepot": numero})
		switch m["etatCourantDepotFlux"] {
		case fluxIntegrated, fluxPartial, fluxRejected, fluxIncident, fluxIrrecevable:
			return m
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("flux %s still %v at the deadline", numero, m["etatCourantDepotFlux"])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// invoicesOf returns the invoices of a flux from rechercher/fournisseur.
func (c *client) invoicesOf(numero string) []any {
	c.t.Helper()
	return c.list("/cpro/factures/v1/rechercher/fournisseur", map[string]any{"numeroFluxDepot": numero}, "listeFactures")
}

// list runs a search and returns its list: a "no result" answer (codeRetour 20000 with
// HTTP 200, the realistic profile) is an empty list.
func (c *client) list(path string, body any, key string) []any {
	c.t.Helper()
	r := c.post(path, body)
	m := r.json(c.t)
	if r.status == http.StatusOK && m["codeRetour"] == float64(codeNoResult) {
		if m["libelle"] != libelleNoResult {
			c.t.Fatalf("%s: no-result label %v", path, m["libelle"])
		}
		return nil
	}
	if r.status != http.StatusOK || m["codeRetour"] != float64(0) {
		c.t.Fatalf("%s: status %d %s", path, r.status, r.body)
	}
	l, _ := m[key].([]any)
	return l
}

// testdataFile reads one of the repository's sample invoices.
func testdataFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixtures.Invoice(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	demo1, pass1   = "TECH_1_demo1@cpro.fr", "demo-password-1"
	demo2, pass2   = "TECH_1_demo2@cpro.fr", "demo-password-2"
	fastProcessing = 60 * time.Millisecond
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
