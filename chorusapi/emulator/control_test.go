package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// ctl calls a control endpoint and decodes the JSON answer.
func ctl(t *testing.T, e *Emulator, method, op, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, e.APIURL()+"/_emulator/"+op, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("%s %s: %v", method, op, err)
	}
	return resp.StatusCode, m
}

func TestControlHTTP(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	c.call(rattachPath, map[string]any{})

	st, m := ctl(t, e, "GET", "requests", "")
	if st != 200 || m["tokens"] != float64(1) || m["endpoints"].(map[string]any)[rattachPath] != float64(1) ||
		m["endpoints"].(map[string]any)[tokenPath] != float64(1) {
		t.Fatalf("requests: %d %v", st, m)
	}
	steps := []struct {
		method, op, body string
		status           int
		then             func(t *testing.T)
	}{
		{"POST", "faults", `{"kind":"429","retryAfter":"3s","endpoint":"rattachements","count":1}`, 200, func(t *testing.T) {
			if r := c.post(rattachPath, map[string]any{}); r.status != 429 || r.header.Get("Retry-After") != "3" {
				t.Fatalf("%d %v", r.status, r.header)
			}
		}},
		{"POST", "faults", `{"kind":"status","status":500}`, 200, func(t *testing.T) {
			if r := c.post(rattachPath, map[string]any{}); r.status != 500 {
				t.Fatalf("%d", r.status)
			}
		}},
		{"DELETE", "faults", "", 200, func(t *testing.T) { c.call(rattachPath, map[string]any{}) }},
		{"POST", "faults", `{"kind":"nope"}`, 400, nil},
		{"POST", "latency", `{"ms":5}`, 200, func(t *testing.T) {
			e.mu.Lock()
			defer e.mu.Unlock()
			if e.state.latency != 5*time.Millisecond {
				t.Fatalf("latency %v", e.state.latency)
			}
		}},
		{"POST", "latency", `{"ms":-1}`, 400, nil},
		{"POST", "latency", `{}`, 400, nil},
		{"POST", "subscriptions", `{"api":"utilisateurs","subscribed":false}`, 200, func(t *testing.T) {
			if r := c.post(rattachPath, map[string]any{}); r.status != 403 {
				t.Fatalf("%d", r.status)
			}
		}},
		{"POST", "subscriptions", `{"api":"utilisateurs","subscribed":true}`, 200, func(t *testing.T) { c.call(rattachPath, map[string]any{}) }},
		{"POST", "subscriptions", `{"api":"utilisateurs"}`, 400, nil},
		{"POST", "reset-counts", ``, 200, func(t *testing.T) {
			if got := e.Requests(); got.Tokens != 0 || len(got.Endpoints) != 0 || len(got.Deposits) != 0 {
				t.Fatalf("after reset %+v", got)
			}
		}},
		{"POST", "invoices/123/status", `{"status":"REJETEE","comment":"x"}`, 404, nil},
		{"POST", "invoices/abc/status", `{"status":"REJETEE"}`, 400, nil},
		{"POST", "invoices/1/status", `{`, 400, nil},
		{"GET", "nothing-here", "", 404, nil},
		{"DELETE", "requests", "", 404, nil},
		{"POST", "accounts/expire", `{"login":"TECH_1_demo1@cpro.fr"}`, 200, func(t *testing.T) {
			if r := c.post(rattachPath, map[string]any{}); r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "incorrects") {
				t.Fatalf("%d %v", r.status, r.header)
			}
		}},
	}
	for _, s := range steps {
		t.Run(s.method+" "+s.op+" "+s.body, func(t *testing.T) {
			c.t = t
			if st, m := ctl(t, e, s.method, s.op, s.body); st != s.status {
				t.Fatalf("status %d, want %d (%v)", st, s.status, m)
			}
			if s.then != nil {
				s.then(t)
			}
		})
	}
}

func TestControlInvoiceStatus(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	c := newClient(t, e, demo1, pass1)
	numero := c.deposit("f.xml", "IN_DP_E1_UBL_INVOICE", testdataFile(t, "FA-2026-0001_UBL.xml"))
	c.waitFlux(numero)
	id := int64(c.invoicesOf(numero)[0].(map[string]any)["identifiantFactureCPP"].(float64))
	st, m := ctl(t, e, "POST", fmt.Sprintf("invoices/%d/status", id), `{"status":"REJETEE","comment":"Montant errone"}`)
	if st != 200 {
		t.Fatalf("%d %v", st, m)
	}
	f := c.invoicesOf(numero)[0].(map[string]any)
	if f["statut"] != "REJETEE" || f["commentaireEtatCourant"] != "Montant errone" {
		t.Fatalf("%v", f)
	}
}

// TestOneTokenManyCalls is how other packages prove "one token per hour": the counter
// counts issued tokens, not calls.
func TestOneTokenManyCalls(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	for range 5 {
		c.call(rattachPath, map[string]any{})
	}
	got := e.Requests()
	if got.Tokens != 1 || got.Endpoints[rattachPath] != 5 {
		t.Fatalf("%+v", got)
	}
	// Refused token requests are counted as calls, not as issued tokens.
	c.tokenForm(map[string][]string{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"y"}})
	if got := e.Requests(); got.Tokens != 1 || got.Endpoints[tokenPath] != 2 {
		t.Fatalf("%+v", got)
	}
}

// TestConcurrentUse is meant for -race: deposits, searches, faults and control calls at once.
func TestConcurrentUse(t *testing.T) {
	e := startEmu(t, Options{ProcessingTime: fastProcessing}, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 4 {
		wg.Go(func() {
			c := newClient(t, e, demo1, pass1)
			for i := range 5 {
				n := fmt.Sprintf("CONC-%d-%d", w, i)
				r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{"fichierFlux": b64(ublVariant(t, n, SupplierSIRET1, RecipientNoRequirement, "", "")),
					"nomFichier": n + ".xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"})
				if r.status != 200 {
					errs <- fmt.Errorf("deposit %s: %d", n, r.status)
				}
				c.post("/cpro/factures/v1/rechercher/fournisseur", map[string]any{})
				e.Requests()
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			e.InjectFault(Fault{Endpoint: "health-check", Kind: FaultStatus, Status: 500, Count: 1})
			e.SetLatency(0)
			e.ClearFaults()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := e.Requests(); len(got.Deposits) != 20 {
		t.Fatalf("deposits %v", got.Deposits)
	}
}

func TestCloseReleasesHeldRequestsWithoutLeaks(t *testing.T) {
	before := runtime.NumGoroutine()
	e, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, e, demo1, pass1)
	e.InjectFault(Fault{Kind: FaultTimeout})
	e.SetLatency(time.Hour)
	tr := &http.Transport{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest(http.MethodGet, e.APIURL()+"/cpro/transverses/v1/health-check", nil)
		if resp, err := (&http.Client{Transport: tr}).Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	// Wait until the request is inside the emulator (counted), then close.
	deadline := time.Now().Add(5 * time.Second)
	for e.Requests().Endpoints["/cpro/transverses/v1/health-check"] == 0 {
		if time.Now().After(deadline) {
			t.Fatal("request never reached the emulator")
		}
		time.Sleep(time.Millisecond)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	<-done
	tr.CloseIdleConnections()
	c.hc.CloseIdleConnections()
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines: %d before, %d after Close\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestHandlerWithoutListener(t *testing.T) {
	e := New(Options{})
	srv := httptest.NewServer(e.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/somewhere")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if e.Close() != nil {
		t.Fatal("Close of an unstarted emulator failed")
	}
}
