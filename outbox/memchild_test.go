package outbox

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/internal/childproc"
)

const (
	memChildEnv = "CHORUSDESK_MEM_CHILD"
	memDirEnv   = "CHORUSDESK_MEM_DIR"
	memFilesEnv = "CHORUSDESK_MEM_FILES"
)

// memResult is what the memory child reports.
type memResult struct {
	IdleKB        int64   // VmRSS when idle
	AddKB         int64   // VmHWM once the files are added (read, detected, stored)
	DepositIdleKB int64   // VmRSS after that, with the high-water mark reset again
	PeakKB        int64   // VmHWM once every file is deposited
	WallS         float64 // from the first Add to the last deposit
	HWMReset      bool    // the high-water mark could be reset (else PeakKB counts from start)
}

// TestMemChild is the child of BenchmarkSend10MB: it runs only when re-executed by it.
func TestMemChild(t *testing.T) {
	if os.Getenv(memChildEnv) != "1" {
		t.Skip("runs only as the child of BenchmarkSend10MB")
	}
	svc, err := core.Open(os.Getenv(memDirEnv), core.Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Unlock([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	opt := fastOptions()
	opt.DepositOnly = true
	o, err := Open(svc, opt)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var res memResult
	res.IdleKB = childproc.ProcStatusKB(t, "VmRSS")
	res.HWMReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	start := time.Now()
	var ids []string
	for _, f := range strings.Split(os.Getenv(memFilesEnv), "\n") {
		it, err := o.Add(f, AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	res.AddKB = childproc.ProcStatusKB(t, "VmHWM")
	runtime.GC()
	debug.FreeOSMemory()
	res.DepositIdleKB = childproc.ProcStatusKB(t, "VmRSS")
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	o.Start()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := o.Wait(ctx, Item.WasDeposited, ids...); err != nil {
		t.Fatal(err)
	}
	res.WallS = time.Since(start).Seconds()
	res.PeakKB = childproc.ProcStatusKB(t, "VmHWM")
	b, _ := json.Marshal(res)
	os.Stdout.Write(append([]byte("MEMRESULT "), append(b, '\n')...))
}

// runMemChild runs TestMemChild on dir with files and returns its report.
func runMemChild(b *testing.B, dir string, files []string) memResult {
	b.Helper()
	var r memResult
	childproc.RunChild(b, "TestMemChild", []string{memChildEnv + "=1", memDirEnv + "=" + dir, memFilesEnv + "=" + strings.Join(files, "\n")}, "MEMRESULT", &r)
	if !r.HWMReset {
		b.Log("the high-water mark could not be reset: the peak counts from the child's start")
	}
	return r
}
