// Package childproc runs a benchmark's measured part in a child process of the test binary and
// reads its memory figures, for the benchmarks of outbox and cli.
package childproc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// ProcStatusKB reads a "kB" field of /proc/self/status (VmRSS, VmHWM…); off Linux the test
// is skipped: peak memory is measured on Linux only.
func ProcStatusKB(t testing.TB, field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status: peak memory is measured on Linux only")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// RunChild runs the test named test of this test binary in a child process with env added,
// and decodes into result the JSON of its output's line that starts with tag and a space:
// memory is measured in a process of its own, where the parent's (an emulator, earlier runs)
// does not count. It returns the child's whole output.
func RunChild(t testing.TB, test string, env []string, tag string, result any) []byte {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), env...), "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, l := range bytes.Split(out, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(l, []byte(tag+" ")); ok {
			if err := json.Unmarshal(rest, result); err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	t.Fatalf("child said nothing:\n%s", out)
	return out
}
