package core

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/i18n"
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
		}, "chorusdesk restore"},
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

// The damaged-directory message is read by installed users, who have no repository: it names
// the command that restores and the page of the window's Help menu that explains it, never a
// file path of the sources, in both languages.
func TestDamagedMessageSpeaksToInstalledUsers(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, err := range []error{&DamagedError{}, &DamagedError{Backup: "/data/backups/settings-x.cdbackup"}} {
			msg := i18n.Message(lang, err)
			for _, bad := range []string{"docs/", ".md", "troubleshooting.md"} {
				if strings.Contains(msg, bad) {
					t.Errorf("%s: %q shows %q", lang, msg, bad)
				}
			}
			for _, want := range []string{"chorusdesk restore", i18n.T(lang, "setupui.menu.troubleshooting"), i18n.T(lang, "setupui.menu.help")} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s: %q does not say %q", lang, msg, want)
				}
			}
		}
	}
}
