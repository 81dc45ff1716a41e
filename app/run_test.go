package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/i18n"
)

func TestDataDir(t *testing.T) {
	cfg, err := os.UserConfigDir()
	if err != nil {
		t.Skip("no user config dir here:", err)
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	cases := []struct {
		name    string
		args    []string
		env     string
		want    string
		wantErr bool
	}{
		{"default", nil, "", filepath.Join(cfg, "ChorusDesk"), false},
		{"env", nil, "/srv/cd", "/srv/cd", false},
		{"flag wins over env", []string{"--data", "/a"}, "/srv/cd", "/a", false},
		{"flag with =", []string{"--data=rel/dir"}, "", abs("rel/dir"), false},
		{"single dash and demo", []string{"--demo", "-data", "/b"}, "", "/b", false},
		{"flag without value", []string{"--data"}, "", "", true},
	}
	for _, c := range cases {
		got, err := dataDir(c.args, func(k string) string {
			if k == "CHORUSDESK_DATA" {
				return c.env
			}
			return ""
		})
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("%s: %q, %v; want %q (error %v)", c.name, got, err, c.want, c.wantErr)
		}
	}
}

func FuzzDataDir(f *testing.F) {
	for _, s := range []string{"--data\x00/x", "--data=", "--demo", "-data\x00a\x00--data\x00b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		dir, err := dataDir(args, func(string) string { return "" })
		if err == nil && dir != "" && !filepath.IsAbs(dir) {
			t.Fatalf("relative data dir %q from %q", dir, args)
		}
	})
}

func TestOpenDataInUse(t *testing.T) {
	dir := t.TempDir()
	first, code, _ := openData(dir, i18n.FR, cheapKDF)
	if first == nil || code != exitOK {
		t.Fatal("cannot open a fresh data dir")
	}
	defer first.Close()
	second, code, msg := openData(dir, i18n.FR, cheapKDF)
	if second != nil {
		second.Close()
		t.Fatal("a second instance opened the same data dir")
	}
	if code != exitInUse || msg != i18n.T(i18n.FR, "gui.err.in_use") {
		t.Fatalf("code %d, message %q", code, msg)
	}
}
