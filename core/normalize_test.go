package core

import (
	"errors"
	"testing"
)

// A company is found by its code the way the code was made (domain.NormalizeCode): surrounding
// spaces and case ignored, and no Unicode case folding that turns another letter into an
// ASCII one ("ſ" upper-cases to "S"); by SIRET with its grouping white space ignored.
func TestCompanyLookupNormalises(t *testing.T) {
	s := openService(t)
	c, err := s.AddCompany("STOCK", "Stock SA", "73282932000074")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		typed string
		found bool
	}{
		{"STOCK", true},
		{" stock\t", true},
		{"ſtock", false}, // U+017F, long s
		{"ST\u0130CK", false},
		{"", false},
		{"STOCK-THAT-IS-FAR-TOO-LONG", false},
	} {
		got, err := s.Company(tc.typed)
		switch {
		case tc.found && (err != nil || got.ID != c.ID):
			t.Errorf("Company(%q) = %q, %v; want STOCK", tc.typed, got.Code, err)
		case !tc.found && !errors.Is(err, ErrNotFound):
			t.Errorf("Company(%q) = %q, %v; want ErrNotFound", tc.typed, got.Code, err)
		}
	}
	for _, typed := range []string{"73282932000074", "732 829 320 00074", "732\u00a0829\u202f320\t00074"} {
		if got, found, err := s.CompanyBySIRET(typed); err != nil || !found || got.ID != c.ID {
			t.Errorf("CompanyBySIRET(%q) = %q, %v, %v", typed, got.Code, found, err)
		}
	}
}
