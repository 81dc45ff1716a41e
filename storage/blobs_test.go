package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func content(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 7))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func shaOf(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// plenty is a disk with room to spare; tests that want a full disk pass their own.
func plenty(string) (uint64, bool, error) { return 1 << 40, true, nil }

func openWithFree(t *testing.T, dir string, free func(string) (uint64, bool, error)) *Store {
	t.Helper()
	st, err := open(dir, free)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func readBlob(b *Blobs, sha string) ([]byte, error) {
	rc, err := b.Open(sha)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func tmpFiles(t *testing.T, st *Store) []string {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(st.blobs.dir, blobsTmp, "*"))
	if err != nil {
		t.Fatal(err)
	}
	return left
}

func TestBlobPutOpen(t *testing.T) {
	st := openWithFree(t, t.TempDir(), plenty)
	b := st.Blobs()
	for _, n := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 3 << 20, 10 << 20} {
		want := content(n, uint64(n))
		sha, size, err := b.Put(bytes.NewReader(want))
		if err != nil {
			t.Fatalf("Put %d bytes: %v", n, err)
		}
		if sha != shaOf(want) || size != int64(n) {
			t.Fatalf("Put %d bytes = %s, %d", n, sha, size)
		}
		got, err := readBlob(b, sha)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Open %d bytes: %d bytes back, %v", n, len(got), err)
		}
		if err := b.Verify(sha); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if at, err := b.OpenAt(sha); err != nil || at.Size() != int64(n) {
			t.Fatalf("OpenAt: %v", err)
		} else {
			back := make([]byte, n)
			if k, err := at.ReadAt(back, 0); (err != nil && k != n) || !bytes.Equal(back, want) {
				t.Fatalf("OpenAt: %d bytes back, %v", k, err)
			}
			at.Close()
		}
		if sz, err := b.Size(sha); err != nil || sz != int64(n) {
			t.Fatalf("Size = %d, %v", sz, err)
		}
		if runtime.GOOS != "windows" {
			info, err := os.Stat(b.path(sha))
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("blob file mode %v (%v), want 0600", info.Mode().Perm(), err)
			}
			dinfo, _ := os.Stat(filepath.Dir(b.path(sha)))
			if dinfo.Mode().Perm() != 0o700 {
				t.Fatalf("blob directory mode %v, want 0700", dinfo.Mode().Perm())
			}
		}
	}
	if left := tmpFiles(t, st); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	// The same content again: same name, still one copy.
	one := content(100, 1)
	s1, _, _ := b.Put(bytes.NewReader(one))
	s2, _, _ := b.Put(bytes.NewReader(one))
	if s1 != s2 {
		t.Fatal("same content, two names")
	}
	var listed []string
	if err := b.Each(func(sha string) error { listed = append(listed, sha); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 8 {
		t.Fatalf("Each listed %d blobs, want 8", len(listed))
	}
	if err := b.Remove(s1); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Open(s1); !errors.Is(err, ErrBlobMissing) {
		t.Fatalf("Open after Remove: %v", err)
	}
	if err := b.Remove(s1); err != nil {
		t.Fatalf("second Remove: %v", err)
	}
}

// Every kind of damage is refused before a byte is handed out, and adding the content again
// repairs it.
func TestBlobDamage(t *testing.T) {
	data := content(200<<10, 3)
	sha := shaOf(data)
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
		want   error
	}{
		{"bit flipped", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0x10
			writeInPlace(t, p, b)
		}, ErrBlobDamaged},
		{"truncated", func(t *testing.T, p string) { must(t, os.Truncate(p, int64(len(data)/3))) }, ErrBlobDamaged},
		{"emptied", func(t *testing.T, p string) { must(t, os.Truncate(p, 0)) }, ErrBlobDamaged},
		{"grown", func(t *testing.T, p string) { writeInPlace(t, p, append(bytes.Clone(data), '\n')) }, ErrBlobDamaged},
		{"missing", func(t *testing.T, p string) { must(t, os.Remove(p)) }, ErrBlobMissing},
		{"a directory instead", func(t *testing.T, p string) { must(t, os.Remove(p)); must(t, os.Mkdir(p, 0o700)) }, ErrBlobDamaged},
		{"a link instead", func(t *testing.T, p string) {
			other := filepath.Join(t.TempDir(), "elsewhere")
			must(t, os.WriteFile(other, data, 0o600)) // even the right bytes, through a link: refused
			must(t, os.Remove(p))
			if err := os.Symlink(other, p); err != nil {
				t.Skip("no symlinks here:", err)
			}
		}, ErrBlobDamaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openWithFree(t, t.TempDir(), plenty)
			b := st.Blobs()
			if _, _, err := b.Put(bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			tc.damage(t, b.path(sha))
			if _, err := b.Open(sha); !errors.Is(err, tc.want) {
				t.Fatalf("Open: %v, want %v", err, tc.want)
			}
			if err := b.Verify(sha); !errors.Is(err, tc.want) {
				t.Fatalf("Verify: %v, want %v", err, tc.want)
			}
			if _, err := b.OpenAt(sha); !errors.Is(err, tc.want) {
				t.Fatalf("OpenAt: %v, want %v", err, tc.want)
			}
			if tc.name == "a directory instead" {
				must(t, os.Remove(b.path(sha)))
			}
			if _, _, err := b.Put(bytes.NewReader(data)); err != nil {
				t.Fatalf("Put again: %v", err)
			}
			if got, err := readBlob(b, sha); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("not repaired by adding the content again: %v", err)
			}
		})
	}
	st := openWithFree(t, t.TempDir(), plenty)
	for _, bad := range []string{"", "abc", "../../etc/passwd", sha[:63] + "G", "A" + sha[1:]} {
		if _, err := st.Blobs().Open(bad); !errors.Is(err, ErrBlobMissing) {
			t.Errorf("Open(%q): %v, want ErrBlobMissing", bad, err)
		}
	}
}

// A copy changed after Open's check still never passes as good: the reader ends with
// ErrBlobDamaged instead of io.EOF.
func TestBlobChangedWhileRead(t *testing.T) {
	st := openWithFree(t, t.TempDir(), plenty)
	data := content(300<<10, 4)
	sha, _, err := st.Blobs().Put(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := st.Blobs().Open(sha)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	bad := bytes.Clone(data)
	bad[len(bad)-1] ^= 1
	writeInPlace(t, st.Blobs().path(sha), bad)
	if _, err := io.ReadAll(rc); !errors.Is(err, ErrBlobDamaged) {
		t.Fatalf("read of a copy changed after Open: %v, want ErrBlobDamaged", err)
	}
}

type failingAfter struct {
	r io.Reader
	n int
}

func (f *failingAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("source went away")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

func TestBlobPutFailuresLeaveNothing(t *testing.T) {
	free := uint64(1 << 40)
	calls := 0
	dropAfter := -1
	fake := func(string) (uint64, bool, error) {
		calls++
		if dropAfter >= 0 && calls > dropAfter {
			return MinFreeSpace - 1, true, nil
		}
		return free, true, nil
	}
	st := openWithFree(t, t.TempDir(), fake)
	b := st.Blobs()
	kept := content(1000, 5)
	keptSHA, _, err := b.Put(bytes.NewReader(kept))
	if err != nil {
		t.Fatal(err)
	}
	big := content(12<<20, 6)
	tests := []struct {
		name  string
		setup func()
		r     io.Reader
		want  error
	}{
		{"disk full before", func() { calls, dropAfter = 0, 0 }, bytes.NewReader(big), ErrDiskFull},
		{"disk fills while writing", func() { calls, dropAfter = 0, 1 }, bytes.NewReader(big), ErrDiskFull},
		{"reader fails", func() { dropAfter = -1 }, &failingAfter{r: bytes.NewReader(big), n: 5 << 20}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			_, _, err := b.Put(tc.r)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("Put: %v, want %v", err, tc.want)
			}
			if left := tmpFiles(t, st); len(left) != 0 {
				t.Fatalf("temporary files left: %v", left)
			}
			if _, err := b.Open(shaOf(big)); !errors.Is(err, ErrBlobMissing) {
				t.Fatalf("a failed Put left a blob: %v", err)
			}
			dropAfter = -1
			if got, err := readBlob(b, keptSHA); err != nil || !bytes.Equal(got, kept) {
				t.Fatalf("stored blob damaged by a failed Put: %v", err)
			}
		})
	}
}

// A crash between CreateTemp and the rename leaves a temporary file: the next Open removes
// it, and nothing else.
func TestBlobTempLeftByCrash(t *testing.T) {
	dir := t.TempDir()
	st, err := open(dir, plenty)
	if err != nil {
		t.Fatal(err)
	}
	sha, _, err := st.Blobs().Put(bytes.NewReader([]byte("kept")))
	if err != nil {
		t.Fatal(err)
	}
	must(t, st.Close())
	left := filepath.Join(dir, blobsSubdir, blobsTmp, "put-12345")
	must(t, os.WriteFile(left, []byte("half"), 0o600))
	st = openWithFree(t, dir, plenty)
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary file still there: %v", err)
	}
	if err := st.Blobs().Verify(sha); err != nil {
		t.Fatal(err)
	}
}

// On a nearly full disk, Badger is not opened and no transaction writes (Badger would fill
// its memory-mapped files and die of SIGBUS); what is stored stays readable.
func TestDiskFullRefusesWrites(t *testing.T) {
	dir := t.TempDir()
	full := false
	fake := func(string) (uint64, bool, error) {
		if full {
			return MinFreeSpace / 2, true, nil
		}
		return 1 << 40, true, nil
	}
	st := openWithFree(t, dir, fake)
	kv := st.KV()
	if err := kv.Update(func(tx Tx) error { return tx.Set([]byte("k"), []byte("v1")) }); err != nil {
		t.Fatal(err)
	}
	full = true
	if err := kv.Update(func(tx Tx) error { return tx.Set([]byte("k"), []byte("v2")) }); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Update on a full disk: %v, want ErrDiskFull", err)
	}
	var got []byte
	if err := kv.View(func(tx Tx) (err error) { got, err = tx.Get([]byte("k")); return err }); err != nil || string(got) != "v1" {
		t.Fatalf("View on a full disk: %q %v", got, err)
	}
	must(t, st.Close())
	if _, err := open(dir, fake); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Open on a full disk: %v, want ErrDiskFull", err)
	}
	full = false
	st = openWithFree(t, dir, fake) // the lock was released by the refused Open
	if err := st.KV().View(func(tx Tx) (err error) { got, err = tx.Get([]byte("k")); return err }); err != nil || string(got) != "v1" {
		t.Fatalf("after the disk was freed: %q %v", got, err)
	}
	if m := ErrDiskFull.Error(); !bytes.Contains([]byte(m), []byte("Not enough disk space")) {
		t.Fatalf("message %q", m)
	}
}

func TestDiskFreeReportsSomething(t *testing.T) {
	free, known, err := diskFree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if (runtime.GOOS == "linux" || runtime.GOOS == "windows" || runtime.GOOS == "darwin") && (!known || free == 0) {
		t.Fatalf("diskFree = %d, known %v", free, known)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// writeInPlace overwrites a file's bytes without replacing the file (same inode), as a
// failing disk or a careless tool would.
func writeInPlace(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
	must(t, f.Close())
}

func BenchmarkBlobPut10MB(b *testing.B) {
	st, err := open(b.TempDir(), plenty)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	data := content(10<<20, 8)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		data[0] = byte(i) // a new blob each time, as a new invoice would be
		if _, _, err := st.Blobs().Put(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlobOpen10MB(b *testing.B) {
	st, err := open(b.TempDir(), plenty)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	data := content(10<<20, 9)
	sha, _, err := st.Blobs().Put(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rc, err := st.Blobs().Open(sha)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rc); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}
