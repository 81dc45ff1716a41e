// Package autostart starts Chorus Desk when the user logs in, the way each desktop expects:
// a value of the per-user Run key on Windows, an XDG autostart entry (~/.config/autostart) on
// Linux and the other free desktops, a LaunchAgent (~/Library/LaunchAgents) on macOS. It is
// plain Go with no Fyne: the window's setting calls it, and its tests write into a temporary
// home directory (and a fake Run key) for every OS on any OS.
package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Entry is what starts at login.
type Entry struct {
	Name string   // shown by the desktop: "Chorus Desk"
	ID   string   // reverse-DNS application ID: file names and the LaunchAgent label
	Exec string   // absolute path of the program (Executable)
	Args []string // its arguments, such as --background
}

// Env is where the entry goes: the OS and the user's places. Current() is the running system;
// tests fill it with a temporary home and a fake Run key.
type Env struct {
	GOOS   string              // "windows", "darwin", "linux", …
	Home   string              // the user's home directory
	Getenv func(string) string // XDG_CONFIG_HOME, APPIMAGE (nil = none set)
	RunKey RunKey              // Windows: HKCU\Software\Microsoft\Windows\CurrentVersion\Run
}

// RunKey is the per-user Run key of Windows (one string value per program started at login).
type RunKey interface {
	Get(name string) (value string, found bool, err error)
	Set(name, value string) error
	Delete(name string) error
}

// State is what the system holds for an entry.
type State int

const (
	Off   State = iota // nothing starts at login under this entry's name
	On                 // this very entry (program, arguments) starts at login
	Other              // an entry of this name starts another program or other arguments
)

// ErrUnsupported: this OS has no autostart place we know.
var ErrUnsupported = errors.New("autostart: not supported on this system")

// ErrBadEntry: the entry cannot be written (relative program path, or a character no
// autostart format can carry, such as a newline).
var ErrBadEntry = errors.New("autostart: the program path or an argument cannot be written")

// Current is the running system.
func Current() Env {
	home, _ := os.UserHomeDir()
	return Env{GOOS: runtime.GOOS, Home: home, Getenv: os.Getenv, RunKey: systemRunKey()}
}

func (env Env) getenv(k string) string {
	if env.Getenv == nil {
		return ""
	}
	return env.Getenv(k)
}

// Executable is the path of the program to start at login: os.Executable with its links
// resolved, except inside an AppImage, whose program lives in a mount that disappears when it
// stops: there the AppImage file itself ($APPIMAGE) is started.
func Executable(env Env) (string, error) {
	if env.GOOS == "linux" {
		if p := env.getenv("APPIMAGE"); p != "" && filepath.IsAbs(p) {
			return p, nil
		}
	}
	p, err := os.Executable()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return p, nil
}

// Enable writes e so it starts at login, replacing whatever the entry held.
func Enable(env Env, e Entry) error {
	if err := e.check(); err != nil {
		return err
	}
	switch env.GOOS {
	case "windows":
		if env.RunKey == nil {
			return ErrUnsupported
		}
		return env.RunKey.Set(e.Name, windowsCommandLine(e))
	case "darwin":
		return writeFile(launchAgentPath(env, e), launchAgent(e))
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "illumos", "solaris":
		return writeFile(xdgPath(env, e), desktopEntry(e))
	}
	return ErrUnsupported
}

// Disable removes e's entry; an entry already gone is not an error. It removes the entry of
// e's name even when it starts another program (the user turned the setting off).
func Disable(env Env, e Entry) error {
	switch env.GOOS {
	case "windows":
		if env.RunKey == nil {
			return ErrUnsupported
		}
		return env.RunKey.Delete(e.Name)
	case "darwin":
		return removeFile(launchAgentPath(env, e))
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "illumos", "solaris":
		return removeFile(xdgPath(env, e))
	}
	return ErrUnsupported
}

// Status says whether e starts at login (On), another program or other arguments do under
// its name (Other: an older copy of the program, another data directory), or nothing (Off).
func Status(env Env, e Entry) (State, error) {
	var have, want string
	switch env.GOOS {
	case "windows":
		if env.RunKey == nil {
			return Off, ErrUnsupported
		}
		v, found, err := env.RunKey.Get(e.Name)
		if err != nil || !found {
			return Off, err
		}
		have, want = v, windowsCommandLine(e)
	case "darwin":
		b, err := os.ReadFile(launchAgentPath(env, e))
		if errors.Is(err, os.ErrNotExist) {
			return Off, nil
		} else if err != nil {
			return Off, err
		}
		have, want = string(b), launchAgent(e)
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "illumos", "solaris":
		b, err := os.ReadFile(xdgPath(env, e))
		if errors.Is(err, os.ErrNotExist) {
			return Off, nil
		} else if err != nil {
			return Off, err
		}
		have, want = string(b), desktopEntry(e)
	default:
		return Off, ErrUnsupported
	}
	if have == want {
		return On, nil
	}
	return Other, nil
}

// Place names where the entry lives, for the user guide and diagnostics.
func Place(env Env, e Entry) string {
	switch env.GOOS {
	case "windows":
		return `HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run, value "` + e.Name + `"`
	case "darwin":
		return launchAgentPath(env, e)
	}
	return xdgPath(env, e)
}

func (e Entry) check() error {
	if e.Name == "" || e.ID == "" || !filepath.IsAbs(e.Exec) && !isWindowsAbs(e.Exec) {
		return ErrBadEntry
	}
	for _, s := range append([]string{e.Name, e.ID, e.Exec}, e.Args...) {
		if strings.ContainsAny(s, "\x00\r\n") {
			return ErrBadEntry
		}
	}
	return nil
}

// isWindowsAbs accepts C:\… and \\server\… whatever OS the tests run on.
func isWindowsAbs(p string) bool {
	return len(p) > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') || strings.HasPrefix(p, `\\`)
}

// writeFile replaces path atomically (temporary file, sync, rename), creating its folder.
func writeFile(path, body string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".chorusdesk-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.WriteString(body)
	if err == nil {
		err = f.Chmod(0o644) // read by the session manager or launchd, which refuse writable-by-others files
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
