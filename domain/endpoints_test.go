package domain

import (
	"strings"
	"testing"
)

func TestParseEnv(t *testing.T) {
	for in, want := range map[string]Env{"sandbox": Sandbox, "SANDBOX": Sandbox, " Production ": Production} {
		if got, err := ParseEnv(in); err != nil || got != want {
			t.Errorf("ParseEnv(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "prod", "qualification", "sandbox2"} {
		_, err := ParseEnv(in)
		if err == nil {
			t.Errorf("ParseEnv(%q) accepted", in)
			continue
		}
		asI18n(t, err)
	}
}

func TestDefaultEndpoints(t *testing.T) {
	want := map[Env]Endpoints{
		Sandbox:    {OAuthURL: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token", APIURL: "https://sandbox-api.piste.gouv.fr"},
		Production: {OAuthURL: "https://oauth.piste.gouv.fr/api/oauth/token", APIURL: "https://api.piste.gouv.fr"},
	}
	for _, e := range Envs {
		got := DefaultEndpoints(e)
		if got != want[e] {
			t.Errorf("%s: %+v", e, got)
		}
		if v, err := ValidateEndpoints(got); err != nil || v != got {
			t.Errorf("%s defaults do not validate: %v", e, err)
		}
	}
}

func TestValidateEndpoints(t *testing.T) {
	okAPI := "https://api.example.test"
	okOAuth := "https://oauth.example.test/api/oauth/token"
	tests := []struct {
		name      string
		in, want  Endpoints
		errSuffix string
	}{
		{name: "https", in: Endpoints{okOAuth, okAPI}, want: Endpoints{okOAuth, okAPI}},
		{name: "trims spaces and API trailing slash, keeps OAuth path",
			in:   Endpoints{" https://o.test/token/ ", " https://a.test/base// "},
			want: Endpoints{"https://o.test/token/", "https://a.test/base"}},
		{name: "highest port", in: Endpoints{"https://o.test:65535/t", okAPI}, want: Endpoints{"https://o.test:65535/t", okAPI}},
		{name: "http on localhost (emulator)", in: Endpoints{"http://localhost:8080/oauth/token", "http://127.0.0.1:8080"},
			want: Endpoints{"http://localhost:8080/oauth/token", "http://127.0.0.1:8080"}},
		{name: "http on IPv6 loopback", in: Endpoints{"http://[::1]:9/t", "http://127.8.0.1"}, want: Endpoints{"http://[::1]:9/t", "http://127.8.0.1"}},
		{name: "proxy with query on token URL", in: Endpoints{okOAuth + "?realm=x", okAPI}, want: Endpoints{okOAuth + "?realm=x", okAPI}},
		{name: "http elsewhere", in: Endpoints{"http://oauth.example.test/t", okAPI}, errSuffix: "oauth.https"},
		{name: "http to a lookalike of localhost", in: Endpoints{okOAuth, "http://localhost.evil.test"}, errSuffix: "api.https"},
		{name: "empty OAuth", in: Endpoints{"  ", okAPI}, errSuffix: "oauth.empty"},
		{name: "empty API", in: Endpoints{okOAuth, ""}, errSuffix: "api.empty"},
		{name: "relative", in: Endpoints{"/api/oauth/token", okAPI}, errSuffix: "oauth.invalid"},
		{name: "no host", in: Endpoints{okOAuth, "https:///x"}, errSuffix: "api.invalid"},
		{name: "ftp", in: Endpoints{"ftp://o.test/t", okAPI}, errSuffix: "oauth.scheme"},
		{name: "opaque", in: Endpoints{"mailto:a@b.test", okAPI}, errSuffix: "oauth.invalid"},
		{name: "user info", in: Endpoints{okOAuth, "https://user:pw@api.test"}, errSuffix: "api.userinfo"},
		{name: "fragment", in: Endpoints{okOAuth + "#x", okAPI}, errSuffix: "oauth.invalid"},
		{name: "API query", in: Endpoints{okOAuth, okAPI + "?a=b"}, errSuffix: "api.query"},
		{name: "port out of range", in: Endpoints{"https://o.test:65536/t", okAPI}, errSuffix: "oauth.invalid"},
		{name: "port zero", in: Endpoints{okOAuth, "http://localhost:0"}, errSuffix: "api.invalid"},
		{name: "space in host", in: Endpoints{"https://o .test/t", okAPI}, errSuffix: "oauth.invalid"},
		{name: "bad escape", in: Endpoints{"https://o.test/%zz", okAPI}, errSuffix: "oauth.invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ValidateEndpoints(tc.in)
			if tc.errSuffix != "" {
				if err == nil {
					t.Fatalf("accepted %+v", got)
				}
				if e := asI18n(t, err); e.Key != "domain.endpoints."+tc.errSuffix {
					t.Fatalf("key %s, want suffix %s", e.Key, tc.errSuffix)
				}
				if strings.Contains(err.Error(), "pw@") {
					t.Fatal("message carries the URL's password")
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func FuzzValidateEndpoints(f *testing.F) {
	f.Add("https://sandbox-oauth.piste.gouv.fr/api/oauth/token", "https://sandbox-api.piste.gouv.fr")
	f.Add("http://localhost:1/t", "http://[::1]:2/")
	f.Add("ftp://x", "https://u:p@h")
	f.Fuzz(func(t *testing.T, oauth, api string) {
		got, err := ValidateEndpoints(Endpoints{OAuthURL: oauth, APIURL: api})
		if err != nil {
			asI18n(t, err)
			return
		}
		again, err := ValidateEndpoints(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %+v → %+v, %v", got, again, err)
		}
		for _, u := range []string{got.OAuthURL, got.APIURL} {
			l := strings.ToLower(u)
			if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
				t.Fatalf("accepted %q", u)
			}
		}
	})
}
