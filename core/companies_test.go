package core

import (
	"errors"
	"slices"
	"testing"

	"chorusdesk/domain"
)

func TestAddCompanyValidation(t *testing.T) {
	s := openService(t)
	taken := siret("7328293200007")
	if _, err := s.AddCompany("ACME", "Acme SA", taken); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, code, cname, siret string
		fields                   []string // fields with a problem; nil = accepted
	}{
		{"ok lower-case code", " beta-2 ", "Beta", "", nil},
		{"ok with SIRET", "GAMMA", "Gamma", siret("4438917200001"), nil},
		{"empty code", "", "X", "", []string{"code"}},
		{"bad code chars", "A B", "X", "", []string{"code"}},
		{"code too long", "ABCDEFGHIJKLMNOPQRSTU", "X", "", []string{"code"}},
		{"duplicate code any case", "acme", "Other", "", []string{"code"}},
		{"default code taken", "*****", "Other", "", []string{"code"}},
		{"empty name", "DELTA", "  ", "", []string{"name"}},
		{"bad SIRET", "EPS", "Eps", "12345678901234", []string{"siret"}},
		{"duplicate SIRET", "ZETA", "Zeta", taken, []string{"siret"}},
		{"all bad", "", "", "1", []string{"code", "name", "siret"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := s.AddCompany(tc.code, tc.cname, tc.siret)
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("AddCompany: %v", err)
				}
				got, err := s.CompanyByID(c.ID)
				if err != nil || got != c {
					t.Fatalf("CompanyByID = %+v, %v; want %+v", got, err, c)
				}
				return
			}
			var fields []string
			for _, p := range problemsOf(t, err) {
				fields = append(fields, p.Field)
				if p.Key == "" || p.Message == "" {
					t.Errorf("problem without key or message: %+v", p)
				}
			}
			if !slices.Equal(fields, tc.fields) {
				t.Fatalf("problem fields = %v, want %v", fields, tc.fields)
			}
		})
	}
}

func TestCompaniesOrderAndLookup(t *testing.T) {
	s := openService(t)
	for _, code := range []string{"ZULU", "ALPHA", "MIKE", "0-NUM"} {
		mustAdd(t, s, code)
	}
	cs, err := s.Companies()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	want := []string{"*****", "0-NUM", "ALPHA", "MIKE", "ZULU"}
	if !slices.Equal(codes, want) {
		t.Fatalf("order = %v, want %v", codes, want)
	}
	if c, err := s.Company(" mike "); err != nil || c.Code != "MIKE" {
		t.Fatalf("Company(mike) = %+v, %v", c, err)
	}
	if _, err := s.Company("NOPE"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Company(NOPE) err = %v, want ErrNotFound", err)
	}
	if _, err := s.CompanyByID("0123456789abcdef"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("CompanyByID err = %v, want ErrNotFound", err)
	}
	if len(cs[1].ID) != 16 || cs[1].ID == cs[2].ID {
		t.Fatalf("IDs are not 16 distinct hex digits: %q %q", cs[1].ID, cs[2].ID)
	}
}

func TestCompanyBySIRET(t *testing.T) {
	s := openService(t)
	sir := siret("5528417300001")
	c, err := s.AddCompany("ACME", "Acme", sir[:3]+" "+sir[3:])
	if err != nil {
		t.Fatal(err)
	}
	if c.SIRET != sir {
		t.Fatalf("stored SIRET %q, want %q", c.SIRET, sir)
	}
	tests := []struct {
		in    string
		found bool
	}{{sir, true}, {sir[:9] + " " + sir[9:], true}, {siret("5528417300002"), false}, {"", false}}
	for _, tc := range tests {
		got, ok, err := s.CompanyBySIRET(tc.in)
		if err != nil || ok != tc.found || (ok && got.ID != c.ID) {
			t.Errorf("CompanyBySIRET(%q) = %+v, %v, %v; want found=%v", tc.in, got, ok, err, tc.found)
		}
	}
}

func TestUpdateCompany(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	sirB := siret("1234567800001")
	if _, err := s.AddCompany("B", "Bee", sirB); err != nil {
		t.Fatal(err)
	}
	def := defaultCompany(t, s)
	tests := []struct {
		name, id, cname, siret string
		wantField              string // "" = accepted
	}{
		{"rename", a.ID, "Alpha SA", "", ""},
		{"add SIRET", a.ID, "Alpha SA", siret("9876543200001"), ""},
		{"SIRET of B", a.ID, "Alpha SA", sirB, "siret"},
		{"empty name", a.ID, "", "", "name"},
		{"rename default", def.ID, "Fallback", "", "name"},
		{"default keeps its name", def.ID, DefaultCompanyName, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.UpdateCompany(tc.id, tc.cname, tc.siret)
			if tc.wantField == "" {
				if err != nil {
					t.Fatal(err)
				}
				c, _ := s.CompanyByID(tc.id)
				if c.Name != tc.cname || c.SIRET != tc.siret {
					t.Fatalf("after update: %+v", c)
				}
				return
			}
			if ps := problemsOf(t, err); len(ps) != 1 || ps[0].Field != tc.wantField {
				t.Fatalf("problems = %+v, want one on %s", ps, tc.wantField)
			}
		})
	}
	if err := s.UpdateCompany("0123456789abcdef", "X", ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestRemoveCompany(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTestResult(a.ID, domain.TestResult{Company: "A", Env: domain.Sandbox, OK: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveCompany(defaultCompany(t, s).ID); err == nil {
		t.Fatal("removing ***** was accepted")
	}
	if err := s.RemoveCompany(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Company("A"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("company still there: %v", err)
	}
	if _, ok, _ := s.LastTestResult(a.ID, domain.Sandbox); ok {
		t.Fatal("test result survived the company")
	}
	// The setup went with it: the same client ID may now be used in production elsewhere.
	b := mustAdd(t, s, "B")
	if _, err := s.SaveSetup(b.ID, domain.Setup{Production: domain.Slot{ClientID: "cid-a",
		ClientSecret: "x-secret", Login: "l", Password: "p"}}); err != nil {
		t.Fatalf("setup of removed company still checked: %v", err)
	}
	// The code is free again.
	if _, err := s.AddCompany("a", "A again", ""); err != nil {
		t.Fatal(err)
	}
	if e := lastAudit(t, s); e.Action != ActionCompanyAdd || e.Company != "A" {
		t.Fatalf("last audit = %+v", e)
	}
}

func TestLockedVaultRefusesWrites(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	s.Lock()
	if s.Unlocked() {
		t.Fatal("still unlocked after Lock")
	}
	writes := map[string]func() error{
		"AddCompany":    func() error { _, err := s.AddCompany("B", "B", ""); return err },
		"UpdateCompany": func() error { return s.UpdateCompany(a.ID, "New", "") },
		"RemoveCompany": func() error { return s.RemoveCompany(a.ID) },
		"SaveSetup":     func() error { _, err := s.SaveSetup(a.ID, domain.Setup{Tag: "x"}); return err },
		"Setup":         func() error { _, err := s.Setup(a.ID); return err },
		"SetEnabled":    func() error { return s.SetEnabled(a.ID, true) },
		"SetActiveEnv":  func() error { _, err := s.SetActiveEnv(domain.Production, true); return err },
		"SetAutoLock":   func() error { return s.SetAutoLockAfter(DefaultAutoLock * 2) },
		"ResolveCreds":  func() error { _, _, err := s.ResolveCredentials(a.ID, domain.Sandbox); return err },
	}
	for name, fn := range writes {
		if err := fn(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s while locked: %v, want ErrLocked", name, err)
		}
	}
	// Non-secret reads still work.
	if cs, err := s.Companies(); err != nil || len(cs) != 2 {
		t.Fatalf("Companies while locked: %v, %v", cs, err)
	}
	if _, err := s.Resolve(a.ID, domain.Sandbox); err != nil {
		t.Fatalf("Resolve while locked: %v", err)
	}
}
