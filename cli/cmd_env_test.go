package cli

import (
	"strings"
	"testing"
)

func TestEnv(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	if got := h.ok("env"); got != "sandbox\n" {
		t.Fatalf("default env %q", got)
	}
	r := h.run("env", "Production")
	if r.code != ExitOK || r.out != "production\n" || !strings.Contains(r.err, "PRODUCTION") {
		t.Fatalf("set production: %+v", r)
	}
	if got := h.ok("env"); got != "production\n" {
		t.Fatalf("env after switch %q", got)
	}
	h.ok("env", "sandbox")
	h.want(ExitUsage, args("env", "qualification"), "sandbox or production")
	h.want(ExitUsage, args("env", "sandbox", "production"), "unexpected")
	audit := h.ok("audit")
	if !strings.Contains(audit, "sandbox → production") || !strings.Contains(audit, "production → sandbox") {
		t.Fatalf("switches not audited:\n%s", audit)
	}
}
