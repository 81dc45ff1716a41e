// Package cli is the command-line face of Chorus Desk. It is a thin layer over package core:
// each command lives in its own file cli/cmd_<name>.go, and commandTable lists them all. It
// imports no Fyne.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"chorusdesk/core"
	"chorusdesk/diagnose"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Exit codes (core.ExitCode decides them).
const (
	ExitOK      = core.ExitOK      // the operation succeeded
	ExitFailed  = core.ExitFailed  // the operation failed (a test step, a transfer)
	ExitUsage   = core.ExitUsage   // usage or validation error
	ExitAuth    = core.ExitAuth    // wrong master password or no vault
	ExitInUse   = core.ExitInUse   // the data directory is used by another instance
	ExitDamaged = core.ExitDamaged // the data directory is damaged (restore a backup)
)

// IO is what a command may touch of the outside world; tests pass buffers and a map.
type IO struct {
	In           io.Reader
	Out, Err     io.Writer
	Getenv       func(string) string
	InIsTerminal bool
	// ReadPassword reads a line without echo (nil = from the terminal on In when it is one).
	ReadPassword func(prompt string) ([]byte, error)
}

// StdIO is the process's real IO.
func StdIO() IO {
	return IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv,
		InIsTerminal: term.IsTerminal(int(os.Stdin.Fd())),
	}
}

// Env is the context handed to a command: IO plus the resolved global options.
type Env struct {
	IO
	DataDir string
	Lang    i18n.Lang
}

// Command is one top-level command (sub-commands such as `company add` are parsed by it).
type Command struct {
	Name    string
	Usage   string // e.g. "company add CODE --name N [--siret S]"; several lines allowed
	Summary string
	Run     func(e *Env, args []string) int
}

// commandTable lists every command, in the order of the help. To add one, write its
// cmd_<name>.go with a func <name>Command() Command (name, usage, summary, run) and add that
// function here, keeping the names in alphabetical order.
func commandTable() []Command {
	return []Command{
		auditCommand(),
		companyCommand(),
		diagnoseCommand(),
		emulatorCommand(),
		endpointsCommand(),
		envCommand(),
		exportCommand(),
		importCommand(),
		initCommand(),
		inspectCommand(),
		listingCommand(),
		passwdCommand(),
		resolveCommand(),
		restoreCommand(),
		retryCommand(),
		sendCommand(),
		setupCommand(),
		statusCommand(),
		testCommand(),
		watchCommand(),
	}
}

// lookup finds a command by name.
func lookup(name string) (Command, bool) {
	for _, c := range commandTable() {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

// CoreOptions is passed to core.Open by every command. Tests set a cheap KDF here; the
// production binary never changes it.
var CoreOptions core.Options

// globalOpts are the options accepted before the command name.
type globalOpts struct {
	dataDir    string
	demo       bool
	background bool // --background: the window's start at login (ignored by commands)
	help       bool
}

// splitGlobal separates the leading global options from the command and its arguments.
func splitGlobal(args []string) (globalOpts, []string, error) {
	var g globalOpts
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--data" || a == "-data":
			if len(args) < 2 {
				return g, nil, errors.New("--data needs a directory")
			}
			g.dataDir, args = args[1], args[2:]
		case strings.HasPrefix(a, "--data="):
			g.dataDir, args = strings.TrimPrefix(a, "--data="), args[1:]
		case a == "--demo":
			g.demo, args = true, args[1:]
		case a == "--background":
			g.background, args = true, args[1:]
		case a == "-h" || a == "--help" || a == "help":
			g.help, args = true, args[1:]
		case strings.HasPrefix(a, "-"):
			return g, nil, fmt.Errorf("unknown global option %s", a)
		default:
			return g, args, nil
		}
	}
	return g, nil, nil
}

// WindowArgs are the global options of a command line that asks for the window.
type WindowArgs struct {
	DataFlag   string // the --data value ("" = not given)
	Demo       bool   // --demo
	Background bool   // --background (the start at login: hidden in the system tray when it can)
}

// WindowRequest reports whether args ask for the window (no command, only global options)
// and with which options: the one parse of the global options for both faces.
func WindowRequest(args []string) (WindowArgs, bool) {
	g, rest, err := splitGlobal(args)
	if err != nil || g.help || len(rest) > 0 {
		return WindowArgs{}, false
	}
	return WindowArgs{DataFlag: g.dataDir, Demo: g.demo, Background: g.background}, true
}

// DataDir resolves the data directory with the core's one rule (core.DataDir).
func DataDir(flagValue string, getenv func(string) string) (string, error) {
	return core.DataDir(flagValue, getenv)
}

// Run runs the command line and returns the process exit code.
func Run(args []string, io IO) int {
	if io.Getenv == nil {
		io.Getenv = func(string) string { return "" }
	}
	e := &Env{IO: io, Lang: i18n.FromEnv()}
	g, rest, err := splitGlobal(args)
	if err != nil {
		fmt.Fprintln(io.Err, "chorusdesk:", err)
		e.printHelp()
		return ExitUsage
	}
	if g.help || len(rest) == 0 {
		e.printHelp()
		if g.help {
			return ExitOK
		}
		return ExitUsage
	}
	c, ok := lookup(rest[0])
	if !ok {
		fmt.Fprintf(io.Err, "chorusdesk: unknown command %q\n", rest[0])
		e.printHelp()
		return ExitUsage
	}
	if e.DataDir, err = DataDir(g.dataDir, io.Getenv); err != nil {
		fmt.Fprintln(io.Err, "chorusdesk:", err)
		return ExitUsage
	}
	return c.Run(e, rest[1:])
}

func (e *Env) printHelp() {
	fmt.Fprintln(e.Err, "usage: chorusdesk [--data DIR] [COMMAND [ARGS]]")
	fmt.Fprintln(e.Err, "With no command, opens the window. Commands:")
	for _, c := range commandTable() {
		fmt.Fprintf(e.Err, "  %-10s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(e.Err, "Master password: CHORUSDESK_PASSWORD, else a prompt. Data: --data or CHORUSDESK_DATA.")
}

// Open opens the data directory (taking the single-instance lock). On failure it prints the
// reason and returns the exit code; the caller must Close the service.
func (e *Env) Open() (*core.Service, int) {
	svc, err := core.Open(e.DataDir, CoreOptions)
	if err != nil {
		return nil, e.Fail(err)
	}
	diagnose.Journal(svc.Dir()) // API exchanges kept for a later `diagnose`
	return svc, ExitOK
}

// OpenUnlocked opens the data directory and unlocks the vault with the master password from
// CHORUSDESK_PASSWORD, else a no-echo prompt, else exits 3.
func (e *Env) OpenUnlocked() (*core.Service, int) {
	svc, code := e.Open()
	if code != ExitOK {
		return nil, code
	}
	if !svc.HasVault() {
		svc.Close()
		return nil, e.Fail(core.ErrNoVault)
	}
	pw, err := e.MasterPassword("CHORUSDESK_PASSWORD", "Master password: ")
	if err != nil {
		svc.Close()
		fmt.Fprintln(e.Err, "chorusdesk:", err)
		return nil, ExitAuth
	}
	defer domain.Wipe(pw)
	if err := svc.Unlock(pw); err != nil {
		svc.Close()
		return nil, e.Fail(err)
	}
	return svc, ExitOK
}

// MasterPassword reads a password from the environment variable varName, else from a no-echo
// prompt when standard input is a terminal.
func (e *Env) MasterPassword(varName, prompt string) ([]byte, error) {
	if v := e.Getenv(varName); v != "" {
		return []byte(v), nil
	}
	if e.ReadPassword != nil {
		return e.ReadPassword(prompt)
	}
	if !e.InIsTerminal {
		return nil, fmt.Errorf("no master password: set %s or run in a terminal", varName)
	}
	fmt.Fprint(e.Err, prompt)
	f, ok := e.In.(*os.File)
	if !ok {
		return nil, fmt.Errorf("no master password: set %s", varName)
	}
	pw, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.Err)
	if err != nil {
		return nil, fmt.Errorf("cannot read the password: %v", err)
	}
	return pw, nil
}

// SecretFromEnvVar returns the value of the environment variable whose NAME was given to flag
// flagName (secrets are never plain flag values). "-" reads one line from standard input.
func (e *Env) SecretFromEnvVar(flagName, varName string) (string, error) {
	if varName == "-" {
		b, err := io.ReadAll(io.LimitReader(e.In, 64<<10))
		if err != nil {
			return "", fmt.Errorf("--%s: cannot read standard input: %v", flagName, err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	v := e.Getenv(varName)
	if v == "" {
		return "", fmt.Errorf("--%s names the environment variable %s, which is not set or empty", flagName, varName)
	}
	return v, nil
}

// Fail prints err in the user's language and returns the exit code it deserves.
func (e *Env) Fail(err error) int {
	fmt.Fprintln(e.Err, "chorusdesk:", i18n.Message(e.Lang, err))
	return ExitCode(err)
}

// ExitCode maps an error to the exit codes (core.ExitCode, the one mapping).
func ExitCode(err error) int { return core.ExitCode(err) }

// UsageError is a usage mistake (exit 2).
type UsageError struct{ Msg string }

func (u *UsageError) Error() string { return u.Msg }

// ExitCode makes core.ExitCode map a usage error to ExitUsage.
func (u *UsageError) ExitCode() int { return ExitUsage }

// Usage prints msg and the command's usage and returns ExitUsage.
func (e *Env) Usage(c Command, msg string) int {
	if msg != "" {
		fmt.Fprintln(e.Err, "chorusdesk:", msg)
	}
	fmt.Fprintln(e.Err, "usage: chorusdesk", c.Usage)
	return ExitUsage
}

// PrintJSON prints v as indented JSON on standard output.
func (e *Env) PrintJSON(v any) {
	enc := json.NewEncoder(e.Out)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// FlagSet returns a flag set that reports errors instead of exiting.
func (e *Env) FlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Err)
	return fs
}

// Parse parses flags that may come before, between or after positional arguments and returns
// the positionals. "--" ends flag parsing.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
