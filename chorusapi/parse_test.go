package chorusapi

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestFlexInt64(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{`12`, 12, true}, {`"12"`, 12, true}, {`" 12 "`, 12, true}, {`""`, 0, true}, {`null`, 0, true},
		{`1.0`, 1, true}, {`-3`, -3, true}, {`"abc"`, 0, false}, {`1.5`, 0, false}, {`true`, 0, false},
		{`"9223372036854775807"`, 9223372036854775807, true},
	} {
		var v FlexInt64
		err := json.Unmarshal([]byte(tc.in), &v)
		if (err == nil) != tc.ok || (tc.ok && int64(v) != tc.want) {
			t.Errorf("%s: got %d, %v", tc.in, v, err)
		}
	}
	b, _ := json.Marshal(struct{ V FlexInt64 }{7})
	if string(b) != `{"V":7}` {
		t.Errorf("encodes as %s, want a number", b)
	}
}

func TestFlexString(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`"73282932000074"`, "73282932000074", true}, {`99999999999999`, "99999999999999", true},
		{`null`, "", true}, {`12.50`, "12.50", true}, {`[1]`, "", false}, {`{}`, "", false},
	} {
		var v FlexString
		err := json.Unmarshal([]byte(tc.in), &v)
		if (err == nil) != tc.ok || (tc.ok && string(v) != tc.want) {
			t.Errorf("%s: got %q, %v", tc.in, v, err)
		}
	}
}

func TestFlexBool(t *testing.T) {
	for in, want := range map[string]bool{`true`: true, `"true"`: true, `"OUI"`: true, `false`: false, `"non"`: false, `null`: false} {
		var v FlexBool
		if err := json.Unmarshal([]byte(in), &v); err != nil || bool(v) != want {
			t.Errorf("%s: %v %v", in, v, err)
		}
	}
	var v FlexBool
	if json.Unmarshal([]byte(`"maybe"`), &v) == nil {
		t.Error("accepted maybe")
	}
}

func TestParseEnvelope(t *testing.T) {
	for _, tc := range []struct {
		body string
		code int
		ok   bool
	}{
		{`{"codeRetour":0,"libelle":"TRA_MSG_00.000"}`, 0, true},
		{`{"codeRetour":"20001","libelle":"GDP_MSG_11.022"}`, 20001, true},
		{`{"codeRetour":20003}`, 20003, true},
		{`<html>503</html>`, 0, false}, {``, 0, false}, {`[]`, 0, false}, {`{"libelle":"x"}`, 0, false},
		{`{"codeRetour":"x"}`, 0, false},
	} {
		env, ok := parseEnvelope([]byte(tc.body))
		if ok != tc.ok || env.CodeRetour != tc.code {
			t.Errorf("%q: %+v %v", tc.body, env, ok)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"": 0, "0": 0, "-5": 0, "3": 3 * time.Second, " 120 ": 2 * time.Minute, "junk": 0,
		"999999999": 24 * time.Hour,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Minute).Format(http.TimeFormat):     0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("%q: %v, want %v", in, got, want)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for n := 1; n <= 10; n++ {
		ceil := min(100*time.Millisecond<<(n-1), time.Second)
		for range 200 {
			if d := p.backoff(n, 0); d < 0 || d > ceil {
				t.Fatalf("attempt %d: %v outside [0,%v]", n, d, ceil)
			}
		}
		if d := p.backoff(n, 3*time.Second); d != 3*time.Second {
			t.Fatalf("Retry-After not honoured: %v", d)
		}
	}
	// Full jitter spreads the waits: 200 draws must not all be equal.
	seen := map[time.Duration]bool{}
	for range 200 {
		seen[p.backoff(4, 0)] = true
	}
	if len(seen) < 10 {
		t.Errorf("no jitter: %d distinct waits", len(seen))
	}
}

func TestIsExpiredToken(t *testing.T) {
	for v, want := range map[string]bool{
		`Bearer realm="PISTE", error="invalid_token"`:                                                true,
		`Bearer error="invalid_token", error_description="The access token expired"`:                 true,
		`Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"`: false,
		``: false,
	} {
		h := http.Header{}
		if v != "" {
			h.Set("WWW-Authenticate", v)
		}
		if got := isExpiredToken(h); got != want {
			t.Errorf("%q: %v", v, got)
		}
	}
}

func FuzzFlexInt64(f *testing.F) {
	for _, s := range []string{`12`, `"12"`, `1.0`, `null`, `"x"`, `1e3`, `"-0"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v FlexInt64
		if json.Unmarshal([]byte(s), &v) == nil {
			b, err := json.Marshal(v)
			var back FlexInt64
			if err != nil || json.Unmarshal(b, &back) != nil || back != v {
				t.Fatalf("%q → %d does not round-trip", s, v)
			}
		}
	})
}

func FuzzFlexString(f *testing.F) {
	for _, s := range []string{`"a"`, `99999999999999`, `null`, `[1]`, `1e400`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v FlexString
		_ = json.Unmarshal([]byte(s), &v)
	})
}

func FuzzParseEnvelope(f *testing.F) {
	for _, s := range []string{`{"codeRetour":0,"libelle":"ok"}`, `{"codeRetour":"1"}`, `<html>`, `{"codeRetour":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		env, ok := parseEnvelope(b)
		if !ok && env.CodeRetour != 0 {
			t.Fatal("code without envelope")
		}
		// Whatever the body, classifying it must not panic and must give a known kind.
		e := statusError("/x", 400, http.Header{}, b)
		if e.Kind != KindBusiness && e.Kind != KindBadRequest {
			t.Fatalf("kind %s", e.Kind)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"3", "Wed, 21 Oct 2015 07:28:00 GMT", "", "-1", "99999999999999999999"} {
		f.Add(s)
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, s string) {
		if d := parseRetryAfter(s, now); d < 0 || d > 24*time.Hour {
			t.Fatalf("%q → %v", s, d)
		}
	})
}

// FuzzDecodeAnswer feeds any 2xx body to the decoder of every response type: it must give
// either a value or a server/business error, never a panic or another kind.
func FuzzDecodeAnswer(f *testing.F) {
	for _, s := range []string{`{"codeRetour":0,"libelle":"ok","listeFactures":[{"identifiantFactureCPP":"12"}]}`,
		`{"codeRetour":0,"parametresRetour":{"pages":"3"}}`, `{"codeRetour":20001,"libelle":"x"}`, `<html>`, `{}`,
		`{"codeRetour":0,"informationGenerales":{"idStructureCPP":1.5}}`} {
		f.Add([]byte(s))
	}
	outs := []func() any{
		func() any { return &rattachementsResponse{} }, func() any { return &rechercherFournisseurResponse{} },
		func() any { return &StructureDetail{} }, func() any { return &CRDetaille{} }, func() any { return &Historique{} },
		func() any { return &DeposerFluxResponse{} }, func() any { return &HealthCheckResponse{} },
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, mk := range outs {
			for _, env := range []bool{true, false} {
				e := decode(call{path: "/x", idempotent: true}, b, mk(), env)
				if e != nil && e.Kind != KindServer && e.Kind != KindBusiness {
					t.Fatalf("kind %s", e.Kind)
				}
			}
		}
	})
}
