package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const rattachPath = "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements"

func TestFaultKinds(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	cases := []struct {
		name  string
		fault Fault
		check func(t *testing.T, r reply)
	}{
		{"500", Fault{Kind: FaultStatus, Status: 500}, func(t *testing.T, r reply) {
			if r.status != 500 || r.json(t)["codeRetour"] != float64(500) {
				t.Fatalf("%d %s", r.status, r.body)
			}
		}},
		{"403 empty", Fault{Kind: FaultStatus, Status: 403}, func(t *testing.T, r reply) {
			if r.status != 403 || len(r.body) != 0 {
				t.Fatalf("%d %q", r.status, r.body)
			}
		}},
		{"401 with PISTE header", Fault{Kind: FaultStatus, Status: 401}, func(t *testing.T, r reply) {
			if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), `realm="PISTE"`) {
				t.Fatalf("%d %v", r.status, r.header)
			}
		}},
		{"413", Fault{Kind: FaultStatus, Status: 413, Libelle: "trop gros"}, func(t *testing.T, r reply) {
			if r.status != 413 || r.json(t)["libelle"] != "trop gros" {
				t.Fatalf("%d %s", r.status, r.body)
			}
		}},
		{"429 retry", Fault{Kind: Fault429, RetryAfter: 1500 * time.Millisecond}, func(t *testing.T, r reply) {
			if r.status != 429 || r.header.Get("Retry-After") != "2" {
				t.Fatalf("%d Retry-After %q", r.status, r.header.Get("Retry-After"))
			}
		}},
		{"503 html", Fault{Kind: FaultHTML503}, func(t *testing.T, r reply) {
			if r.status != 503 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !bytes.Contains(r.body, []byte("<html>")) {
				t.Fatalf("%d %v %s", r.status, r.header, r.body)
			}
		}},
		{"malformed", Fault{Kind: FaultMalformed}, func(t *testing.T, r reply) {
			if r.status != 200 || json.Valid(r.body) {
				t.Fatalf("%d %s", r.status, r.body)
			}
		}},
		{"business default", Fault{Kind: FaultBusiness}, func(t *testing.T, r reply) {
			if m := r.json(t); r.status != 200 || m["codeRetour"] != float64(20001) {
				t.Fatalf("%d %v", r.status, m)
			}
		}},
		{"business custom", Fault{Kind: FaultBusiness, CodeRetour: 20003, Libelle: "GDP_MSG_99"}, func(t *testing.T, r reply) {
			if m := r.json(t); m["codeRetour"] != float64(20003) || m["libelle"] != "GDP_MSG_99" {
				t.Fatalf("%v", m)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			f := tc.fault
			f.Endpoint, f.Count = "recuperer/rattachements", 1
			e.InjectFault(f)
			tc.check(t, c.post(rattachPath, map[string]any{}))
			// Count 1: the next call succeeds; other endpoints were never affected.
			c.call(rattachPath, map[string]any{})
		})
	}
}

// TestStatusFaultEveryCode covers each HTTP code of chorus-api.md §3.0 and §5.
func TestStatusFaultEveryCode(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	for _, code := range []int{202, 400, 401, 403, 404, 413, 415, 429, 500, 502, 503, 504} {
		e.InjectFault(Fault{Endpoint: "deposer/flux", Kind: FaultStatus, Status: code, Count: 1})
		r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{})
		if r.status != code || (code == 403) != (len(r.body) == 0) {
			t.Errorf("status fault %d: got %d %q", code, r.status, r.body)
		}
	}
	// The token endpoint can be faulted on its own.
	e.InjectFault(Fault{Endpoint: "/api/oauth/token", Kind: FaultHTML503, Count: 1})
	v := url.Values{"grant_type": {"client_credentials"}, "client_id": {SandboxClientID}, "client_secret": {SandboxSecret}}
	if r := c.tokenForm(v); r.status != 503 {
		t.Fatalf("token fault: %d", r.status)
	}
	c.call(rattachPath, map[string]any{})
	if r := c.tokenForm(v); r.status != 200 {
		t.Fatalf("token after fault: %d", r.status)
	}
}

func TestBusinessFaultAs400(t *testing.T) {
	e := startEmu(t, Options{BusinessErrorsAs400: true}, nil)
	c := newClient(t, e, demo1, pass1)
	e.InjectFault(Fault{Kind: FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"})
	if r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{}); r.status != 400 || r.json(t)["libelle"] != "GDP_MSG_11.022" {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestFaultScopeAndCount(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	e.InjectFault(Fault{Endpoint: "deposer/flux", Kind: FaultStatus, Status: 502, Count: 2})
	for i := range 2 {
		if r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{}); r.status != 502 {
			t.Fatalf("call %d: %d", i, r.status)
		}
		c.call(rattachPath, map[string]any{}) // another endpoint is not affected
	}
	if r := c.post("/cpro/factures/v1/deposer/flux", map[string]any{}); r.status != 400 {
		t.Fatalf("after count exhausted: %d %s", r.status, r.body)
	}
	// Endpoint "" hits every call, the token endpoint included, until cleared.
	e.InjectFault(Fault{Kind: FaultStatus, Status: 500})
	if r := c.tokenForm(url.Values{"grant_type": {"client_credentials"}, "client_id": {SandboxClientID}, "client_secret": {SandboxSecret}}); r.status != 500 {
		t.Fatalf("token under fault: %d", r.status)
	}
	for range 3 {
		if r := c.post(rattachPath, map[string]any{}); r.status != 500 {
			t.Fatalf("every-call fault: %d", r.status)
		}
	}
	e.ClearFaults()
	c.call(rattachPath, map[string]any{})
	if got := e.Requests().Endpoints["/cpro/factures/v1/deposer/flux"]; got != 3 {
		t.Fatalf("faulted calls must be counted too: %d", got)
	}
}

func TestTimeoutFaultHoldsThenReleases(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	e.InjectFault(Fault{Endpoint: "rattachements", Kind: FaultTimeout, Count: 1})
	c.hc = &http.Client{Timeout: 150 * time.Millisecond}
	b, _ := json.Marshal(map[string]any{})
	req, _ := http.NewRequest(http.MethodPost, e.APIURL()+rattachPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("cpro-account", c.account)
	_, err := c.hc.Do(req)
	var ue *url.Error
	if !errors.As(err, &ue) || !ue.Timeout() {
		t.Fatalf("want a client timeout, got %v", err)
	}
	// The hold ends with the client (well before its 30 s bound).
	deadline := time.Now().Add(5 * time.Second)
	for e.held.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("request still held after the client gave up")
		}
		time.Sleep(2 * time.Millisecond)
	}
	// A bounded hold: with RetryAfter as the bound, the server answers 504 after it.
	e.InjectFault(Fault{Endpoint: "rattachements", Kind: FaultTimeout, RetryAfter: 20 * time.Millisecond, Count: 1})
	c.hc = &http.Client{Timeout: 10 * time.Second}
	if r := c.post(rattachPath, map[string]any{}); r.status != http.StatusGatewayTimeout {
		t.Fatalf("bounded hold: %d", r.status)
	}
}

func TestResetFault(t *testing.T) {
	e := startEmu(t, Options{}, nil)
	c := newClient(t, e, demo1, pass1)
	e.InjectFault(Fault{Endpoint: "rattachements", Kind: FaultReset, Count: 1})
	b, _ := json.Marshal(map[string]any{})
	req, _ := http.NewRequest(http.MethodPost, e.APIURL()+rattachPath, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("cpro-account", c.account)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := hc.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("want a connection error, got status %d", resp.StatusCode)
	}
	c.call(rattachPath, map[string]any{})
}

func TestLatencyIsAdded(t *testing.T) {
	e := startEmu(t, Options{Latency: 30 * time.Millisecond}, nil)
	c := newClient(t, e, demo1, pass1)
	for _, d := range []time.Duration{30 * time.Millisecond, 80 * time.Millisecond} {
		e.SetLatency(d)
		start := time.Now()
		c.call(rattachPath, map[string]any{})
		// A lower bound only: the call cannot be faster than the injected latency.
		if el := time.Since(start); el < d {
			t.Fatalf("latency %v, call took %v", d, el)
		}
	}
}

func TestParseFaultSpec(t *testing.T) {
	cases := []struct {
		spec string
		want Fault
		err  bool
	}{
		{"429:retry=2s:count=3", Fault{Kind: Fault429, RetryAfter: 2 * time.Second, Count: 3}, false},
		{"503html", Fault{Kind: FaultHTML503}, false},
		{"html503:endpoint=deposer/flux", Fault{Kind: FaultHTML503, Endpoint: "deposer/flux"}, false},
		{"500:endpoint=deposer/flux:count=1", Fault{Kind: FaultStatus, Status: 500, Endpoint: "deposer/flux", Count: 1}, false},
		{"403", Fault{Kind: FaultStatus, Status: 403}, false},
		{"timeout:retry=5s", Fault{Kind: FaultTimeout, RetryAfter: 5 * time.Second}, false},
		{"reset", Fault{Kind: FaultReset}, false},
		{"malformed:count=2", Fault{Kind: FaultMalformed, Count: 2}, false},
		{"business:code=20001:libelle=GDP_MSG_11.022", Fault{Kind: FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"}, false},
		{"", Fault{}, true},
		{"teapot", Fault{}, true},
		{"999", Fault{}, true},
		{"429:retry=soon", Fault{}, true},
		{"429:count=-1", Fault{}, true},
		{"429:color=red", Fault{}, true},
		{"429:count", Fault{}, true},
	}
	for _, tc := range cases {
		got, err := ParseFaultSpec(tc.spec)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseFaultSpec(%q) = %+v, %v; want %+v (err %v)", tc.spec, got, err, tc.want, tc.err)
		}
	}
}

func TestFaultJSON(t *testing.T) {
	cases := []struct {
		in   string
		want Fault
		err  bool
	}{
		{`{"kind":"429","retryAfter":"1500ms","count":2}`, Fault{Kind: Fault429, RetryAfter: 1500 * time.Millisecond, Count: 2}, false},
		{`{"kind":"429","retryAfter":3}`, Fault{Kind: Fault429, RetryAfter: 3 * time.Second}, false},
		{`{"kind":"status","status":503,"endpoint":"health-check"}`, Fault{Kind: FaultStatus, Status: 503, Endpoint: "health-check"}, false},
		{`{"kind":"status"}`, Fault{}, true},
		{`{"kind":"boom"}`, Fault{}, true},
		{`{"kind":"429","retryAfter":"later"}`, Fault{}, true},
		{`{"kind":"429","retryAfter":true}`, Fault{}, true},
	}
	for _, tc := range cases {
		var f Fault
		err := json.Unmarshal([]byte(tc.in), &f)
		if (err != nil) != tc.err || (!tc.err && f != tc.want) {
			t.Errorf("%s → %+v, %v", tc.in, f, err)
		}
		if err == nil {
			b, _ := json.Marshal(f)
			var back Fault
			if err := json.Unmarshal(b, &back); err != nil || back != f {
				t.Errorf("round trip %s → %s → %+v %v", tc.in, b, back, err)
			}
		}
	}
}

func FuzzParseFaultSpec(f *testing.F) {
	for _, s := range []string{"429:retry=2s:count=3", "503html", "500:endpoint=x", "business:code=1:libelle=y", "timeout", ":::", "=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fl, err := ParseFaultSpec(spec)
		if err == nil && fl.validate() != nil {
			t.Fatalf("accepted an invalid fault %+v", fl)
		}
	})
}

func FuzzFaultJSON(f *testing.F) {
	for _, s := range []string{`{"kind":"429","retryAfter":"2s"}`, `{"kind":"status","status":500}`, `{"retryAfter":1e300,"kind":"timeout"}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fl Fault
		if json.Unmarshal(b, &fl) == nil && fl.validate() != nil {
			t.Fatalf("accepted an invalid fault %+v", fl)
		}
	})
}
