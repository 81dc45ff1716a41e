package cli

import (
	"bytes"
	"sort"
	"strings"
	"testing"
)

// The command table is the one list of commands: each has a name once, a usage, a summary
// and a Run; the names are in the help's alphabetical order; the help shows every one and the
// dispatcher finds every one.
func TestCommandTable(t *testing.T) {
	cmds := commandTable()
	var names []string
	seen := map[string]bool{}
	for _, c := range cmds {
		if c.Name == "" || c.Usage == "" || c.Summary == "" || c.Run == nil {
			t.Errorf("command %q is incomplete", c.Name)
		}
		if seen[c.Name] {
			t.Errorf("command %q listed twice", c.Name)
		}
		seen[c.Name] = true
		names = append(names, c.Name)
		if got, ok := lookup(c.Name); !ok || got.Name != c.Name {
			t.Errorf("lookup(%q) does not find it", c.Name)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("commands not in alphabetical order: %v", names)
	}
	var errOut bytes.Buffer
	if code := Run([]string{"--help"}, IO{Out: &bytes.Buffer{}, Err: &errOut}); code != ExitOK {
		t.Fatalf("--help exit code %d", code)
	}
	for _, n := range names {
		if !strings.Contains(errOut.String(), "  "+n+" ") {
			t.Errorf("help does not list %q", n)
		}
	}
	if _, ok := lookup("nope"); ok {
		t.Error("lookup found an unknown command")
	}
}
