package autostart

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRunKey is the Windows Run key in memory.
type fakeRunKey map[string]string

func (f fakeRunKey) Get(name string) (string, bool, error) { v, ok := f[name]; return v, ok, nil }
func (f fakeRunKey) Set(name, value string) error          { f[name] = value; return nil }
func (f fakeRunKey) Delete(name string) error              { delete(f, name); return nil }

func entry(exec string) Entry {
	return Entry{Name: "Chorus Desk", ID: "fr.chorusdesk.app", Exec: exec, Args: []string{"--background", "--data", "/home/ana/Données ChorusDesk"}}
}

// Enable, Status and Disable on each OS, in a temporary home: the file (or Run key value) is
// where that desktop looks, holds the program quoted as its format requires, is replaced on
// Enable, recognised by Status, and gone after Disable.
func TestEnableStatusDisable(t *testing.T) {
	for _, tc := range []struct {
		goos   string
		exec   string
		env    map[string]string
		path   string // relative to home ("" = the Run key)
		expect []string
	}{
		{goos: "linux", exec: "/opt/Chorus Desk/chorusdesk", path: ".config/autostart/fr.chorusdesk.app.desktop",
			expect: []string{"[Desktop Entry]\n", "Type=Application\n", "Name=Chorus Desk\n",
				`Exec="/opt/Chorus Desk/chorusdesk" "--background" "--data" "/home/ana/Données ChorusDesk"` + "\n",
				"X-GNOME-Autostart-enabled=true\n"}},
		{goos: "linux", exec: "/usr/bin/chorusdesk", env: map[string]string{"XDG_CONFIG_HOME": "CONFIG"},
			path: "cfg/autostart/fr.chorusdesk.app.desktop", expect: []string{`Exec="/usr/bin/chorusdesk" "--background"`}},
		{goos: "freebsd", exec: "/usr/local/bin/chorusdesk", path: ".config/autostart/fr.chorusdesk.app.desktop",
			expect: []string{`Exec="/usr/local/bin/chorusdesk"`}},
		{goos: "darwin", exec: "/Applications/Chorus Desk.app/Contents/MacOS/chorusdesk", path: "Library/LaunchAgents/fr.chorusdesk.app.plist",
			expect: []string{"<key>Label</key>\n\t<string>fr.chorusdesk.app</string>",
				"<string>/Applications/Chorus Desk.app/Contents/MacOS/chorusdesk</string>\n\t\t<string>--background</string>\n\t\t<string>--data</string>\n\t\t<string>/home/ana/Données ChorusDesk</string>",
				"<key>RunAtLoad</key>\n\t<true/>"}},
		{goos: "windows", exec: `C:\Users\Ana\AppData\Local\Programs\Chorus Desk\chorusdesk.exe`,
			expect: []string{`"C:\Users\Ana\AppData\Local\Programs\Chorus Desk\chorusdesk.exe" --background --data "/home/ana/Données ChorusDesk"`}},
	} {
		t.Run(tc.goos+" "+filepath.Base(tc.exec), func(t *testing.T) {
			home := t.TempDir()
			rk := fakeRunKey{}
			env := Env{GOOS: tc.goos, Home: home, RunKey: rk, Getenv: func(k string) string {
				if v := tc.env[k]; v == "CONFIG" {
					return filepath.Join(home, "cfg")
				} else {
					return v
				}
			}}
			e := entry(tc.exec)
			read := func() (string, bool) {
				if tc.path == "" {
					v, ok := rk["Chorus Desk"]
					return v, ok
				}
				b, err := os.ReadFile(filepath.Join(home, tc.path))
				return string(b), err == nil
			}
			if st, err := Status(env, e); st != Off || err != nil {
				t.Fatalf("status before: %v, %v", st, err)
			}
			if err := Enable(env, e); err != nil {
				t.Fatal(err)
			}
			got, ok := read()
			if !ok {
				t.Fatalf("nothing at %q after Enable", tc.path)
			}
			for _, want := range tc.expect {
				if !strings.Contains(got, want) {
					t.Errorf("entry lacks %q:\n%s", want, got)
				}
			}
			if tc.path != "" {
				if fi, _ := os.Stat(filepath.Join(home, tc.path)); fi.Mode().Perm() != 0o644 {
					t.Errorf("mode %v, want 0644", fi.Mode().Perm())
				}
				if m, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Join(home, tc.path)), ".chorusdesk-*")); len(m) > 0 {
					t.Errorf("temporary files left: %v", m)
				}
			}
			if st, err := Status(env, e); st != On || err != nil {
				t.Fatalf("status after enable: %v, %v", st, err)
			}
			// Another program path (an older copy) under the same name is Other, and Enable
			// replaces it.
			moved := e
			moved.Exec = filepath.Join(filepath.Dir(tc.exec), "old", "chorusdesk")
			if tc.goos == "windows" {
				moved.Exec = `C:\Old\chorusdesk.exe`
			}
			if st, _ := Status(env, moved); st != Other {
				t.Fatalf("status of another program: %v, want Other", st)
			}
			if err := Enable(env, moved); err != nil {
				t.Fatal(err)
			}
			if st, _ := Status(env, moved); st != On {
				t.Fatal("Enable did not replace the older entry")
			}
			if err := Disable(env, e); err != nil {
				t.Fatal(err)
			}
			if _, ok := read(); ok {
				t.Fatal("entry still there after Disable")
			}
			if err := Disable(env, e); err != nil {
				t.Fatalf("Disable twice: %v", err)
			}
			if st, err := Status(env, e); st != Off || err != nil {
				t.Fatalf("status after disable: %v, %v", st, err)
			}
		})
	}
}

// The quoting of each format, on the characters that break them.
func TestQuoting(t *testing.T) {
	for _, tc := range []struct{ in, desktop, windows string }{
		{`plain`, `"plain"`, `plain`},
		{`with space`, `"with space"`, `"with space"`},
		{`a"quote`, `"a\\"quote"`, `"a\"quote"`},
		{`dollar$HOME`, `"dollar\\$HOME"`, `dollar$HOME`},
		{"back`tick", "\"back\\\\`tick\"", "back`tick"},
		{`C:\dir\`, `"C:\\\\dir\\\\"`, `C:\dir\`},
		{`C:\my dir\`, `"C:\\\\my dir\\\\"`, `"C:\my dir\\"`},
		{`100%`, `"100%%"`, `100%`},
		{``, `""`, `""`},
	} {
		if got := desktopQuote(tc.in); got != tc.desktop {
			t.Errorf("desktopQuote(%q) = %s, want %s", tc.in, got, tc.desktop)
		}
		if got := windowsQuote(tc.in); got != tc.windows {
			t.Errorf("windowsQuote(%q) = %s, want %s", tc.in, got, tc.windows)
		}
	}
	if got := launchAgent(Entry{ID: "a&b", Exec: "/x<y>"}); !strings.Contains(got, "<string>a&amp;b</string>") || !strings.Contains(got, "<string>/x&lt;y&gt;</string>") {
		t.Errorf("plist not escaped:\n%s", got)
	}
}

func TestRefusals(t *testing.T) {
	home := t.TempDir()
	for _, tc := range []struct {
		name string
		env  Env
		e    Entry
		err  error
	}{
		{"relative program", Env{GOOS: "linux", Home: home}, Entry{Name: "n", ID: "i", Exec: "chorusdesk"}, ErrBadEntry},
		{"newline in an argument", Env{GOOS: "linux", Home: home}, Entry{Name: "n", ID: "i", Exec: "/bin/x", Args: []string{"a\nb"}}, ErrBadEntry},
		{"unknown OS", Env{GOOS: "plan9", Home: home}, Entry{Name: "n", ID: "i", Exec: "/bin/x"}, ErrUnsupported},
		{"windows without a Run key", Env{GOOS: "windows", Home: home}, Entry{Name: "n", ID: "i", Exec: `C:\x.exe`}, ErrUnsupported},
	} {
		if err := Enable(tc.env, tc.e); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("a refused entry wrote %d files", len(entries))
	}
}

func TestExecutable(t *testing.T) {
	p, err := Executable(Env{GOOS: "linux", Getenv: func(k string) string {
		if k == "APPIMAGE" {
			return "/home/ana/Apps/Chorus_Desk.AppImage"
		}
		return ""
	}})
	if err != nil || p != "/home/ana/Apps/Chorus_Desk.AppImage" {
		t.Fatalf("inside an AppImage: %q, %v", p, err)
	}
	p, err = Executable(Env{GOOS: "linux"})
	if err != nil || !filepath.IsAbs(p) {
		t.Fatalf("plain program: %q, %v", p, err)
	}
	// On Windows and macOS $APPIMAGE means nothing.
	if p2, _ := Executable(Env{GOOS: "darwin", Getenv: func(string) string { return "/x.AppImage" }}); p2 != p {
		t.Fatalf("darwin took APPIMAGE: %q", p2)
	}
}
