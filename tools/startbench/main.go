// Command startbench measures the two performance targets that only a real window shows: the
// time from exec to a visible window, and the memory after unlock with 200 companies, each
// against the bare Fyne window of tools/barewindow built with the same flags. It prints them
// as `go test -bench` lines under `pkg: chorusdesk/app`, so tools/benchtable and benchstat
// read them like any other benchmark. scripts/bench.sh runs it; it needs xdotool, and Xvfb
// when DISPLAY is unset.
package main

import (
	"chorusdesk/storage"

	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

type config struct {
	runs      int
	companies int
	items     int
	settle    time.Duration
	timeout   time.Duration
	build     bool
	app, bare string
}

func main() {
	var c config
	flag.IntVar(&c.runs, "n", 5, "runs of each binary; the median is reported")
	flag.IntVar(&c.companies, "companies", 200, "companies in the vault unlocked for the memory figure")
	flag.IntVar(&c.items, "items", 25000, "outbox items (a year of invoices) of the second memory figure; 0 = skip it")
	flag.DurationVar(&c.settle, "settle", 2*time.Second, "wait after the window is up before reading the memory")
	flag.DurationVar(&c.timeout, "timeout", 60*time.Second, "longest wait for a window")
	flag.BoolVar(&c.build, "build", true, "build both binaries first (same flags)")
	flag.StringVar(&c.app, "app", "bin/chorusdesk", "Chorus Desk binary")
	flag.StringVar(&c.bare, "bare", "bin/barewindow", "bare Fyne window binary")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "startbench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if c.runs < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	if _, err := exec.LookPath("xdotool"); err != nil {
		return fmt.Errorf("xdotool is missing (scripts/deps.sh test installs it)")
	}
	if c.build {
		if err := buildBinaries(c.app, c.bare); err != nil {
			return err
		}
	}
	display, stopX, err := ensureDisplay()
	if err != nil {
		return err
	}
	defer stopX()

	work, err := os.MkdirTemp("", "startbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	fmt.Fprintf(os.Stderr, "startbench: preparing a vault with %d companies (production KDF)\n", c.companies)
	tpl := templates{plain: filepath.Join(work, "template")}
	if tpl.password, err = prepareDataDir(tpl.plain, c.companies, 0); err != nil {
		return err
	}
	if c.items > 0 {
		fmt.Fprintf(os.Stderr, "startbench: preparing a vault with %d companies and %d outbox items\n", c.companies, c.items)
		tpl.items = filepath.Join(work, "template-items")
		if tpl.itemsPassword, err = prepareDataDir(tpl.items, c.companies, c.items); err != nil {
			return err
		}
		// Written in bulk, the year leaves compactions pending that a desk's year of small
		// writes does not: settled once here, not met again at every run's start.
		if err := storage.Settle(tpl.items); err != nil {
			return err
		}
	}
	env := baseEnv(display, filepath.Join(work, "home"))
	r, err := measureAll(c, env, tpl, work)
	if err != nil {
		return err
	}
	printResults(os.Stdout, r)
	return nil
}

// templates are the data directories each run starts from (copied): the vault with its
// companies, and the same with a year of outbox items ("" when not measured).
type templates struct {
	plain, password      string
	items, itemsPassword string
}

// buildBinaries builds Chorus Desk and the bare window with the same flags as `make build`, so
// the ratios compare like with like.
func buildBinaries(app, bare string) error {
	for _, b := range []struct{ out, pkg string }{{app, "."}, {bare, "./tools/barewindow"}} {
		fmt.Fprintf(os.Stderr, "startbench: go build -o %s %s\n", b.out, b.pkg)
		cmd := exec.Command("go", "build", "-ldflags", "-s -w", "-o", b.out, b.pkg)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building %s: %w", b.pkg, err)
		}
	}
	return nil
}
