package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestAuditRecordsChangesWithoutSecrets(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.fill("ACME", "sandbox", "app-1", "l@acme.fr")
	h.ok("setup", "enable", "ACME")
	h.ok("env", "production")
	h.ok("endpoints", "--env", "sandbox", "--api-url", "https://proxy.example.test")

	out := h.ok("audit", "--json")
	// Decode strictly into the documented shape.
	var entries []struct {
		Time    time.Time `json:"time"`
		Action  string    `json:"action"`
		Company string    `json:"company"`
		Detail  string    `json:"detail"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	var actions []string
	for i, e := range entries {
		actions = append(actions, e.Action)
		if e.Time.IsZero() || (i > 0 && e.Time.Before(entries[i-1].Time)) {
			t.Fatalf("entry %d time %v out of order", i, e.Time)
		}
	}
	got := strings.Join(actions, ",")
	for _, want := range []string{"company-add", "create", "enable", "env", "endpoints"} {
		if !strings.Contains(got, want) {
			t.Fatalf("actions %s lack %s", got, want)
		}
	}
	// h.ok already failed on any planted secret; the text form must be free of them too.
	text := h.ok("audit")
	if !strings.Contains(text, "ACME") || strings.Count(text, "\n") != len(entries) {
		t.Fatalf("text audit (%d entries):\n%s", len(entries), text)
	}
	h.want(ExitUsage, args("audit", "extra"), "unexpected")
}
