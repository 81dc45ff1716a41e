//go:build unix

package storage

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Under umask 000 (files 0666 by default), every file of the data directory is 0600 and every
// directory 0700, while open (after writes) and after Close; Badger's own files included.
func TestModesWhateverTheUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	st, err := open(dir, plenty)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 { // enough for new memtables, tables and value-log files
		err := st.KV().Update(func(tx Tx) error {
			return tx.Set([]byte{byte(i >> 8), byte(i)}, bytes.Repeat([]byte{byte(i)}, 2000))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.KV().Update(func(tx Tx) error { return tx.Set([]byte("big"), make([]byte, 200<<10)) }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Blobs().Put(strings.NewReader("invoice")); err != nil {
		t.Fatal(err)
	}
	checkModes(t, dir, "open")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	checkModes(t, dir, "closed")
}

func checkModes(t *testing.T, dir, when string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: %s has mode %o, want %o", when, p, info.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Fatalf("%s: only %d entries checked", when, n)
	}
}

// A link planted as the lock file is not followed: Open refuses with a clear message, and
// the file it points at is neither truncated nor written.
func TestLockFileLinkIsRefused(t *testing.T) {
	tests := []struct {
		name   string
		target func(t *testing.T) string
	}{
		{"link to a file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "precious")
			must(t, os.WriteFile(p, []byte("do not touch"), 0o600))
			return p
		}},
		{"dangling link", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nothing-here") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			must(t, os.MkdirAll(dir, 0o700))
			target := tc.target(t)
			must(t, os.Symlink(target, filepath.Join(dir, lockFileName)))
			_, err := open(dir, plenty)
			if err == nil || !strings.Contains(err.Error(), "is a link") {
				t.Fatalf("Open with a link as the lock file: %v", err)
			}
			b, err := os.ReadFile(target)
			switch {
			case tc.name == "dangling link" && !errors.Is(err, fs.ErrNotExist):
				t.Fatalf("the link's target was created: %v", err)
			case tc.name == "link to a file" && string(b) != "do not touch":
				t.Fatalf("the link's target was changed: %q", b)
			}
		})
	}
}
