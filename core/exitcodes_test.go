package core

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"chorusdesk/i18n"
	"chorusdesk/storage"
)

type coded struct{ code int }

func (c coded) Error() string { return "coded" }
func (c coded) ExitCode() int { return c.code }

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("anything"), ExitFailed},
		{ErrDiskFull, ExitFailed},
		{ErrLocked, ExitFailed},
		{&ValidationError{}, ExitUsage},
		{ErrDestinationHasData, ExitUsage},
		{ErrNotFound, ExitUsage},
		{ErrVaultExists, ExitUsage},
		{coded{ExitUsage}, ExitUsage},
		{ErrWrongPassword, ExitAuth},
		{storage.ErrWrongPassword, ExitAuth},
		{ErrNoVault, ExitAuth},
		{ErrInUse, ExitInUse},
		{storage.ErrInUse, ExitInUse},
		{ErrDamaged, ExitDamaged},
		{fmt.Errorf("wrapped: %w", ErrDamaged), ExitDamaged},
		{fmt.Errorf("wrapped: %w", ErrInUse), ExitInUse},
	}
	for _, tc := range tests {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestDataDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	tests := []struct {
		name, flag string
		env        map[string]string
		want       string
	}{
		{"flag wins", "flagdir", map[string]string{DataDirEnv: "/env/dir"}, abs("flagdir")},
		{"variable", "", map[string]string{DataDirEnv: "envdir"}, abs("envdir")},
		{"absolute variable", "", map[string]string{DataDirEnv: "/abs/dir"}, abs("/abs/dir")},
	}
	for _, tc := range tests {
		got, err := DataDir(tc.flag, env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("%s: DataDir = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	t.Setenv("HOME", "/home/u")
	got, err := DataDir("", env(nil))
	if err != nil || filepath.Base(got) != "ChorusDesk" || !filepath.IsAbs(got) {
		t.Fatalf("default DataDir = %q, %v", got, err)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	t.Setenv("AppData", "")
	if _, err := DataDir("", nil); err != nil {
		var ie *i18n.Error
		if !errors.As(err, &ie) || ie.Key != "store.datadir.no_config_dir" {
			t.Fatalf("no config dir: %v", err)
		}
	}
}
