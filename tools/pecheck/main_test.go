package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPrintsAVerdictPerFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	toml := write("FyneApp.toml", []byte("[Details]\nVersion = \"0.1.0\"\nBuild = 1\n"))
	good := write("good.exe", goodPE().bytes())
	console := goodPE()
	console.subsystem = 3
	bad := write("console.exe", console.bytes())
	notPE := write("linux.bin", []byte("\x7fELF\x02\x01\x01"))

	cases := []struct {
		name  string
		args  []string
		code  int
		lines []string // prefixes of stdout lines, in order
	}{
		{"good", []string{"-toml", toml, good}, 0, []string{"ok   " + good + ": PE amd64 executable, GUI subsystem (2), 7 icon image(s) [16 24 32 48 64 128 256] px, manifest: Windows 10/11, DPI permonitorv2,system, version 0.1.0.1"}},
		{"one bad of two", []string{"-toml", toml, good, bad}, 1, []string{"ok   " + good, "FAIL " + bad + ": subsystem is console"}},
		{"console program", []string{"-toml", toml, "-subsystem", "console", bad}, 0, []string{"ok   " + bad + ": PE amd64 executable, console subsystem (3)"}},
		{"window given as the console program", []string{"-toml", toml, "-subsystem", "console", good}, 1, []string{"FAIL " + good + ": subsystem is GUI, want console"}},
		{"fewer sizes asked", []string{"-toml", toml, "-icons", "16,256", good}, 0, []string{"ok   " + good}},
		{"bad subsystem flag", []string{"-toml", toml, "-subsystem", "posix", good}, 2, nil},
		{"bad icons flag", []string{"-toml", toml, "-icons", "16,x", good}, 2, nil},
		{"not a PE", []string{"-toml", toml, notPE}, 1, []string{"FAIL " + notPE + ": not a PE file"}},
		{"missing file", []string{"-toml", toml, filepath.Join(dir, "nope.exe")}, 1, []string{"FAIL "}},
		{"no file", []string{"-toml", toml}, 2, nil},
		{"missing toml", []string{"-toml", filepath.Join(dir, "none.toml"), good}, 2, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(c.args, &out, &errOut)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, c.code, out.String(), errOut.String())
			}
			got := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(c.lines) == 0 {
				if out.Len() != 0 || errOut.Len() == 0 {
					t.Fatalf("want only a usage message on stderr; stdout %q stderr %q", out.String(), errOut.String())
				}
				return
			}
			if len(got) != len(c.lines) {
				t.Fatalf("stdout lines %q, want %d", got, len(c.lines))
			}
			for i, prefix := range c.lines {
				if !strings.HasPrefix(got[i], prefix) {
					t.Errorf("line %d = %q, want prefix %q", i, got[i], prefix)
				}
			}
		})
	}
}
