package main

import (
	"strings"
	"testing"
)

func TestAppVersion(t *testing.T) {
	cases := []struct {
		name, toml string
		want       [4]uint16
		err        string
	}{
		{"project file", "[Details]\nIcon = \"Icon.png\"\nName = \"Chorus Desk\"\nVersion = \"0.1.0\"\nBuild = 1\n\n[Release]\nBuildName = \"chorusdesk\"\n", [4]uint16{0, 1, 0, 1}, ""},
		{"two parts padded", "[Details]\nVersion = \"2.3\"\nBuild = 7\n", [4]uint16{2, 3, 0, 7}, ""},
		{"one part padded", "[Details]\nVersion = \"4\"\nBuild = 12\n", [4]uint16{4, 0, 0, 12}, ""},
		{"no build means 1", "[Details]\nVersion = \"1.2.3\"\n", [4]uint16{1, 2, 3, 1}, ""},
		{"pre-release suffix dropped", "[Details]\nVersion = \"1.2.3-rc1\"\nBuild = 4\n", [4]uint16{1, 2, 3, 4}, ""},
		{"comments and spacing", "# app\n[Details]   \n  Version=\"1.0.0\"  # shipped\n Build = 9 # ninth\n", [4]uint16{1, 0, 0, 9}, ""},
		{"Version of another table ignored", "[Release]\nVersion = \"9.9.9\"\n[Details]\nVersion = \"1.0.0\"\nBuild = 2\n", [4]uint16{1, 0, 0, 2}, ""},
		{"no version", "[Details]\nBuild = 1\n", [4]uint16{}, "no Version"},
		{"version outside Details only", "[Release]\nVersion = \"1.0.0\"\n", [4]uint16{}, "no Version"},
		{"unquoted", "[Details]\nVersion = 1.0.0\n", [4]uint16{}, "quoted"},
		{"four parts", "[Details]\nVersion = \"1.2.3.4\"\n", [4]uint16{}, "more than three"},
		{"letters", "[Details]\nVersion = \"1.x\"\n", [4]uint16{}, "numbers"},
		{"too big for a version word", "[Details]\nVersion = \"70000\"\n", [4]uint16{}, "numbers"},
		{"build not a number", "[Details]\nVersion = \"1.0.0\"\nBuild = \"1\"\n", [4]uint16{}, "Build"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := appVersion(strings.NewReader(c.toml))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one mentioning %q", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("appVersion = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

func FuzzAppVersion(f *testing.F) {
	f.Add("[Details]\nVersion = \"0.1.0\"\nBuild = 1\n")
	f.Add("[Details]\nVersion = \"1.2.3-rc1\" # x\n")
	f.Add("[Details\nVersion = \"\\\"#\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := appVersion(strings.NewReader(s))
		if err == nil && !strings.Contains(s, "Version") {
			t.Fatalf("accepted %q without a Version key: %v", s, v)
		}
	})
}
