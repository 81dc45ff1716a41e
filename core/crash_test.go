package core

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
)

// The crash test re-runs this test binary as a child that saves and moves setups in a loop,
// printing "BEGIN <op>" before and "ACK <n> <op>" after each committed write. The parent
// SIGKILLs it at a random moment, reopens the data directory and checks that the state on
// disk is exactly the acknowledged one, or that plus the one operation in flight: every ACKed
// write is there, and no setup is lost or duplicated.
const (
	crashDirEnv   = "CHORUSDESK_CORE_CRASH_DIR"
	crashSeedEnv  = "CHORUSDESK_CORE_CRASH_SEED"
	crashRounds   = 60
	crashMaxDelay = 40 * time.Millisecond
)

var crashCodes = []string{domain.DefaultCode, "C0", "C1", "C2", "C3", "C4"}

// crashSetup is the setup written by save operation k; every value is unique to k.
func crashSetup(k string) domain.Setup {
	return domain.Setup{Enabled: true, Tag: "T" + k, Sandbox: creds(k), Production: creds(k + "-p")}
}

func TestCrashDuringSavesAndMoves(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("crash test spawns child processes")
	}
	dir := t.TempDir()
	s, err := Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	for _, c := range crashCodes[1:] {
		mustAdd(t, s, c)
	}
	model := diskState(t, s)
	_ = s.Close()

	rng := rand.New(rand.NewPCG(20260102, 7))
	var acked, inFlight, committedInFlight int
	for round := range crashRounds {
		lines, pending := runCrashChild(t, dir, round, time.Duration(rng.Int64N(int64(crashMaxDelay))))
		for _, op := range lines {
			applyCrashOp(model, op)
		}
		acked += len(lines)
		s, err := Open(dir, Options{KDF: cheapKDF})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := s.Unlock([]byte(testPassword)); err != nil {
			t.Fatalf("round %d: unlock after kill: %v", round, err)
		}
		disk := diskState(t, s)
		_ = s.Close()
		checkOneCopy(t, round, disk)
		switch {
		case sameSetups(disk, model):
		case pending != "" && sameSetups(disk, applied(model, pending)):
			model = disk
			committedInFlight++
		default:
			t.Fatalf("round %d: disk state is neither the acknowledged state nor it plus %q", round, pending)
		}
		if pending != "" {
			inFlight++
		}
	}
	t.Logf("%d rounds, %d acknowledged writes, killed %d times mid-write (%d of those had committed)",
		crashRounds, acked, inFlight, committedInFlight)
	if acked == 0 || inFlight == 0 {
		t.Fatal("the kills never landed during writes: the test proved nothing")
	}
}

// runCrashChild starts the child, kills it delay after it is ready and returns the
// acknowledged operations and the one begun but not acknowledged ("" if none).
func runCrashChild(t *testing.T, dir string, round int, delay time.Duration) (acked []string, pending string) {
	t.Helper()
	env := []string{crashDirEnv + "=" + dir, crashSeedEnv + "=" + strconv.Itoa(round)}
	runKilledChild(t, "TestCrashDuringSavesAndMoves", env, round, delay, func(line string) {
		switch {
		case strings.HasPrefix(line, "BEGIN "):
			pending = strings.TrimPrefix(line, "BEGIN ")
		case strings.HasPrefix(line, "ACK "):
			f := strings.SplitN(line, " ", 3)
			if len(f) != 3 || f[2] != pending || f[1] != strconv.Itoa(len(acked)) {
				t.Fatalf("round %d: unexpected %q after BEGIN %q", round, line, pending)
			}
			acked, pending = append(acked, pending), ""
		}
	})
	return acked, pending
}

// runKilledChild re-runs this test binary as a child executing test (with env added), SIGKILLs
// it delay after it prints READY, and hands every other line of its output to onLine. A
// "FAIL ..." line, or a child that ends before READY, fails the test.
func runKilledChild(t *testing.T, test string, env []string, round int, delay time.Duration, onLine func(string)) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	ready := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "READY" && !ready:
			ready = true
			time.AfterFunc(delay, func() { _ = cmd.Process.Kill() }) // SIGKILL on Unix
		case strings.HasPrefix(line, "FAIL "):
			t.Fatalf("round %d: child: %s", round, line)
		default:
			onLine(line)
		}
	}
	_ = cmd.Wait()
	if !ready {
		t.Fatalf("round %d: child ended before it was ready", round)
	}
}

// crashChild is the body of the child process: save and move until killed.
func crashChild(dir string) {
	fail := func(err error) {
		fmt.Printf("FAIL %v\n", err)
		os.Exit(2)
	}
	round, _ := strconv.Atoi(os.Getenv(crashSeedEnv))
	s, err := Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		fail(err)
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		fail(err)
	}
	ids := map[string]string{}
	for _, code := range crashCodes {
		c, err := s.Company(code)
		if err != nil {
			fail(err)
		}
		ids[code] = c.ID
	}
	rng := rand.New(rand.NewPCG(uint64(round), 99))
	fmt.Println("READY")
	for n := 0; n < 100000; n++ {
		var full, empty []string
		for _, code := range crashCodes {
			st, err := s.Setup(ids[code])
			if err != nil {
				fail(err)
			}
			if st.HasData() {
				full = append(full, code)
			} else {
				empty = append(empty, code)
			}
		}
		var op string
		if len(full) > 0 && len(empty) > 0 && rng.IntN(2) == 0 {
			from, to := full[rng.IntN(len(full))], empty[rng.IntN(len(empty))]
			op = "move " + from + " " + to
			fmt.Println("BEGIN " + op)
			err = s.MoveSetup(ids[from], ids[to], false)
		} else {
			code, k := crashCodes[rng.IntN(len(crashCodes))], fmt.Sprintf("r%dn%d", round, n)
			op = "save " + code + " " + k
			fmt.Println("BEGIN " + op)
			_, err = s.SaveSetup(ids[code], crashSetup(k))
		}
		if err != nil {
			fail(err)
		}
		fmt.Printf("ACK %d %s\n", n, op)
	}
	os.Exit(0)
}

// applyCrashOp applies one operation line to a model of the setups by code.
func applyCrashOp(m map[string]domain.Setup, op string) {
	f := strings.Fields(op)
	switch f[0] {
	case "save":
		m[f[1]] = crashSetup(f[2])
	case "move":
		m[f[2]], m[f[1]] = m[f[1]], domain.Setup{}
	}
}

func applied(m map[string]domain.Setup, op string) map[string]domain.Setup {
	c := map[string]domain.Setup{}
	for k, v := range m {
		c[k] = v
	}
	applyCrashOp(c, op)
	return c
}

func diskState(t *testing.T, s *Service) map[string]domain.Setup {
	t.Helper()
	out := map[string]domain.Setup{}
	for _, code := range crashCodes {
		c, err := s.Company(code)
		if err != nil {
			t.Fatal(err)
		}
		if out[code], err = s.Setup(c.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func sameSetups(a, b map[string]domain.Setup) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// checkOneCopy fails when a credential value is held by two companies: a move that wrote the
// destination without emptying the source.
func checkOneCopy(t *testing.T, round int, disk map[string]domain.Setup) {
	t.Helper()
	seen := map[string]string{}
	for code, st := range disk {
		for _, e := range domain.Envs {
			if id := st.Slot(e).ClientID; id != "" {
				if other, dup := seen[id]; dup {
					t.Fatalf("round %d: one setup is held by both %s and %s", round, other, code)
				}
				seen[id] = code
			}
		}
	}
}
