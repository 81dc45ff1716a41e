// Package kvtest is the conformance suite of storage.KV: every implementation (the Badger
// store's root and namespaces, or a stand-in a test builds) must pass Run.
package kvtest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"chorusdesk/storage"
)

// Run checks kv semantics on fresh, empty KVs made by open (one per case).
func Run(t *testing.T, open func(t *testing.T) storage.KV) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

var cases = []struct {
	name string
	run  func(t *testing.T, kv storage.KV)
}{
	{"get-missing", testGetMissing},
	{"set-get-delete", testSetGetDelete},
	{"empty-key", testEmptyKey},
	{"view-is-read-only", testViewReadOnly},
	{"error-rolls-back", testRollback},
	{"value-too-large", testValueTooLarge},
	{"set-copies-value", testSetCopiesValue},
	{"scan-prefix", testScanPrefix},
	{"scan-start-paging", testScanPaging},
	{"scan-reverse", testScanReverse},
	{"scan-stop-and-error", testScanStop},
	{"scan-keys-only", testScanKeysOnly},
	{"scan-sees-own-writes", testScanOwnWrites},
	{"scan-0xff-prefix", testScan0xff},
	{"uncommitted-invisible", testIsolation},
	{"concurrent-increments", testConcurrentIncrements},
	{"large-update-atomic", testLargeUpdate},
	{"large-update-error-rolls-back", testLargeUpdateRollback},
}

func set(t *testing.T, kv storage.KV, kvs ...string) {
	t.Helper()
	err := kv.Update(func(tx storage.Tx) error {
		for i := 0; i+1 < len(kvs); i += 2 {
			if err := tx.Set([]byte(kvs[i]), []byte(kvs[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func get(t *testing.T, kv storage.KV, key string) (string, error) {
	t.Helper()
	var v []byte
	err := kv.View(func(tx storage.Tx) (err error) {
		v, err = tx.Get([]byte(key))
		return err
	})
	return string(v), err
}

// scan collects "key=value" pairs of a scan in a View.
func scan(t *testing.T, kv storage.KV, prefix string, opt storage.ScanOptions) []string {
	t.Helper()
	var out []string
	err := kv.View(func(tx storage.Tx) error {
		return tx.ScanWith([]byte(prefix), opt, func(k, v []byte) error {
			out = append(out, string(k)+"="+string(v))
			return nil
		})
	})
	if err != nil {
		t.Fatalf("scan %q: %v", prefix, err)
	}
	return out
}

func testGetMissing(t *testing.T, kv storage.KV) {
	if _, err := get(t, kv, "nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Get of a missing key: %v, want ErrNotFound", err)
	}
}

func testSetGetDelete(t *testing.T, kv storage.KV) {
	err := kv.Update(func(tx storage.Tx) error {
		if err := tx.Set([]byte("a"), []byte("1")); err != nil {
			return err
		}
		v, err := tx.Get([]byte("a"))
		if err != nil || string(v) != "1" {
			return fmt.Errorf("own write not visible: %q %v", v, err)
		}
		if err := tx.Set([]byte("empty"), nil); err != nil {
			return err
		}
		return tx.Delete([]byte("never-written"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := get(t, kv, "a"); err != nil || v != "1" {
		t.Fatalf("after commit: %q %v", v, err)
	}
	if v, err := get(t, kv, "empty"); err != nil || v != "" {
		t.Fatalf("empty value: %q %v", v, err)
	}
	set(t, kv, "a", "2")
	if v, _ := get(t, kv, "a"); v != "2" {
		t.Fatalf("overwrite: %q", v)
	}
	if err := kv.Update(func(tx storage.Tx) error { return tx.Delete([]byte("a")) }); err != nil {
		t.Fatal(err)
	}
	if _, err := get(t, kv, "a"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func testEmptyKey(t *testing.T, kv storage.KV) {
	ops := map[string]func(tx storage.Tx) error{
		"set":    func(tx storage.Tx) error { return tx.Set(nil, []byte("x")) },
		"get":    func(tx storage.Tx) error { _, err := tx.Get([]byte{}); return err },
		"delete": func(tx storage.Tx) error { return tx.Delete(nil) },
	}
	for name, op := range ops {
		if err := kv.Update(op); !errors.Is(err, storage.ErrEmptyKey) {
			t.Errorf("%s with an empty key: %v, want ErrEmptyKey", name, err)
		}
	}
}

func testViewReadOnly(t *testing.T, kv storage.KV) {
	for name, op := range map[string]func(tx storage.Tx) error{
		"set":    func(tx storage.Tx) error { return tx.Set([]byte("k"), []byte("v")) },
		"delete": func(tx storage.Tx) error { return tx.Delete([]byte("k")) },
	} {
		if err := kv.View(op); !errors.Is(err, storage.ErrReadOnly) {
			t.Errorf("%s in View: %v, want ErrReadOnly", name, err)
		}
	}
	if _, err := get(t, kv, "k"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("a View wrote: %v", err)
	}
}

func testRollback(t *testing.T, kv storage.KV) {
	set(t, kv, "keep", "old")
	boom := errors.New("boom")
	err := kv.Update(func(tx storage.Tx) error {
		if err := tx.Set([]byte("keep"), []byte("new")); err != nil {
			return err
		}
		if err := tx.Set([]byte("added"), []byte("x")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	if v, _ := get(t, kv, "keep"); v != "old" {
		t.Fatalf("failed Update changed a key: %q", v)
	}
	if _, err := get(t, kv, "added"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("failed Update added a key: %v", err)
	}
}

func testValueTooLarge(t *testing.T, kv storage.KV) {
	err := kv.Update(func(tx storage.Tx) error {
		return tx.Set([]byte("big"), make([]byte, storage.MaxValueSize+1))
	})
	if !errors.Is(err, storage.ErrValueTooLarge) {
		t.Fatalf("oversized value: %v, want ErrValueTooLarge", err)
	}
	if err := kv.Update(func(tx storage.Tx) error {
		return tx.Set([]byte("max"), make([]byte, storage.MaxValueSize))
	}); err != nil {
		t.Fatalf("value of exactly MaxValueSize: %v", err)
	}
}

func testSetCopiesValue(t *testing.T, kv storage.KV) {
	buf := []byte("first")
	err := kv.Update(func(tx storage.Tx) error {
		if err := tx.Set([]byte("k"), buf); err != nil {
			return err
		}
		copy(buf, "XXXXX") // the caller reuses its buffer before the commit
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := get(t, kv, "k"); v != "first" {
		t.Fatalf("stored %q: Set must not keep the caller's buffer", v)
	}
}

func testScanPrefix(t *testing.T, kv storage.KV) {
	set(t, kv, "b/2", "y", "a/1", "x", "b/1", "w", "b/3", "z", "c/1", "q", "b", "bare")
	want := []string{"b/1=w", "b/2=y", "b/3=z"}
	if got := scan(t, kv, "b/", storage.ScanOptions{}); !slices.Equal(got, want) {
		t.Fatalf("scan b/ = %v, want %v", got, want)
	}
	var viaScan []string
	_ = kv.View(func(tx storage.Tx) error {
		return tx.Scan([]byte("b/"), func(k, v []byte) error {
			viaScan = append(viaScan, string(k)+"="+string(v))
			return nil
		})
	})
	if !slices.Equal(viaScan, want) {
		t.Fatalf("Scan = %v, want %v", viaScan, want)
	}
	if got := scan(t, kv, "none/", storage.ScanOptions{}); len(got) != 0 {
		t.Fatalf("scan of an empty prefix range = %v", got)
	}
	if got := scan(t, kv, "", storage.ScanOptions{KeysOnly: true}); len(got) != 6 {
		t.Fatalf("scan of everything = %v, want 6 keys", got)
	}
}

func testScanPaging(t *testing.T, kv storage.KV) {
	var all []string
	for i := range 10 {
		k := fmt.Sprintf("p/%02d", i)
		set(t, kv, k, "v")
		all = append(all, k+"=v")
	}
	set(t, kv, "q/00", "other")
	// Pages of 3, each resuming after the last key seen.
	var got []string
	var start []byte
	for range 10 {
		var page []string
		var last []byte
		err := kv.View(func(tx storage.Tx) error {
			return tx.ScanWith([]byte("p/"), storage.ScanOptions{Start: start}, func(k, v []byte) error {
				page = append(page, string(k)+"="+string(v))
				last = bytes.Clone(k)
				if len(page) == 3 {
					return storage.ErrStop
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if len(page) < 3 {
			break
		}
		start = append(last, 0)
	}
	if !slices.Equal(got, all) {
		t.Fatalf("paged scan = %v, want %v", got, all)
	}
	if got := scan(t, kv, "p/", storage.ScanOptions{Start: []byte("p/05")}); len(got) != 5 || got[0] != "p/05=v" {
		t.Fatalf("scan from p/05 = %v", got)
	}
	if got := scan(t, kv, "p/", storage.ScanOptions{Start: []byte("a")}); len(got) != 10 {
		t.Fatalf("start before the prefix = %v", got)
	}
	if got := scan(t, kv, "p/", storage.ScanOptions{Start: []byte("p/99")}); len(got) != 0 {
		t.Fatalf("start after the last key = %v", got)
	}
}

func testScanReverse(t *testing.T, kv storage.KV) {
	set(t, kv, "r/1", "a", "r/2", "b", "r/3", "c", "s", "after", "q", "before", "r", "bare")
	tests := []struct {
		start string
		want  []string
	}{
		{"", []string{"r/3=c", "r/2=b", "r/1=a"}},
		{"r/2", []string{"r/2=b", "r/1=a"}},
		{"r/25", []string{"r/2=b", "r/1=a"}},
		{"zzz", []string{"r/3=c", "r/2=b", "r/1=a"}},
		{"a", nil},
	}
	for _, tc := range tests {
		opt := storage.ScanOptions{Reverse: true}
		if tc.start != "" {
			opt.Start = []byte(tc.start)
		}
		if got := scan(t, kv, "r/", opt); !slices.Equal(got, tc.want) {
			t.Errorf("reverse from %q = %v, want %v", tc.start, got, tc.want)
		}
	}
	if got := scan(t, kv, "", storage.ScanOptions{Reverse: true, KeysOnly: true}); len(got) != 6 || got[0] != "s=" {
		t.Errorf("reverse scan of everything = %v", got)
	}
}

func testScanStop(t *testing.T, kv storage.KV) {
	set(t, kv, "k/1", "a", "k/2", "b", "k/3", "c")
	n := 0
	err := kv.View(func(tx storage.Tx) error {
		return tx.Scan([]byte("k/"), func(_, _ []byte) error {
			n++
			if n == 2 {
				return storage.ErrStop
			}
			return nil
		})
	})
	if err != nil || n != 2 {
		t.Fatalf("ErrStop: err %v after %d keys, want nil after 2", err, n)
	}
	boom := errors.New("boom")
	err = kv.View(func(tx storage.Tx) error {
		return tx.Scan([]byte("k/"), func(_, _ []byte) error { return boom })
	})
	if !errors.Is(err, boom) {
		t.Fatalf("ScanFunc error: %v, want it returned", err)
	}
}

func testScanKeysOnly(t *testing.T, kv storage.KV) {
	set(t, kv, "k/1", "a", "k/2", "b")
	err := kv.View(func(tx storage.Tx) error {
		return tx.ScanWith([]byte("k/"), storage.ScanOptions{KeysOnly: true}, func(_, v []byte) error {
			if v != nil {
				return fmt.Errorf("KeysOnly gave a value %q", v)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testScanOwnWrites(t *testing.T, kv storage.KV) {
	set(t, kv, "w/1", "old", "w/2", "gone", "w/4", "kept")
	var fwd, rev []string
	err := kv.Update(func(tx storage.Tx) error {
		fwd, rev = nil, nil
		if err := tx.Set([]byte("w/1"), []byte("new")); err != nil {
			return err
		}
		if err := tx.Delete([]byte("w/2")); err != nil {
			return err
		}
		if err := tx.Set([]byte("w/3"), []byte("added")); err != nil {
			return err
		}
		collect := func(out *[]string) storage.ScanFunc {
			return func(k, v []byte) error { *out = append(*out, string(k)+"="+string(v)); return nil }
		}
		if err := tx.Scan([]byte("w/"), collect(&fwd)); err != nil {
			return err
		}
		return tx.ScanWith([]byte("w/"), storage.ScanOptions{Reverse: true}, collect(&rev))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"w/1=new", "w/3=added", "w/4=kept"}
	if !slices.Equal(fwd, want) {
		t.Fatalf("scan inside the Update = %v, want %v", fwd, want)
	}
	slices.Reverse(want)
	if !slices.Equal(rev, want) {
		t.Fatalf("reverse scan inside the Update = %v, want %v", rev, want)
	}
}

func testScan0xff(t *testing.T, kv storage.KV) {
	set(t, kv, "x\xff\x01", "a", "x\xff\xff", "b", "y", "c")
	if got := scan(t, kv, "x\xff", storage.ScanOptions{Reverse: true}); !slices.Equal(got, []string{"x\xff\xff=b", "x\xff\x01=a"}) {
		t.Fatalf("reverse scan of a 0xff prefix = %q", got)
	}
	if got := scan(t, kv, "x\xff", storage.ScanOptions{}); len(got) != 2 {
		t.Fatalf("scan of a 0xff prefix = %q", got)
	}
}

func testIsolation(t *testing.T, kv storage.KV) {
	written := make(chan struct{})
	checked := make(chan struct{})
	done := make(chan error, 1)
	var once sync.Once
	go func() {
		done <- kv.Update(func(tx storage.Tx) error {
			if err := tx.Set([]byte("iso"), []byte("v")); err != nil {
				return err
			}
			once.Do(func() {
				close(written)
				<-checked
			})
			return nil
		})
	}()
	<-written
	_, err := get(t, kv, "iso")
	close(checked)
	if !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("an uncommitted write is visible: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v, _ := get(t, kv, "iso"); v != "v" {
		t.Fatalf("committed write lost: %q", v)
	}
}

// Read-modify-write from several goroutines: conflicts are retried inside Update, so no
// increment is lost.
func testConcurrentIncrements(t *testing.T, kv storage.KV) {
	const workers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				err := kv.Update(func(tx storage.Tx) error {
					v, err := tx.Get([]byte("counter"))
					if err != nil && !errors.Is(err, storage.ErrNotFound) {
						return err
					}
					n := 0
					if len(v) > 0 {
						fmt.Sscan(string(v), &n)
					}
					return tx.Set([]byte("counter"), []byte(fmt.Sprint(n+1)))
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if v, _ := get(t, kv, "counter"); v != fmt.Sprint(workers*each) {
		t.Fatalf("counter = %s, want %d", v, workers*each)
	}
}

// largeN keys of 1 KiB: several MiB, far past what one Badger transaction takes.
const largeN = 4000

func largeKey(i int) []byte { return fmt.Appendf(nil, "big/%05d", i) }

func largeValue(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, 1024) }

func testLargeUpdate(t *testing.T, kv storage.KV) {
	set(t, kv, "big/00001", "stale", "big/zzz", "deleted")
	err := kv.Update(func(tx storage.Tx) error {
		for i := range largeN {
			if err := tx.Set(largeKey(i), largeValue(i)); err != nil {
				return err
			}
		}
		if err := tx.Delete([]byte("big/zzz")); err != nil {
			return err
		}
		// Reads inside see the transaction's own writes, big or not.
		v, err := tx.Get(largeKey(1))
		if err != nil || !bytes.Equal(v, largeValue(1)) {
			return fmt.Errorf("own write not visible (%v)", err)
		}
		n := 0
		err = tx.ScanWith([]byte("big/"), storage.ScanOptions{KeysOnly: true}, func(_, _ []byte) error { n++; return nil })
		if err != nil || n != largeN {
			return fmt.Errorf("scan inside saw %d keys (%v), want %d", n, err, largeN)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = kv.View(func(tx storage.Tx) error {
		return tx.Scan([]byte("big/"), func(k, v []byte) error {
			if !bytes.Equal(k, largeKey(n)) || !bytes.Equal(v, largeValue(n)) {
				return fmt.Errorf("key %d wrong after a large Update: %q", n, k)
			}
			n++
			return nil
		})
	})
	if err != nil || n != largeN {
		t.Fatalf("%d keys after a large Update (%v), want %d", n, err, largeN)
	}
}

func testLargeUpdateRollback(t *testing.T, kv storage.KV) {
	boom := errors.New("boom")
	err := kv.Update(func(tx storage.Tx) error {
		for i := range largeN {
			if err := tx.Set(largeKey(i), largeValue(i)); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want fn's error", err)
	}
	if got := scan(t, kv, "big/", storage.ScanOptions{KeysOnly: true}); len(got) != 0 {
		t.Fatalf("a failed large Update left %d keys", len(got))
	}
}
