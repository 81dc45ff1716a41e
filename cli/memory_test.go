package cli

import (
	"runtime"
	"strings"
	"testing"

	"chorusdesk/core"
)

// After the unlock, the key derivation's memory (64 MiB at the production cost) is collected
// (storage.deriveKey, for both faces):
// left as garbage, it sets the collector's goal so high that a whole `send` of a 10 MB invoice
// runs without a collection, each of its bytes in fresh memory on top (peak RSS 3.3 × the file
// above a 10 KB send, where the benchmark's child, with a cheap derivation, saw 2.15 ×).
func TestUnlockLeavesNoKDFGarbage(t *testing.T) {
	for _, c := range []struct {
		name string
		kdf  *core.KDFParams
	}{
		{"production cost", nil},
		{"cheapest cost", &core.KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			was := CoreOptions.KDF
			CoreOptions.KDF = c.kdf
			t.Cleanup(func() { CoreOptions.KDF = was })
			h.ok("init")
			e := &Env{IO: IO{Out: &strings.Builder{}, Err: &strings.Builder{}, Getenv: func(k string) string { return h.env[k] }}, DataDir: h.dir, Lang: "en"}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			svc, code := e.OpenUnlocked()
			if code != ExitOK {
				t.Fatalf("exit %d", code)
			}
			defer svc.Close()
			runtime.ReadMemStats(&after)
			if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 16<<20 {
				t.Errorf("the heap holds %d MiB more after the unlock: the key derivation's memory was not collected", grown>>20)
			}
		})
	}
}
