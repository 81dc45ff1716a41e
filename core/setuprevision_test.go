package core

import (
	"testing"
	"time"

	"chorusdesk/domain"
)

// The setup's revision moves with every save of what a Test depends on: the company's setup,
// the `*****` setup, the company, the endpoints; not with anything else.
func TestSetupRevision(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s, err := Open(t.TempDir(), Options{KDF: &KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Init([]byte("a master password for tests")); err != nil {
		t.Fatal(err)
	}
	c, err := s.AddCompany("ACME", "Acme", "73282932000074")
	if err != nil {
		t.Fatal(err)
	}
	def, err := s.Company(domain.DefaultCode)
	if err != nil {
		t.Fatal(err)
	}
	slot := domain.Slot{ClientID: "app", ClientSecret: "secret", Login: "TECH_1_a@cpro.fr", Password: "pw"}
	steps := []struct {
		name  string
		do    func() error
		moves bool
	}{
		{"own setup saved", func() error { _, err := s.SaveSetup(c.ID, domain.Setup{Enabled: true, Sandbox: slot}); return err }, true},
		{"production slot saved", func() error {
			_, err := s.SaveSetup(c.ID, domain.Setup{Enabled: true, Sandbox: slot, Production: domain.Slot{ClientID: "p", ClientSecret: "q", Login: "TECH_1_p@cpro.fr", Password: "r"}})
			return err
		}, true},
		{"***** setup saved", func() error { _, err := s.SaveSetup(def.ID, domain.Setup{Enabled: true, Sandbox: slot}); return err }, true},
		{"company renamed", func() error { return s.UpdateCompany(c.ID, "Acme SA", "73282932000074") }, true},
		{"endpoints changed", func() error {
			return s.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: "https://oauth.example/token", APIURL: "https://api.example"})
		}, true},
		{"another company added", func() error { _, err := s.AddCompany("BETA", "Beta", ""); return err }, false},
		{"auto-lock changed", func() error { return s.SetAutoLockAfter(20 * time.Minute) }, false},
	}
	prev, known, err := s.SetupRevision(c.ID, domain.Sandbox)
	if err != nil || !known {
		t.Fatalf("revision: %v %v", known, err)
	}
	for _, st := range steps {
		now = now.Add(time.Minute)
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		rev, known, err := s.SetupRevision(c.ID, domain.Sandbox)
		if err != nil || !known {
			t.Fatalf("%s: %v %v", st.name, known, err)
		}
		if moved := !rev.Equal(prev); moved != st.moves {
			t.Errorf("%s: revision %v → %v, want moved=%v", st.name, prev, rev, st.moves)
		}
		prev = rev
	}
}
