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
	tests := []struct {
		name    string
		backups []string
		want    string
	}{
		{"no backup", nil, "restore a backup (see docs/troubleshooting.md)"},
		{"backups", []string{"settings-20260101-100000.cdbackup", "settings-20260102-090000.cdbackup"},
			"settings-20260102-090000.cdbackup"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, b := range tc.backups {
				if err := os.MkdirAll(BackupsDir(dir), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(BackupsDir(dir), b), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
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
