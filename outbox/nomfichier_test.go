package outbox

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"chorusdesk/invoice"
)

var safeNom = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*\.(xml|pdf)$`)

func TestNomFichier(t *testing.T) {
	id := "0000000000000001abcdef12"
	long := strings.Repeat("N", 400)
	cases := []struct {
		name string
		it   Item
		want string // "" = only the invariants are checked
	}{
		{"tag and number", Item{ID: id, Tag: "ACME-01", Number: "FA-2026-0001", Format: string(invoice.FormatUBL), Deposits: 1}, "ACME-01_FA-2026-0001_abcdef12.xml"},
		{"factur-x is pdf", Item{ID: id, Number: "FA-1", Format: string(invoice.FormatFacturX), Deposits: 1}, "FA-1_abcdef12.pdf"},
		{"second deposit", Item{ID: id, Tag: "T", Number: "FA-1", Format: string(invoice.FormatCII), Deposits: 2}, "T_FA-1_abcdef12-2.xml"},
		{"windows path in the number", Item{ID: id, Number: `..\..\Windows\win.ini`, Deposits: 1}, "Windows_win.ini_abcdef12.xml"},
		{"slashes and spaces", Item{ID: id, Number: "FA/2026 001", Deposits: 1}, "FA_2026_001_abcdef12.xml"},
		{"accents", Item{ID: id, Number: "Facture-é", Deposits: 1}, "Facture-e_abcdef12.xml"},
		{"no number", Item{ID: id, Deposits: 1}, "invoice_abcdef12.xml"},
		{"too long", Item{ID: id, Tag: "TAG", Number: long, Deposits: 1}, ""},
		{"control characters", Item{ID: id, Number: "A\x00B\nC\u202e", Deposits: 1}, "A_B_C_abcdef12.xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := nomFichier(&c.it)
			checkNom(t, got)
			if c.want != "" && got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func checkNom(t *testing.T, got string) {
	t.Helper()
	if len(got) > MaxNomFichier || !safeNom.MatchString(got) || strings.Contains(got, "..") {
		t.Fatalf("unsafe name %q (%d characters)", got, len(got))
	}
}

// Invoice numbers and tags come from outside: whatever they hold, the name stays safe.
func FuzzNomFichier(f *testing.F) {
	f.Add("FA-1", "TAG", 1, true)
	f.Add(`..\..\x`, "", 3, false)
	f.Add(strings.Repeat("é", 300), "a.b", 0, true)
	f.Fuzz(func(t *testing.T, number, tag string, deposits int, pdf bool) {
		it := Item{ID: newID(testTime), Number: number, Tag: tag, Deposits: deposits, Format: string(invoice.FormatUBL)}
		if pdf {
			it.Format = string(invoice.FormatFacturX)
		}
		checkNom(t, nomFichier(&it))
	})
}

var testTime = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
