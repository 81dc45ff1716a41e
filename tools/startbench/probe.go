package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Window titles the probe waits for. The bare window's is tools/barewindow's Title; Chorus
// Desk shows "Chorus Desk" while locked and "Chorus Desk — <environment>" once unlocked.
// xdotool's regular expressions do not match the em dash (the title reaches it re-encoded),
// so the unlocked pattern asks for any character after "Chorus Desk ".
const (
	bareTitle     = "^Bare Fyne$"
	lockedTitle   = "^Chorus Desk"
	unlockedTitle = "^Chorus Desk ."
)

// pollEvery is how often the probe asks the X server for the window: fine against a ~0.5 s
// start, and the same cost for both binaries.
const pollEvery = 10 * time.Millisecond

// results are the raw samples of all runs.
type results struct {
	companies, items                 int
	bareStart, appStart, appUnlocked []time.Duration
	bareRSS, appRSS                  []int64
	appLockedRSS                     []int64 // the locked window: what unlocking adds shows apart
	itemsRSS                         []int64 // unlocked with a year of outbox items
	itemsUnlocked                    []time.Duration
}

// measureAll interleaves the runs (bare, Chorus Desk locked, Chorus Desk unlocked) so a slow
// moment of the shared machine hits all three alike.
func measureAll(c config, env []string, tpl templates, work string) (results, error) {
	r := results{companies: c.companies}
	template := tpl.plain
	unlockEnv := append(append([]string(nil), env...), "CHORUSDESK_PASSWORD="+tpl.password)
	itemsEnv := append(append([]string(nil), env...), "CHORUSDESK_PASSWORD="+tpl.itemsPassword)
	if tpl.items != "" {
		r.items = c.items
	}
	// One unmeasured start of each: the first Fyne program to run builds the system font
	// index in the (shared, private) HOME, a cost neither binary pays again.
	if _, _, err := launch(c.bare, nil, env, bareTitle, 0, c.timeout); err != nil {
		return r, fmt.Errorf("bare window, warm-up: %w", err)
	}
	warm := filepath.Join(work, "warm-up")
	if err := copyDir(template, warm); err != nil {
		return r, err
	}
	if _, _, err := launch(c.app, []string{"--data", warm}, env, lockedTitle, 0, c.timeout); err != nil {
		return r, fmt.Errorf("chorusdesk, warm-up: %w", err)
	}
	for i := 0; i < c.runs; i++ {
		start, rss, err := launch(c.bare, nil, env, bareTitle, c.settle, c.timeout)
		if err != nil {
			return r, fmt.Errorf("bare window, run %d: %w", i+1, err)
		}
		r.bareStart, r.bareRSS = append(r.bareStart, start), append(r.bareRSS, rss)

		dir := filepath.Join(work, fmt.Sprintf("locked-%d", i))
		if err := copyDir(template, dir); err != nil {
			return r, err
		}
		start, rss, err = launch(c.app, []string{"--data", dir}, env, lockedTitle, c.settle, c.timeout)
		if err != nil {
			return r, fmt.Errorf("chorusdesk, run %d: %w", i+1, err)
		}
		r.appStart, r.appLockedRSS = append(r.appStart, start), append(r.appLockedRSS, rss)

		dir = filepath.Join(work, fmt.Sprintf("unlocked-%d", i))
		if err := copyDir(template, dir); err != nil {
			return r, err
		}
		start, rss, err = launch(c.app, []string{"--data", dir}, unlockEnv, unlockedTitle, c.settle, c.timeout)
		if err != nil {
			return r, fmt.Errorf("chorusdesk unlocked, run %d: %w", i+1, err)
		}
		r.appUnlocked, r.appRSS = append(r.appUnlocked, start), append(r.appRSS, rss)
		if tpl.items != "" {
			dir = filepath.Join(work, fmt.Sprintf("items-%d", i))
			if err := copyDir(tpl.items, dir); err != nil {
				return r, err
			}
			start, rss, err = launch(c.app, []string{"--data", dir}, itemsEnv, unlockedTitle, c.settle, c.timeout)
			if err != nil {
				return r, fmt.Errorf("chorusdesk unlocked with %d items, run %d: %w", c.items, i+1, err)
			}
			r.itemsUnlocked, r.itemsRSS = append(r.itemsUnlocked, start), append(r.itemsRSS, rss)
			fmt.Fprintf(os.Stderr, "startbench: run %d: unlocked with %d items %v %d MiB\n", i+1, c.items,
				start.Round(time.Millisecond), rss2MiB(rss))
		}
		fmt.Fprintf(os.Stderr, "startbench: run %d: bare %v %d MiB, chorusdesk %v %d MiB, unlocked %v %d MiB\n",
			i+1, r.bareStart[i].Round(time.Millisecond), rss2MiB(r.bareRSS[i]),
			r.appStart[i].Round(time.Millisecond), rss2MiB(r.appLockedRSS[i]),
			r.appUnlocked[i].Round(time.Millisecond), rss2MiB(r.appRSS[i]))
	}
	return r, nil
}

func rss2MiB(b int64) int64 { return b >> 20 }

// displayRetries bounds the restarts of a child that could not connect to the X server:
// under load Xvfb now and then refuses a connection ("Failed to open display"), which says
// nothing about the program measured. Any other failure ends the benchmark.
const displayRetries = 2

// launch runs launchOnce, again when the child could not open the display.
func launch(bin string, args, env []string, title string, settle, timeout time.Duration) (time.Duration, int64, error) {
	for attempt := 0; ; attempt++ {
		d, rss, err := startOnce(bin, args, env, title, settle, timeout)
		if err == nil || attempt >= displayRetries || !strings.Contains(err.Error(), "Failed to open display") {
			return d, rss, err
		}
		fmt.Fprintf(os.Stderr, "startbench: %s could not open the display; run again\n", filepath.Base(bin))
	}
}

// startOnce is launchOnce; tests replace it.
var startOnce = launchOnce

// launchOnce starts bin, waits until a visible window whose title matches title exists, and
// returns the time since exec; with settle > 0 it then waits settle and reads the resident
// memory. The process is killed before returning.
func launchOnce(bin string, args, env []string, title string, settle, timeout time.Duration) (time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var logs tail
	cmd.Stdout, cmd.Stderr = &logs, &logs
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	deadline := t0.Add(timeout)
	for !windowVisible(env, title) {
		select {
		case err := <-exited:
			exited <- err // for the deferred wait
			return 0, 0, fmt.Errorf("exited before its window showed (%v): %s", err, logs.String())
		case <-time.After(pollEvery):
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("no window titled %q within %v: %s", title, timeout, logs.String())
		}
	}
	elapsed := time.Since(t0)
	if settle <= 0 {
		return elapsed, 0, nil
	}
	select {
	case err := <-exited:
		exited <- err
		return 0, 0, fmt.Errorf("exited while settling (%v): %s", err, logs.String())
	case <-time.After(settle):
	}
	rss, err := readRSS(cmd.Process.Pid)
	return elapsed, rss, err
}

// windowVisible asks the X server whether a mapped window matches title.
func windowVisible(env []string, title string) bool {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", title)
	cmd.Env = env
	return cmd.Run() == nil // exit 1: no such window
}

// readRSS is the process's resident set size in bytes, from /proc/PID/status.
func readRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return parseVmRSS(f)
}

// parseVmRSS finds the "VmRSS:   1234 kB" line of a /proc/PID/status file.
func parseVmRSS(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || kb < 0 || kb > 1<<40 {
			return 0, fmt.Errorf("unexpected VmRSS value %q", f[0])
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmRSS line")
}

// tail keeps the first and the last bytes a child wrote (a panic's message and the end of
// its trace), to explain a failure.
type tail struct {
	head []byte
	buf  bytes.Buffer
}

const tailMax = 2048

func (t *tail) Write(p []byte) (int, error) {
	n := len(p)
	if room := tailMax/2 - len(t.head); room > 0 {
		k := min(room, len(p))
		t.head = append(t.head, p[:k]...)
		p = p[k:]
	}
	t.buf.Write(p)
	if t.buf.Len() > 4*tailMax {
		b := append([]byte(nil), t.buf.Bytes()[t.buf.Len()-tailMax:]...)
		t.buf.Reset()
		t.buf.Write(b)
	}
	return n, nil
}

func (t *tail) String() string {
	b := t.buf.Bytes()
	sep := ""
	if len(b) > tailMax {
		b, sep = b[len(b)-tailMax:], "\n[...]\n"
	}
	return strings.TrimSpace(string(t.head) + sep + string(b))
}

// baseEnv is the children's environment: ours without anything that would change what is
// measured (a data dir, a password, a language or scale preference), a private HOME so the
// Fyne preferences of both programs start empty, and the display.
func baseEnv(display, home string) []string {
	os.MkdirAll(home, 0o700)
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "DISPLAY", k == "HOME", k == "LANG", k == "XDG_CONFIG_HOME", k == "XDG_CACHE_HOME",
			strings.HasPrefix(k, "CHORUSDESK_"), strings.HasPrefix(k, "FYNE_"), strings.HasPrefix(k, "LC_"):
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+display, "HOME="+home, "LANG=en_US.UTF-8", "FYNE_SCALE=1", "FYNE_THEME=light")
}
