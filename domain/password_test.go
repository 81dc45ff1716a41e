package domain

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/i18n"
)

func TestCheckMasterPassword(t *testing.T) {
	for _, c := range []struct {
		pw  string
		key string // "" = accepted
	}{
		{"", "setupui.password.short"},
		{"Tr0ub4dor&3", "setupui.password.short"}, // 11 characters, however strong
		{"password1234", "setupui.password.weak"},
		{"aaaaaaaaaaaaaaaa", "setupui.password.weak"},
		{"azertyuiop12", "setupui.password.weak"},
		{"Chorusdesk2026", "setupui.password.weak"},
		{"motdepasse2026!", "setupui.password.weak"},
		{"123456789012", "setupui.password.weak"},
		{"correct horse battery 42", ""},
		{"une phrase assez longue", ""},
		{"Jw8#kq2!Lm4z", ""},
		{"été à Sète, 3 cafés", ""},                            // accented letters count as one character each
		{strings.Repeat("zq9#", 200), "setupui.password.weak"}, // long, but one repeated pattern
		{"The quick brown fox jumps over the lazy dog while 42 zebras dance on a roof in Saint-Malo", ""},
		{"\xff\xfe invalid utf-8 bytes", "setupui.password.invalid"},
	} {
		err := CheckMasterPassword([]byte(c.pw))
		var ie *i18n.Error
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%q refused: %v", c.pw, err)
		case c.key != "" && (!errors.As(err, &ie) || ie.Key != c.key):
			t.Errorf("%q: got %v, want %s", c.pw, err, c.key)
		}
		if err != nil && c.pw != "" && strings.Contains(err.Error(), c.pw) {
			t.Errorf("the message quotes the password: %v", err)
		}
	}
}

func TestMasterPasswordStrength(t *testing.T) {
	if s := MasterPasswordStrength(nil); s.Runes != 0 || s.Acceptable() {
		t.Fatalf("empty: %+v", s)
	}
	weak, strong := MasterPasswordStrength([]byte("password1234")), MasterPasswordStrength([]byte("correct horse battery 42"))
	if weak.Score >= strong.Score || weak.Acceptable() || !strong.Acceptable() {
		t.Fatalf("weak %+v strong %+v", weak, strong)
	}
	if s := MasterPasswordStrength([]byte("éééééééééééé")); s.Runes != 12 {
		t.Fatalf("runes %d", s.Runes)
	}
}

// BenchmarkMasterPasswordStrength bounds the cost of the estimate the window runs at every
// key stroke, long inputs included (the estimator reads at most strengthRunes characters).
func BenchmarkMasterPasswordStrength(b *testing.B) {
	pw := []byte(strings.Repeat("correct horse battery staple ", 40))
	for b.Loop() {
		MasterPasswordStrength(pw)
	}
}

func FuzzCheckMasterPassword(f *testing.F) {
	for _, s := range []string{"", "correct horse battery 42", "\xff", "ééé"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, pw []byte) {
		err := CheckMasterPassword(pw)
		if err == nil && !MasterPasswordStrength(pw).Acceptable() {
			t.Fatal("accepted a password the meter calls unacceptable")
		}
	})
}
