package core

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A damaged directory is refused by core.Open with exit code 5 and a message naming the
// latest automatic backup; nothing is opened.
func TestOpenDamagedDirectory(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, "KEPT")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "db", "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	bs, err := ListBackups(dir)
	if err != nil || len(bs) == 0 {
		t.Fatalf("no automatic backup written by Init and Close: %v", err)
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T)
		want    string
	}{
		{"backups", func(*testing.T) {}, bs[0].Path},
		{"no backup", func(t *testing.T) {
			if err := os.RemoveAll(BackupsDir(dir)); err != nil {
				t.Fatal(err)
			}
		}, "restore a backup (see docs/troubleshooting.md)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.prepare(t)
			_, err := Open(dir, Options{KDF: cheapKDF})
			var de *DamagedError
			if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) || ExitCode(err) != ExitDamaged {
				t.Fatalf("Open of a damaged directory: %v (exit %d)", err, ExitCode(err))
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "damaged") {
				t.Fatalf("message %q lacks %q", msg, tc.want)
			}
			if de.Reason == "" {
				t.Fatal("no reason kept for the log")
			}
		})
	}
}
