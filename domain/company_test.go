package domain

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestNormalizeCode(t *testing.T) {
	tests := []struct {
		in, want, errKey string
	}{
		{in: "acme", want: "ACME"},
		{in: "  Acme-FR_2 ", want: "ACME-FR_2"},
		{in: "*****", want: DefaultCode},
		{in: " ***** ", want: DefaultCode},
		{in: strings.Repeat("A", 20), want: strings.Repeat("A", 20)},
		{in: strings.Repeat("A", 21), errKey: "domain.code.too_long"},
		{in: "", errKey: "domain.code.empty"},
		{in: "   ", errKey: "domain.code.empty"},
		{in: "AC ME", errKey: "domain.code.chars"},
		{in: "ÉCOLE", errKey: "domain.code.chars"},
		{in: "****", errKey: "domain.code.chars"},
		{in: "******", errKey: "domain.code.chars"},
		{in: "A*B", errKey: "domain.code.chars"},
		{in: "A.B", errKey: "domain.code.chars"},
		{in: "ſ", errKey: "domain.code.chars"},      // long s upper-cases to "S"
		{in: "acmeı", errKey: "domain.code.chars"},  // dotless i upper-cases to "I"
		{in: "\u212a", errKey: "domain.code.chars"}, // Kelvin sign
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := NormalizeCode(tc.in)
			if tc.errKey != "" {
				if err == nil {
					t.Fatalf("NormalizeCode(%q) = %q, want error %s", tc.in, got, tc.errKey)
				}
				if e := asI18n(t, err); e.Key != tc.errKey {
					t.Fatalf("key %s, want %s", e.Key, tc.errKey)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("NormalizeCode(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestValidateName(t *testing.T) {
	tests := []struct {
		in, want, errKey string
	}{
		{in: "  Acme SAS ", want: "Acme SAS"},
		{in: "Société Générale", want: "Société Générale"},
		{in: strings.Repeat("é", 100), want: strings.Repeat("é", 100)},
		{in: strings.Repeat("é", 101), errKey: "domain.name.too_long"},
		{in: "", errKey: "domain.name.empty"},
		{in: " \t ", errKey: "domain.name.empty"},
		{in: "Acme\nSAS", errKey: "domain.name.chars"},
		{in: "Acme\x00", errKey: "domain.name.chars"},
		{in: "Acme \xff", errKey: "domain.name.chars"},
		{in: "Acme\u202eSAS", errKey: "domain.name.chars"}, // right-to-left override
		{in: "Acme\u2028SAS", errKey: "domain.name.chars"},
		{in: "Acme\u00a0SAS", want: "Acme\u00a0SAS"}, // no-break space pasted from a document
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ValidateName(tc.in)
			if tc.errKey != "" {
				if err == nil {
					t.Fatalf("ValidateName(%q) accepted", tc.in)
				}
				if e := asI18n(t, err); e.Key != tc.errKey {
					t.Fatalf("key %s, want %s", e.Key, tc.errKey)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ValidateName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

// Real SIRETs of public records (Google France, EDF, …): Luhn-valid.
var luhnValidSIRETs = []string{"73282932000074", "55208131766522", "44306184100047", "21750001600019", "26730062200011"}

func TestValidateSIRETKnownValid(t *testing.T) {
	for _, s := range luhnValidSIRETs {
		if !ValidSIRET(s) {
			t.Errorf("ValidSIRET(%s) = false", s)
		}
		spaced := s[:3] + " " + s[3:6] + " " + s[6:9] + " " + s[9:]
		got, err := ValidateSIRET(spaced)
		if err != nil || got != s {
			t.Errorf("ValidateSIRET(%q) = %q, %v; want %s", spaced, got, err, s)
		}
	}
}

func TestValidateSIRETRejectsEverySingleDigitTypo(t *testing.T) {
	// Luhn catches every single-digit substitution: prove it on each vector and position.
	for _, s := range luhnValidSIRETs {
		for i := 0; i < len(s); i++ {
			for d := byte('0'); d <= '9'; d++ {
				if d == s[i] {
					continue
				}
				typo := s[:i] + string(d) + s[i+1:]
				if ValidSIRET(typo) {
					t.Fatalf("typo %s of %s accepted", typo, s)
				}
				_, err := ValidateSIRET(typo)
				if e := asI18n(t, err); e.Key != "domain.siret.checksum" {
					t.Fatalf("typo %s: key %s", typo, e.Key)
				}
			}
		}
	}
}

func TestValidateSIRETLaPoste(t *testing.T) {
	// Every La Poste SIRET whose digit sum is a multiple of 5 is valid, whatever Luhn says;
	// every other one is invalid even when Luhn-valid, except the head office.
	valid, invalidButLuhn := 0, 0
	for nic := 0; nic < 100000; nic += 7 {
		s := fmt.Sprintf("356000000%05d", nic)
		sum := 0
		for _, c := range s {
			sum += int(c - '0')
		}
		want := sum%5 == 0 || s == "35600000000048"
		if got := ValidSIRET(s); got != want {
			t.Fatalf("ValidSIRET(%s) = %v, want %v (digit sum %d)", s, got, want, sum)
		}
		if want {
			valid++
		} else if luhnOK(s) {
			invalidButLuhn++
		}
	}
	if valid == 0 || invalidButLuhn == 0 {
		t.Fatalf("the sweep proved nothing: %d valid, %d Luhn-valid refused", valid, invalidButLuhn)
	}
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"35600000000048", true},  // head office: Luhn-valid, digit sum 26
		{"35600000000010", true},  // digit sum 15, not Luhn-valid
		{"35600000000006", true},  // digit sum 20 and Luhn-valid
		{"35600000000014", false}, // Luhn-valid, digit sum 19
		{"35600000000011", false}, // neither
	} {
		if got := ValidSIRET(tc.s); got != tc.ok {
			t.Errorf("ValidSIRET(%s) = %v, want %v", tc.s, got, tc.ok)
		}
	}
}

func TestValidateSIRETFormat(t *testing.T) {
	tests := []struct{ in, want, errKey string }{
		{in: "", want: ""},
		{in: "   ", want: ""},
		{in: "7328293200007", errKey: "domain.siret.format"},
		{in: "732829320000740", errKey: "domain.siret.format"},
		{in: "7328293200007A", errKey: "domain.siret.format"},
		{in: "732-829-320-00074", errKey: "domain.siret.format"},
		{in: "７３２８２９３２０００７４", errKey: "domain.siret.format"}, // full-width digits
		{in: "732\u00a0829\u202f320 00074", want: "73282932000074"},
		{in: "73282932000075", errKey: "domain.siret.checksum"},
	}
	for _, tc := range tests {
		got, err := ValidateSIRET(tc.in)
		if tc.errKey != "" {
			if err == nil {
				t.Errorf("ValidateSIRET(%q) = %q, want %s", tc.in, got, tc.errKey)
				continue
			}
			if e := asI18n(t, err); e.Key != tc.errKey {
				t.Errorf("ValidateSIRET(%q): key %s, want %s", tc.in, e.Key, tc.errKey)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ValidateSIRET(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if ValidSIRET("732 829 320 00074") {
		t.Error("ValidSIRET accepts spaces; it must be strict for detection")
	}
}

func FuzzValidateSIRET(f *testing.F) {
	for _, s := range append(luhnValidSIRETs, "35600000000048", "35600000000010", "", " 1 ", "abc", "\xff") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ValidateSIRET(s)
		if err != nil {
			if got != "" {
				t.Fatalf("error with a value %q", got)
			}
			asI18n(t, err)
			return
		}
		if got == "" {
			return
		}
		if !ValidSIRET(got) {
			t.Fatalf("ValidateSIRET(%q) = %q, which ValidSIRET refuses", s, got)
		}
		again, err := ValidateSIRET(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, got, again, err)
		}
	})
}

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"acme", "*****", " a-b_c ", "", "é", strings.Repeat("x", 21)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeCode(s)
		if err != nil {
			asI18n(t, err)
			return
		}
		again, err := NormalizeCode(got)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, got, again, err)
		}
		if got == DefaultCode {
			return
		}
		if len(got) == 0 || len(got) > MaxCodeLen || strings.ToUpper(got) != got {
			t.Fatalf("accepted bad code %q", got)
		}
		// The code is the typed text upper-cased, never a different text.
		if !strings.EqualFold(strings.TrimSpace(s), got) || len(strings.TrimSpace(s)) != len(got) {
			t.Fatalf("%q normalized to a different code %q", s, got)
		}
	})
}

// NormalizeSIRET takes out every kind of white space typed or written inside a SIRET, and
// nothing else; ValidateSIRET accepts exactly what it normalises to a valid SIRET.
func TestNormalizeSIRET(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"73282932000074", "73282932000074"},
		{"732 829 320 00074", "73282932000074"},
		{"732\u00a0829\u00a0320\u00a000074", "73282932000074"},
		{"732\u202f829\u202f320\u202f00074", "73282932000074"},
		{"\t73282932000074\r\n", "73282932000074"},
		{"732-829-320-00074", "732-829-320-00074"}, // not white space: ValidateSIRET refuses it
		{"７３２", "７３２"},                             // full-width digits are not digits here
	} {
		if got := NormalizeSIRET(tc.in); got != tc.want {
			t.Errorf("NormalizeSIRET(%q) = %q, want %q", tc.in, got, tc.want)
		}
		got, err := ValidateSIRET(tc.in)
		if err == nil && got != NormalizeSIRET(tc.in) {
			t.Errorf("ValidateSIRET(%q) = %q, not its normal form", tc.in, got)
		}
	}
}

func FuzzNormalizeSIRET(f *testing.F) {
	for _, s := range []string{"732 829 320 00074", "\u00a0", "a\u2028b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeSIRET(s)
		if NormalizeSIRET(n) != n {
			t.Fatalf("not idempotent: %q → %q", s, n)
		}
		for _, r := range n {
			if unicode.IsSpace(r) {
				t.Fatalf("%q keeps white space %q", s, r)
			}
		}
	})
}
