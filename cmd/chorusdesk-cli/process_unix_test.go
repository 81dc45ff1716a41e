//go:build unix

package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The built console program, as a user runs it: it prints, returns the command's exit code,
// and Ctrl+C (SIGINT; os.Interrupt is also what a Windows console's Ctrl+C delivers) stops a
// long-running command cleanly with exit 0. Unix only: a test cannot send a console Ctrl+C
// to a child on Windows.
func TestBuiltProgramExitCodesAndInterrupt(t *testing.T) {
	bin := buildCLI(t)
	data := filepath.Join(t.TempDir(), "data")
	env := append(os.Environ(), "LANG=en_US.UTF-8", "CHORUSDESK_PASSWORD=process test password 42")

	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"help"}, 0},
		{[]string{"frobnicate"}, 2},
		{[]string{"--data", data, "company", "list"}, 3}, // no vault yet
		{[]string{"--data", data, "init"}, 0},
	} {
		cmd := exec.Command(bin, c.args...)
		cmd.Env = env
		out, _ := cmd.CombinedOutput()
		if got := cmd.ProcessState.ExitCode(); got != c.code {
			t.Fatalf("%v: exit %d, want %d: %s", c.args, got, c.code, out)
		}
	}

	inbox := t.TempDir()
	for _, c := range []struct {
		name  string
		args  []string
		ready string // a line printed once the command waits for work
	}{
		{"emulator", []string{"emulator", "--addr", "127.0.0.1:0", "--env", "sandbox"}, "CHORUS_EMULATOR"},
		{"watch", []string{"--data", data, "watch", inbox}, "Ctrl+C to stop"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			cmd.Env = env
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = cmd.Stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			ready := make(chan error, 1)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					if strings.Contains(sc.Text(), c.ready) {
						ready <- nil
						_, _ = io.Copy(io.Discard, stdout)
						return
					}
				}
				ready <- errors.New("ended before printing " + c.ready)
			}()
			select {
			case err := <-ready:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatalf("%s never printed %q", c.name, c.ready)
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("after Ctrl+C: %v (want exit 0)", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("%s still running 30 s after Ctrl+C", c.name)
			}
		})
	}
}

// buildCLI builds the console program as shipped (CGO_ENABLED=0) into a temporary folder.
func buildCLI(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "chorusdesk-cli")
	goTool, err := exec.LookPath("go") // go test puts its own toolchain first on PATH
	if err != nil {
		t.Skip("go tool not available")
	}
	cmd := exec.Command(goTool, "build", "-trimpath", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
