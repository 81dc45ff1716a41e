package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/cli"
)

// With no command the console program opens the window on Windows (the program the user
// typed is chorusdesk.com, found before chorusdesk.exe) and explains itself elsewhere.
func TestNoCommandStartsTheWindowOnlyOnWindows(t *testing.T) {
	dir := t.TempDir()
	self := filepath.Join(dir, "chorusdesk.com")
	withGUI := t.TempDir()
	if err := os.WriteFile(filepath.Join(withGUI, "chorusdesk.exe"), []byte("MZ"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		goos      string
		exeDir    string
		args      []string
		startErr  error
		wantCode  int
		wantStart []string // program then args; nil = not started
		wantErr   string
	}{
		{"windows, GUI beside", "windows", withGUI, nil, nil, cli.ExitOK, []string{filepath.Join(withGUI, "chorusdesk.exe")}, ""},
		{"windows, global options passed on", "windows", withGUI, []string{"--data", `C:\d`}, nil, cli.ExitOK, []string{filepath.Join(withGUI, "chorusdesk.exe"), "--data", `C:\d`}, ""},
		{"windows, GUI fails to start", "windows", withGUI, nil, errors.New("denied"), cli.ExitFailed, []string{filepath.Join(withGUI, "chorusdesk.exe")}, "cannot start the window program"},
		{"windows, no GUI beside", "windows", dir, nil, nil, cli.ExitUsage, nil, "The window is the program chorusdesk.exe"},
		{"linux", "linux", withGUI, nil, nil, cli.ExitUsage, nil, "The window is the program chorusdesk."},
		{"darwin", "darwin", withGUI, nil, nil, cli.ExitUsage, nil, "without the window"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var started []string
			sys := system{
				goos:       c.goos,
				executable: func() (string, error) { return filepath.Join(c.exeDir, filepath.Base(self)), nil },
				start: func(p string, a []string) error {
					started = append([]string{p}, a...)
					return c.startErr
				},
			}
			var out, errOut bytes.Buffer
			code := run(c.args, cli.IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, sys)
			if code != c.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, c.wantCode, errOut.String())
			}
			if strings.Join(started, "|") != strings.Join(c.wantStart, "|") {
				t.Fatalf("started %q, want %q", started, c.wantStart)
			}
			if !strings.Contains(errOut.String(), c.wantErr) {
				t.Fatalf("stderr %q lacks %q", errOut.String(), c.wantErr)
			}
			if c.wantStart == nil && !strings.Contains(errOut.String(), "usage: chorusdesk") {
				t.Fatalf("no command list on stderr: %q", errOut.String())
			}
		})
	}
}

// A command runs as in the window program's CLI (same cli package): help exits 0, an unknown
// command 2, and the window is never started.
func TestCommandsRunTheCLI(t *testing.T) {
	sys := system{goos: "windows", executable: func() (string, error) { t.Fatal("looked for the window"); return "", nil },
		start: func(string, []string) error { t.Fatal("started the window"); return nil }}
	for args, want := range map[string]int{"help": cli.ExitOK, "--help": cli.ExitOK, "frobnicate": cli.ExitUsage} {
		var out, errOut bytes.Buffer
		if code := run([]string{args}, cli.IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, sys); code != want {
			t.Errorf("%s: exit %d, want %d", args, code, want)
		}
	}
}

// The console program must build with CGO_ENABLED=0 for every desktop system and carry no
// Fyne (no GL, no X11: a headless server runs it). go list shows the graph each system
// would build; a third-party package with cgo files would need a C toolchain and its
// libraries, which the console program must never need.
func TestImportGraphHasNoFyneAndNoCgo(t *testing.T) {
	goTool, err := exec.LookPath("go") // go test puts its own toolchain first on PATH
	if err != nil {
		t.Skip("go tool not available")
	}
	for _, goos := range []string{"linux", "windows", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			// CGO_ENABLED=1 so that go list reports the cgo files a package would use if it could.
			cmd := exec.Command(goTool, "list", "-e", "-deps", "-f",
				"{{.ImportPath}} {{.Standard}} {{len .CgoFiles}} {{if .Error}}error{{end}}", "chorusdesk/cmd/chorusdesk-cli")
			cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list: %v", err)
			}
			for _, p := range graphProblems(string(out)) {
				t.Error(p)
			}
		})
	}
}

// graphProblems checks go list lines "path standard ncgo [error]".
func graphProblems(list string) []string {
	var p []string
	sawCore := false
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			return append(p, "unexpected go list line "+line)
		}
		path, std, cgoFiles := f[0], f[1] == "true", f[2] != "0"
		switch {
		case len(f) > 3:
			p = append(p, path+" does not load")
		case strings.HasPrefix(path, "fyne.io/") || strings.HasPrefix(path, "github.com/go-gl/"):
			p = append(p, path+" is in the console program's import graph")
		case cgoFiles && !std:
			p = append(p, path+" uses cgo")
		}
		sawCore = sawCore || path == "chorusdesk/core"
	}
	if !sawCore {
		p = append(p, "chorusdesk/core not in the graph: go list output was not read")
	}
	return p
}

// The check above fails on a graph that has Fyne or a cgo package in it.
func TestGraphProblemsFindsFyneAndCgo(t *testing.T) {
	for name, list := range map[string]string{
		"fyne":    "chorusdesk/core false 0\nfyne.io/fyne/v2/app false 0",
		"cgo":     "chorusdesk/core false 0\ngithub.com/example/gl false 2",
		"broken":  "chorusdesk/core false 0\nchorusdesk/x false 0 error",
		"no core": "chorusdesk/cli false 0",
	} {
		if len(graphProblems(list)) == 0 {
			t.Errorf("%s: the check passed", name)
		}
	}
	if p := graphProblems("chorusdesk/core false 0\nnet true 3"); len(p) != 0 {
		t.Errorf("the standard library's optional cgo was refused: %v", p)
	}
}
