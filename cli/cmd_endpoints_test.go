package cli

import (
	"testing"

	"chorusdesk/domain"
)

func TestEndpoints(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	var both []endpointsJSON
	h.decode(h.ok("endpoints", "--json"), &both)
	if len(both) != 2 {
		t.Fatalf("show both: %+v", both)
	}
	for i, env := range domain.Envs {
		d := domain.DefaultEndpoints(env)
		if both[i] != (endpointsJSON{Env: env, OAuthURL: d.OAuthURL, APIURL: d.APIURL, Default: true}) {
			t.Fatalf("defaults: %+v", both[i])
		}
	}

	h.ok("endpoints", "--env", "sandbox", "--oauth-url", "http://127.0.0.1:8089/api/oauth/token", "--api-url", "http://127.0.0.1:8089/")
	var one endpointsJSON
	h.decode(h.ok("endpoints", "--env", "sandbox", "--json"), &one)
	if one != (endpointsJSON{Env: "sandbox", OAuthURL: "http://127.0.0.1:8089/api/oauth/token", APIURL: "http://127.0.0.1:8089"}) {
		t.Fatalf("after set: %+v", one)
	}
	// Changing one URL keeps the other.
	h.ok("endpoints", "--env", "sandbox", "--api-url", "https://proxy.example.test")
	h.decode(h.ok("endpoints", "--env", "sandbox", "--json"), &one)
	if one.OAuthURL != "http://127.0.0.1:8089/api/oauth/token" || one.APIURL != "https://proxy.example.test" {
		t.Fatalf("merge: %+v", one)
	}
	h.decode(h.ok("endpoints", "--env", "production", "--json"), &one)
	if !one.Default {
		t.Fatal("production changed too")
	}

	h.want(ExitUsage, args("endpoints", "--env", "sandbox", "--api-url", "http://proxy.example.test"), "https")
	h.want(ExitUsage, args("endpoints", "--oauth-url", "https://x.test/t"), "--env")
	h.want(ExitUsage, args("endpoints", "--env", "sandbox", "--reset", "--api-url", "https://x.test"), "--reset")
	h.want(ExitUsage, args("endpoints", "--env", "staging"), "sandbox or production")

	h.ok("endpoints", "--env", "sandbox", "--reset")
	h.decode(h.ok("endpoints", "--env", "sandbox", "--json"), &one)
	if !one.Default {
		t.Fatalf("reset: %+v", one)
	}
}
