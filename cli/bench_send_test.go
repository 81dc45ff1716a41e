package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/core"
	"chorusdesk/internal/childproc"
	"chorusdesk/internal/fixtures"
	"chorusdesk/outbox/outboxtest"
)

// The memory of a large send, measured as a user measures the command (/usr/bin/time -v):
// `chorusdesk send FILE` runs in a child process (this test binary again, calling Run as the
// program's main does, with the production Argon2id cost and engine options) on its own data
// directory, ACME set up against an emulator in this parent process; the child reports its
// VmHWM (peak RSS since it started) once the command returned. The idle process is the same
// command sending a 10 KB invoice; the cost of the large file is the difference.

const (
	sendMemChildEnv = "CHORUSDESK_SENDMEM_CHILD"
	sendMemFileEnv  = "CHORUSDESK_SENDMEM_FILE"
)

type sendMemResult struct {
	Code   int
	PeakKB int64
	WallS  float64
}

// TestSendMemChild is the child of BenchmarkSendCLI10MB: it only runs when re-executed by it.
func TestSendMemChild(t *testing.T) {
	if os.Getenv(sendMemChildEnv) != "1" {
		t.Skip("runs only as the child of BenchmarkSendCLI10MB")
	}
	start := time.Now()
	code := Run([]string{"send", os.Getenv(sendMemFileEnv)}, StdIO())
	res := sendMemResult{Code: code, PeakKB: childproc.ProcStatusKB(t, "VmHWM"), WallS: time.Since(start).Seconds()}
	b, _ := json.Marshal(res)
	os.Stdout.Write(append([]byte("SENDMEM "), append(b, '\n')...))
}

// BenchmarkSendCLI10MB reports the peak RSS of `send` of a 10 MB Factur-X above the same
// command sending a 10 KB invoice, in MB and as a multiple of the file size (target < 3), the
// wall time of the large send, and the two peaks.
func BenchmarkSendCLI10MB(b *testing.B) {
	const size = 10 << 20
	big, err := outboxtest.BigFacturX(b.TempDir(), size)
	if err != nil {
		b.Fatal(err)
	}
	small, err := os.ReadFile(fixtures.Invoice("FA-2026-0001_UBL.xml"))
	if err != nil {
		b.Fatal(err)
	}
	files := b.TempDir()
	bigFile, smallFile := filepath.Join(files, "big.pdf"), filepath.Join(files, "small.xml")
	if err := os.WriteFile(bigFile, big, 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(smallFile, small, 0o600); err != nil {
		b.Fatal(err)
	}
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer em.Close()
	was := CoreOptions.KDF
	defer func() { CoreOptions.KDF = was }()
	var above, work, peakBig, peakSmall, wall float64
	for range b.N {
		b.StopTimer()
		rs := sendMemRun(b, em, smallFile, nil)
		b.StartTimer()
		rb := sendMemRun(b, em, bigFile, nil)
		b.StopTimer()
		ws := sendMemRun(b, em, smallFile, cheapKDF)
		wb := sendMemRun(b, em, bigFile, cheapKDF)
		above += float64(rb.PeakKB-rs.PeakKB) * 1024
		work += float64(wb.PeakKB-ws.PeakKB) * 1024
		peakBig += float64(rb.PeakKB) / 1024
		peakSmall += float64(rs.PeakKB) / 1024
		wall += rb.WallS
	}
	n := float64(b.N)
	b.ReportMetric(above/n/(1<<20), "peak-MB")
	b.ReportMetric(above/n/float64(len(big)), "x-file")
	b.ReportMetric(work/n/float64(len(big)), "work-x-file")
	b.ReportMetric(wall/n, "wall-s")
	b.ReportMetric(peakBig/n, "rss-big-MB")
	b.ReportMetric(peakSmall/n, "rss-small-MB")
}

// cheapKDF is the cheapest Argon2id cost a vault accepts: its few MiB leave the send's own work
// in view (the production cost's 64 MiB, collected after the unlock, is reused by that work
// and hides any of it smaller than that).
var cheapKDF = &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}

// sendMemRun makes a data directory with the Argon2id cost kdf (nil: the production one, as a
// real vault has) and ACME set up against em, then runs `send file` in a child process; it
// fails unless the file is deposited.
func sendMemRun(b *testing.B, em *emulator.Emulator, file string, kdf *core.KDFParams) sendMemResult {
	b.Helper()
	CoreOptions.KDF = kdf
	dir := b.TempDir()
	env := map[string]string{"CHORUSDESK_DATA": dir, "CHORUSDESK_PASSWORD": testMaster,
		"SECRET": emulator.SandboxSecret, "PW": "demo-password-1"}
	run := func(args ...string) {
		var out, errb bytes.Buffer
		if code := Run(args, IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}); code != ExitOK {
			b.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
	}
	run("init")
	run("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	run("endpoints", "--env", "sandbox", "--oauth-url", em.OAuthURL(), "--api-url", em.APIURL())
	run("setup", "set", "ACME", "--env", "sandbox", "--client-id", emulator.SandboxClientID, "--client-secret-env", "SECRET",
		"--login", "TECH_1_demo1@cpro.fr", "--password-env", "PW")
	run("setup", "enable", "ACME")
	var r sendMemResult
	out := childproc.RunChild(b, "TestSendMemChild", []string{sendMemChildEnv + "=1", sendMemFileEnv + "=" + file,
		"CHORUSDESK_DATA=" + dir, "CHORUSDESK_PASSWORD=" + testMaster}, "SENDMEM", &r)
	if r.Code != ExitOK {
		b.Fatalf("send %s: exit %d\n%s", filepath.Base(file), r.Code, out)
	}
	return r
}
