package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
)

func TestParseVmRSS(t *testing.T) {
	tests := []struct {
		name, in string
		want     int64
		ok       bool
	}{
		{"real", "Name:\tbare\nVmPeak:\t  900 kB\nVmRSS:\t  131072 kB\nRssAnon:\t 1 kB\n", 131072 << 10, true},
		{"zero", "VmRSS:\t0 kB\n", 0, true},
		{"missing", "Name:\tx\nVmSize:\t12 kB\n", 0, false},
		{"no unit", "VmRSS:\t12\n", 0, false},
		{"other unit", "VmRSS:\t12 MB\n", 0, false},
		{"negative", "VmRSS:\t-12 kB\n", 0, false},
		{"not a number", "VmRSS:\tlots kB\n", 0, false},
		{"huge", "VmRSS:\t99999999999999999 kB\n", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseVmRSS(strings.NewReader(tc.in))
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("parseVmRSS = %d, %v; want %d ok=%v", got, err, tc.want, tc.ok)
			}
		})
	}
}

func FuzzParseVmRSS(f *testing.F) {
	f.Add("VmRSS:\t  131072 kB\n")
	f.Add("VmRSS: 1 kB")
	f.Add("VmRSS:\n")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseVmRSS(strings.NewReader(s))
		if err == nil && (v < 0 || v > 1<<50) {
			t.Fatalf("accepted out-of-range %d", v)
		}
	})
}

func TestParseDisplayNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1\n", 1, true},
		{"77", 77, true},
		{"", 0, false},
		{"-1\n", 0, false},
		{":1\n", 0, false},
		{"70000\n", 0, false},
	}
	for _, tc := range tests {
		got, err := parseDisplayNumber(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDisplayNumber(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func FuzzParseDisplayNumber(f *testing.F) {
	f.Add("1\n")
	f.Add("abc")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseDisplayNumber(s)
		if err == nil && (n < 0 || n > 65535) {
			t.Fatalf("accepted %d", n)
		}
	})
}

func TestMedians(t *testing.T) {
	if got := medianInt([]int64{5, 1, 3}); got != 3 {
		t.Errorf("medianInt = %d, want 3", got)
	}
	if got := medianInt(nil); got != 0 {
		t.Errorf("medianInt(nil) = %d", got)
	}
	ds := []time.Duration{3 * time.Second, time.Second, 2 * time.Second, 9 * time.Second, 4 * time.Second}
	if got := medianDuration(ds); got != 3*time.Second {
		t.Errorf("medianDuration = %v, want 3s", got)
	}
	if ds[0] != 3*time.Second {
		t.Error("medianDuration sorted its argument in place")
	}
}

func TestValidSIRETsAreDistinctAndValid(t *testing.T) {
	s := validSIRETs(200)
	seen := map[string]bool{}
	for _, v := range s {
		if !domain.ValidSIRET(v) || seen[v] {
			t.Fatalf("%s invalid or repeated", v)
		}
		seen[v] = true
	}
	if len(s) != 200 {
		t.Fatalf("got %d SIRETs", len(s))
	}
}

func TestCopyDir(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	files := map[string]string{"a.vlog": "one", "sub/b.sst": "two", "sub/deeper/c": ""}
	for p, c := range files {
		full := filepath.Join(src, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.vlog", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	if err := copyDir(src, dst); err != nil {
		t.Fatal(err)
	}
	for p, c := range files {
		b, err := os.ReadFile(filepath.Join(dst, p))
		if err != nil || string(b) != c {
			t.Errorf("%s: %q, %v; want %q", p, b, err, c)
		}
	}
	if _, err := os.Lstat(filepath.Join(dst, "link")); err == nil {
		t.Error("a symlink was copied")
	}
}

// The lines printed are what tools/benchtable reads: its table shows both ratios as measured
// (and passes, for figures under the targets).
func TestResultsReadByBenchtable(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to run tools/benchtable")
	}
	r := results{
		companies:   200,
		items:       25000,
		itemsRSS:    []int64{130 << 20, 120 << 20, 110 << 20},
		bareStart:   []time.Duration{500 * time.Millisecond, 400 * time.Millisecond, 450 * time.Millisecond},
		appStart:    []time.Duration{520 * time.Millisecond, 560 * time.Millisecond, 540 * time.Millisecond},
		appUnlocked: []time.Duration{time.Second, time.Second, time.Second},
		bareRSS:     []int64{100 << 20, 100 << 20, 100 << 20},
		appRSS:      []int64{120 << 20, 110 << 20, 125 << 20},
	}
	var out bytes.Buffer
	printResults(&out, r)
	if !strings.Contains(out.String(), "1.200 x-bare") || !strings.Contains(out.String(), "1.200 x-bare\t104857600 bare-B-rss") {
		t.Errorf("unexpected ratios in:\n%s", out.String())
	}
	cmd := exec.Command("go", "run", "../benchtable")
	cmd.Stdin = &out
	table, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("benchtable: %v\n%s", err, table)
	}
	for _, row := range []string{"Start to first frame vs bare Fyne", "Memory after unlock vs bare Fyne", "Memory after unlock, 25,000 items"} {
		line := ""
		for _, l := range strings.Split(string(table), "\n") {
			if strings.HasPrefix(l, row) {
				line = l
			}
		}
		if !strings.Contains(line, "1.200") || !strings.HasSuffix(line, "ok") {
			t.Errorf("benchtable row %q = %q, want 1.200 and ok", row, line)
		}
	}
}

func TestTailKeepsHeadAndEnd(t *testing.T) {
	var tl tail
	tl.Write([]byte("panic: the cause\n"))
	for i := 0; i < 1000; i++ {
		tl.Write([]byte("goroutine frame line\n"))
	}
	tl.Write([]byte("exit status 2"))
	s := tl.String()
	if !strings.HasPrefix(s, "panic: the cause") || !strings.HasSuffix(s, "exit status 2") || len(s) > 2*tailMax {
		t.Errorf("tail kept %d bytes: %.80q ... %.40q", len(s), s, s[max(0, len(s)-40):])
	}
}

func TestLaunchRetriesOnlyDisplayFailures(t *testing.T) {
	tests := []struct {
		name      string
		failures  []string // error of each attempt until one succeeds ("" = success)
		wantCalls int
		wantErr   bool
	}{
		{"ok", []string{""}, 1, false},
		{"display once", []string{"X11: Failed to open display :0", ""}, 2, false},
		{"display always", []string{"Failed to open display", "Failed to open display", "Failed to open display", ""}, 1 + displayRetries, true},
		{"other failure", []string{"panic: boom", ""}, 1, true},
	}
	defer func(f func(string, []string, []string, string, time.Duration, time.Duration) (time.Duration, int64, error)) {
		startOnce = f
	}(startOnce)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			startOnce = func(string, []string, []string, string, time.Duration, time.Duration) (time.Duration, int64, error) {
				msg := tc.failures[calls]
				calls++
				if msg != "" {
					return 0, 0, errors.New(msg)
				}
				return time.Second, 1, nil
			}
			_, _, err := launch("bin", nil, nil, "t", 0, time.Second)
			if calls != tc.wantCalls || (err != nil) != tc.wantErr {
				t.Errorf("calls %d err %v; want %d calls, error %v", calls, err, tc.wantCalls, tc.wantErr)
			}
		})
	}
}
