package cli

import (
	"bytes"
	"chorusdesk/internal/plainwords"
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

// The window is asked for by global options alone; their one parse gives it --data and --demo.
func TestWindowRequest(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
		want WindowArgs
	}{
		{nil, true, WindowArgs{}},
		{[]string{"--data", "/a"}, true, WindowArgs{DataFlag: "/a"}},
		{[]string{"--data=rel/dir", "--demo"}, true, WindowArgs{DataFlag: "rel/dir", Demo: true}},
		{[]string{"-data", "/b"}, true, WindowArgs{DataFlag: "/b"}},
		{[]string{"--background", "--data", "/c"}, true, WindowArgs{DataFlag: "/c", Background: true}},
		{[]string{"--data"}, false, WindowArgs{}},
		{[]string{"--help"}, false, WindowArgs{}},
		{[]string{"status"}, false, WindowArgs{}},
		{[]string{"--data", "/a", "status"}, false, WindowArgs{}},
		{[]string{"--bogus"}, false, WindowArgs{}},
	} {
		got, ok := WindowRequest(tc.args)
		if ok != tc.ok || got != tc.want {
			t.Errorf("WindowRequest(%q) = %+v, %v; want %+v, %v", tc.args, got, ok, tc.want, tc.ok)
		}
	}
}

// TestHelpHasNoDeveloperWords: the help of the program and of every command speaks to its
// user: no section signs, hash names, business-term codes, Go durations (1h0m0s) or "kept
// copy".
func TestHelpHasNoDeveloperWords(t *testing.T) {
	helps := [][]string{{"--help"}}
	for _, c := range commandTable() {
		helps = append(helps, []string{c.Name, "--help"})
	}
	for _, args := range helps {
		var out, errOut bytes.Buffer
		Run(args, IO{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
		text := out.String() + errOut.String()
		if text == "" {
			t.Errorf("%v: no help printed", args)
		}
		if m := plainwords.DeveloperWords.FindString(text); m != "" {
			t.Errorf("%v: help shows %q:\n%s", args, m, text)
		}
	}
}
