package storage

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const crashHelperEnv = "CHORUSDESK_STORAGE_CRASH_HELPER_DIR"

func crashValue(i int) []byte { return fmt.Appendf(nil, "value-%d-%s", i, strings.Repeat("x", i%97)) }

// TestCrashHelperProcess is not a test on its own: run by TestCrashKeepsAcknowledgedWrites,
// it writes key after key and prints "ack N" once each synced commit returned.
func TestCrashHelperProcess(t *testing.T) {
	dir := os.Getenv(crashHelperEnv)
	if dir == "" {
		t.Skip("helper process for TestCrashKeepsAcknowledgedWrites")
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	start := 0
	_ = s.KV().View(func(tx Tx) error { // continue after the previous round's keys
		return tx.ScanWith(nil, ScanOptions{KeysOnly: true}, func(_, _ []byte) error { start++; return nil })
	})
	out := bufio.NewWriter(os.Stdout)
	for i := start; ; i++ {
		key := fmt.Appendf(nil, "k/%08d", i)
		if err := s.KV().Update(func(tx Tx) error { return tx.Set(key, crashValue(i)) }); err != nil {
			fmt.Fprintln(out, "error:", err)
			out.Flush()
			os.Exit(3)
		}
		fmt.Fprintf(out, "ack %d\n", i)
		out.Flush()
	}
}

// TestCrashKeepsAcknowledgedWrites kills a writing child with SIGKILL after a random number
// of acknowledged commits, many times over one directory, and checks that every
// acknowledged write survived with its value and that the directory reopens each time.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	const rounds = 25
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: a failure can be replayed
	acked := -1
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashHelperEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		want := 1 + rng.IntN(40)
		sc := bufio.NewScanner(stdout)
		for n := 0; n < want && sc.Scan(); {
			line := sc.Text()
			i, err := strconv.Atoi(strings.TrimPrefix(line, "ack "))
			if err != nil {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: child said %q", round, line)
			}
			acked, n = i, n+1
		}
		cmd.Process.Kill() // SIGKILL: no Close, no deferred flush
		cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		err = s.KV().View(func(tx Tx) error {
			for i := 0; i <= acked; i++ {
				got, err := tx.Get(fmt.Appendf(nil, "k/%08d", i))
				if err != nil {
					return fmt.Errorf("acknowledged key %d: %w", i, err)
				}
				if !bytes.Equal(got, crashValue(i)) {
					return fmt.Errorf("acknowledged key %d: value %q, %v", i, got, err)
				}
			}
			return nil
		})
		if cerr := s.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	if acked < rounds {
		t.Fatalf("only %d writes acknowledged over %d rounds", acked+1, rounds)
	}
}

// TestNoPlaintextOnDisk plants five distinct secrets, stores them sealed, and scans every
// file of the data directory (open and closed) for them.
func TestNoPlaintextOnDisk(t *testing.T) {
	dir := t.TempDir()
	s := openTestStore(t, dir)
	v, header := newTestVault(t, testPassword)
	secrets := []string{"PLANTED-client-secret-7f3a", "PLANTED-chorus-password-91c2",
		"PLANTED-client-id-secret-55d0", "PLANTED-cpro-account-e8b4", "PLANTED-token-0a6f"}
	err := s.KV().Update(func(txn Tx) error {
		if err := txn.Set([]byte("vault/header"), header); err != nil {
			return err
		}
		for i, sec := range secrets {
			id := Identity{CompanyID: fmt.Sprintf("c-%d", i), Env: "sandbox", Field: "f"}
			sealed, err := v.Seal(id, []byte(sec))
			if err != nil {
				return err
			}
			if err := txn.Set([]byte(id.CompanyID), sealed); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	scan := func(when string) {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, sec := range append(secrets, testPassword) {
				if bytes.Contains(data, []byte(sec)) {
					t.Errorf("%s: a planted secret is in plain text in %s", when, d.Name())
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	scan("open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	scan("closed")
}

// TestNothingOnStdout: the CLI's --json output lives on stdout, so opening, writing and
// closing the store must print nothing there.
func TestNothingOnStdout(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	func() {
		defer func() { os.Stdout = saved }()
		dir := t.TempDir()
		s, err := Open(dir)
		if err != nil {
			t.Error(err)
			return
		}
		for i := range 200 {
			_ = s.KV().Update(func(tx Tx) error { return tx.Set(fmt.Appendf(nil, "k%d", i), crashValue(i)) })
		}
		s.Close()
		s, err = Open(dir) // replay path
		if err == nil {
			s.Close()
		}
	}()
	w.Close()
	var got bytes.Buffer
	got.ReadFrom(r)
	if got.Len() > 0 {
		t.Fatalf("storage printed to stdout: %q", got.String())
	}
}
