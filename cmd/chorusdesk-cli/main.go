// Command chorusdesk-cli is Chorus Desk's command line without the window: the same cli
// package over the same core as the window program, but built without cgo and without Fyne,
// so it needs no graphics stack (a headless server runs `chorusdesk-cli send`) and, on
// Windows, it is a console program: the shell waits for it, shows what it prints, gets its
// exit code, and Ctrl+C stops it.
//
// On Windows it is installed as chorusdesk.com beside the window program chorusdesk.exe.
// cmd and PowerShell try .com before .exe (the order of PATHEXT), so typing
// `chorusdesk send invoice.pdf` runs this console program, and `chorusdesk` alone (no
// command) starts the window beside it, as on Linux and macOS. On Linux and macOS it is
// installed as chorusdesk-cli; there the window program `chorusdesk` also runs the commands.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"chorusdesk/cli"
	"chorusdesk/i18n"
)

func main() {
	os.Exit(run(os.Args[1:], cli.StdIO(), system{goos: runtime.GOOS, executable: os.Executable, start: startDetached}))
}

// system is what run needs from the machine; tests replace it.
type system struct {
	goos       string
	executable func() (string, error)
	start      func(program string, args []string) error
}

// windowProgram is the window program's file name beside this one on each system.
func windowProgram(goos string) string {
	if goos == "windows" {
		return "chorusdesk.exe"
	}
	return "chorusdesk"
}

// run is the command line, except that no command (only global options such as --data) asks
// for the window: on Windows it starts chorusdesk.exe beside this program with the same
// options and returns at once; elsewhere it says which program has the window.
func run(args []string, io cli.IO, sys system) int {
	if _, window := cli.WindowRequest(args); !window {
		return cli.Run(args, io)
	}
	lang := i18n.FromEnv()
	if sys.goos == "windows" {
		if self, err := sys.executable(); err == nil {
			gui := filepath.Join(filepath.Dir(self), windowProgram(sys.goos))
			if _, err := os.Stat(gui); err == nil {
				if err := sys.start(gui, args); err != nil {
					fmt.Fprintln(io.Err, "chorusdesk:", i18n.T(lang, "pack.cli.window_failed", gui, err))
					return cli.ExitFailed
				}
				return cli.ExitOK
			}
		}
	}
	fmt.Fprintln(io.Err, i18n.T(lang, "pack.cli.no_window", windowProgram(sys.goos)))
	cli.Run([]string{"help"}, io) // lists the commands
	return cli.ExitUsage
}

// startDetached starts the window program without waiting for it: it has no console and the
// shell gets its prompt back, as when the program is started from the Start menu.
func startDetached(program string, args []string) error {
	cmd := exec.Command(program, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}
