package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ensureDisplay returns the X display to use: $DISPLAY when set, else a private Xvfb that
// stop ends. Xvfb picks a free display number itself and reports it on -displayfd, so no
// number is guessed and no lock file raced.
func ensureDisplay() (display string, stop func(), err error) {
	if d := os.Getenv("DISPLAY"); d != "" {
		return d, func() {}, nil
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return "", nil, fmt.Errorf("DISPLAY is unset and Xvfb is missing (scripts/deps.sh test installs it)")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	if err := cmd.Start(); err != nil {
		w.Close()
		return "", nil, fmt.Errorf("starting Xvfb: %w", err)
	}
	w.Close()
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		n, err := parseDisplayNumber(line)
		if err != nil {
			stop()
			return "", nil, fmt.Errorf("reading the display number of Xvfb: %w", err)
		}
		return ":" + strconv.Itoa(n), stop, nil
	case <-time.After(20 * time.Second):
		stop()
		return "", nil, fmt.Errorf("no display number from Xvfb within 20 s")
	}
}

// parseDisplayNumber reads what Xvfb writes on -displayfd: the display number and a newline.
func parseDisplayNumber(line string) (int, error) {
	s := strings.TrimSpace(line)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		return 0, fmt.Errorf("unexpected display number %q", s)
	}
	return n, nil
}
