package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func fullSlot(prefix string) Slot {
	return Slot{ClientID: prefix + "-client", ClientSecret: prefix + "-secret",
		Login: prefix + "-login", Password: prefix + "-password"}
}

// issueKeys lists "env/field/key" of issues for compact comparison.
func issueKeys(t *testing.T, issues []Issue) []string {
	t.Helper()
	var out []string
	for _, is := range issues {
		requireCatalog(t, is.Err)
		out = append(out, string(is.Env)+"/"+is.Field+"/"+is.Err.Key)
	}
	return out
}

func TestNormalizeSetup(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name     string
		in       Setup
		want     Setup // compared only when no problem is expected
		notices  []string
		problems []string
	}{
		{name: "empty setup", in: Setup{}, want: Setup{}},
		{name: "full sandbox only", in: Setup{Enabled: true, Tag: "T-1", Sandbox: fullSlot("s")},
			want: Setup{Enabled: true, Tag: "T-1", Sandbox: fullSlot("s")}},
		{name: "both slots", in: Setup{Sandbox: fullSlot("s"), Production: fullSlot("p")},
			want: Setup{Sandbox: fullSlot("s"), Production: fullSlot("p")}},
		{name: "trimming is reported per field",
			in:   Setup{Tag: " T ", Production: Slot{ClientID: " id\t", ClientSecret: "sec ", Login: "\nlogin", Password: "pw"}},
			want: Setup{Tag: "T", Production: Slot{ClientID: "id", ClientSecret: "sec", Login: "login", Password: "pw"}},
			notices: []string{"/tag/domain.tag.trimmed",
				"production/client_id/domain.slot.production.client_id.trimmed",
				"production/client_secret/domain.slot.production.client_secret.trimmed",
				"production/login/domain.slot.production.login.trimmed"}},
		{name: "whitespace-only slot is empty after trimming",
			in:      Setup{Sandbox: Slot{ClientID: "  ", Password: " "}},
			want:    Setup{},
			notices: []string{"sandbox/client_id/domain.slot.sandbox.client_id.trimmed", "sandbox/password/domain.slot.sandbox.password.trimmed"}},
		{name: "partial slot names every missing field",
			in: Setup{Sandbox: Slot{ClientID: "id"}},
			problems: []string{"sandbox/client_secret/domain.slot.sandbox.client_secret.missing",
				"sandbox/login/domain.slot.sandbox.login.missing",
				"sandbox/password/domain.slot.sandbox.password.missing"}},
		{name: "password only",
			in: Setup{Production: Slot{Password: "x"}},
			problems: []string{"production/client_id/domain.slot.production.client_id.missing",
				"production/client_secret/domain.slot.production.client_secret.missing",
				"production/login/domain.slot.production.login.missing"}},
		{name: "limits are inclusive",
			in:   Setup{Sandbox: Slot{ClientID: long(128), ClientSecret: long(256), Login: long(128), Password: long(256)}},
			want: Setup{Sandbox: Slot{ClientID: long(128), ClientSecret: long(256), Login: long(128), Password: long(256)}}},
		{name: "one past each limit",
			in: Setup{Sandbox: Slot{ClientID: long(129), ClientSecret: long(257), Login: long(129), Password: long(257)}},
			problems: []string{"sandbox/client_id/domain.slot.sandbox.client_id.too_long",
				"sandbox/client_secret/domain.slot.sandbox.client_secret.too_long",
				"sandbox/login/domain.slot.sandbox.login.too_long",
				"sandbox/password/domain.slot.sandbox.password.too_long"}},
		{name: "inner spaces refused in IDs, allowed in secrets",
			in: Setup{Production: Slot{ClientID: "a b", ClientSecret: "s e c", Login: "l\u00a0n", Password: "p w"}},
			problems: []string{"production/client_id/domain.slot.production.client_id.space",
				"production/login/domain.slot.production.login.space"}},
		{name: "control characters refused in IDs",
			in: Setup{Sandbox: Slot{ClientID: "a\x00b", ClientSecret: "s", Login: "l\u200bx", Password: "p"}},
			problems: []string{"sandbox/client_id/domain.slot.sandbox.client_id.chars",
				"sandbox/login/domain.slot.sandbox.login.chars"}},
		{name: "invalid UTF-8 refused everywhere",
			in: Setup{Sandbox: Slot{ClientID: "a\xffb", ClientSecret: "s\xfe", Login: "l", Password: "\xc3"}},
			problems: []string{"sandbox/client_id/domain.slot.sandbox.client_id.chars",
				"sandbox/client_secret/domain.slot.sandbox.client_secret.chars",
				"sandbox/password/domain.slot.sandbox.password.chars"}},
		{name: "tag rules",
			in:       Setup{Tag: "bad tag"},
			problems: []string{"/tag/domain.tag.chars"}},
		{name: "tag too long",
			in:       Setup{Tag: strings.Repeat("a", 21)},
			problems: []string{"/tag/domain.tag.too_long"}},
		{name: "tag of 20 mixed case", in: Setup{Tag: "aZ09_-aZ09_-aZ09_-aZ"}, want: Setup{Tag: "aZ09_-aZ09_-aZ09_-aZ"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, notices, problems := NormalizeSetup(tc.in)
			if got := strings.Join(issueKeys(t, notices), "\n"); got != strings.Join(tc.notices, "\n") {
				t.Errorf("notices:\n%s\nwant:\n%s", got, strings.Join(tc.notices, "\n"))
			}
			if got := strings.Join(issueKeys(t, problems), "\n"); got != strings.Join(tc.problems, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(tc.problems, "\n"))
			}
			if len(tc.problems) == 0 && out != tc.want {
				t.Errorf("out = %+v, want %+v", out, tc.want)
			}
			if out.Enabled != tc.in.Enabled {
				t.Error("Enabled flag changed")
			}
		})
	}
}

func TestNormalizeSetupMessagesNeverCarryValues(t *testing.T) {
	secret := "Sup3r-S3cret-Value"
	in := Setup{Tag: " x ", Sandbox: Slot{ClientID: " " + secret + " x", ClientSecret: secret + strings.Repeat("y", 300), Password: " " + secret}}
	_, notices, problems := NormalizeSetup(in)
	for _, is := range append(notices, problems...) {
		for _, lang := range []string{"en", "fr"} {
			msg := is.Err.Localize(langOf(lang))
			if strings.Contains(msg, secret) {
				t.Fatalf("message %q carries a value", msg)
			}
		}
	}
	if len(problems) == 0 {
		t.Fatal("expected problems")
	}
}

func TestValidateTag(t *testing.T) {
	for in, want := range map[string]string{"": "", " a_B-9 ": "a_B-9"} {
		got, err := ValidateTag(in)
		if err != nil || got != want {
			t.Errorf("ValidateTag(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"a b", "é", "a.b", strings.Repeat("z", 21)} {
		if _, err := ValidateTag(in); err == nil {
			t.Errorf("ValidateTag(%q) accepted", in)
		} else {
			asI18n(t, err)
		}
	}
}

func FuzzNormalizeSetup(f *testing.F) {
	f.Add("id", "secret", "login", "password", " tag ", "", "", "", "")
	f.Add(" a b ", "", "\xff", "", "", "x", "y", "z", "w")
	f.Add(strings.Repeat("é", 129), strings.Repeat("s", 257), "l", "p", "t", "i", "s", "l", "p")
	f.Fuzz(func(t *testing.T, sid, ssec, slog, spw, tag, pid, psec, plog, ppw string) {
		in := Setup{Tag: tag,
			Sandbox:    Slot{ClientID: sid, ClientSecret: ssec, Login: slog, Password: spw},
			Production: Slot{ClientID: pid, ClientSecret: psec, Login: plog, Password: ppw}}
		out, notices, problems := NormalizeSetup(in)
		for _, is := range append(notices, problems...) {
			if is.Err == nil {
				t.Fatal("issue without message")
			}
			for _, a := range is.Err.Args {
				if _, isString := a.(string); isString {
					t.Fatalf("issue %s carries a string argument", is.Err.Key)
				}
			}
		}
		// Normalizing twice changes nothing more and reports no trimming.
		again, n2, p2 := NormalizeSetup(out)
		if again != out || len(n2) != 0 || len(p2) != len(problems) {
			t.Fatalf("not idempotent: %+v → %+v (%d notices, %d vs %d problems)", out, again, len(n2), len(p2), len(problems))
		}
		if len(problems) > 0 {
			return
		}
		for _, e := range Envs {
			c := out.Slot(e)
			filled := 0
			for _, fld := range Fields {
				v := c.Get(fld)
				if v != strings.TrimSpace(v) || !utf8.ValidString(v) {
					t.Fatalf("accepted untrimmed or invalid %s %q", fld, v)
				}
				if v != "" {
					filled++
				}
			}
			if filled != 0 && filled != 4 {
				t.Fatalf("accepted a partial %s slot", e)
			}
			if utf8.RuneCountInString(c.ClientID) > MaxIDLen || strings.ContainsAny(c.ClientID, " \t\n") {
				t.Fatalf("accepted client ID %q", c.ClientID)
			}
		}
	})
}
