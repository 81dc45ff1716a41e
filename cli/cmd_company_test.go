package cli

import (
	"strings"
	"testing"
)

func TestCompanyAddListRemove(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "acme", "--name", "  Acme SAS ", "--siret", "732 829 320 00074")
	h.ok("company", "add", "--name", "Beta", "BETA")

	var cs []companyJSON
	h.decode(h.ok("company", "list", "--json"), &cs)
	want := []companyJSON{{Code: "*****", Name: cs[0].Name, Default: true},
		{Code: "ACME", Name: "Acme SAS", SIRET: "73282932000074"}, {Code: "BETA", Name: "Beta"}}
	if len(cs) != len(want) {
		t.Fatalf("list: %+v", cs)
	}
	for i := range want {
		if cs[i] != want[i] {
			t.Fatalf("company %d = %+v, want %+v", i, cs[i], want[i])
		}
	}
	text := h.ok("company", "list")
	if !strings.Contains(text, "ACME") || !strings.Contains(text, "73282932000074") || strings.Index(text, "*****") > strings.Index(text, "ACME") {
		t.Fatalf("text list:\n%s", text)
	}

	h.ok("company", "remove", "beta")
	h.decode(h.ok("company", "list", "--json"), &cs)
	if len(cs) != 2 {
		t.Fatalf("after remove: %+v", cs)
	}
}

func TestCompanyErrors(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	tests := []struct {
		name      string
		args      []string
		code      int
		fragments []string
	}{
		{"duplicate code", args("company", "add", "acme", "--name", "X"), ExitUsage, nil},
		{"duplicate SIRET names the owner", args("company", "add", "B", "--name", "X", "--siret", "73282932000074"), ExitUsage, []string{"ACME"}},
		{"bad SIRET", args("company", "add", "B", "--name", "X", "--siret", "73282932000075"), ExitUsage, []string{"SIRET"}},
		{"bad code", args("company", "add", "A B", "--name", "X"), ExitUsage, []string{"code"}},
		{"missing name", args("company", "add", "B"), ExitUsage, []string{"name"}},
		{"default code", args("company", "add", "*****", "--name", "X"), ExitUsage, nil},
		{"no code", args("company", "add", "--name", "X"), ExitUsage, []string{"usage"}},
		{"unknown flag", args("company", "add", "B", "--nom", "X"), ExitUsage, []string{"usage"}},
		{"remove default", args("company", "remove", "*****"), ExitUsage, []string{"cannot be removed"}},
		{"remove unknown", args("company", "remove", "NOPE"), ExitUsage, []string{"NOPE"}},
		{"unknown sub-command", args("company", "rename", "ACME"), ExitUsage, []string{"rename"}},
		{"no sub-command", args("company"), ExitUsage, []string{"usage"}},
		{"list takes no argument", args("company", "list", "x"), ExitUsage, []string{"unexpected"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h.want(tc.code, tc.args, tc.fragments...)
		})
	}
	var cs []companyJSON
	h.decode(h.ok("company", "list", "--json"), &cs)
	if len(cs) != 2 {
		t.Fatalf("a refused command changed the companies: %+v", cs)
	}
}

func TestCompanyEdit(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.ok("company", "add", "BETA", "--name", "Beta", "--siret", "55208131766522")
	list := func() []companyJSON {
		var cs []companyJSON
		h.decode(h.ok("company", "list", "--json"), &cs)
		return cs
	}
	h.ok("company", "edit", "acme", "--siret", "73282932000074")
	h.ok("company", "edit", "ACME", "--name", "Acme SAS")
	if got := list()[1]; got != (companyJSON{Code: "ACME", Name: "Acme SAS", SIRET: "73282932000074"}) {
		t.Fatalf("after edits: %+v", got)
	}
	h.ok("company", "edit", "ACME", "--siret", "")
	if got := list()[1]; got.SIRET != "" || got.Name != "Acme SAS" {
		t.Fatalf("after removing the SIRET: %+v", got)
	}
	h.want(ExitUsage, args("company", "edit", "ACME", "--siret", "55208131766522"), "BETA")
	h.want(ExitUsage, args("company", "edit", "ACME", "--name", ""), "name")
	h.want(ExitUsage, args("company", "edit", "ACME"), "nothing to change")
	h.want(ExitUsage, args("company", "edit", "*****", "--name", "Renamed"))
	if got := list()[0]; got.Name == "Renamed" {
		t.Fatal("the default company was renamed")
	}
}
