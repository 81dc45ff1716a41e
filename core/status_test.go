package core

import (
	"errors"
	"testing"

	"chorusdesk/domain"
)

func TestSetupStatus(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "A"), mustAdd(t, s, "B")
	def := defaultCompany(t, s)
	// A is enabled with production credentials only: production must be the active environment.
	if _, err := s.SetActiveEnv(domain.Production, false); err != nil {
		t.Fatal(err)
	}
	setups := map[string]domain.Setup{
		a.ID: {Enabled: true, Tag: "X", Production: creds("a")},
		b.ID: {Sandbox: creds("b")},
	}
	for id, st := range setups {
		if _, err := s.SaveSetup(id, st); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]SetupStatus{
		a.ID:   {Enabled: true, Tag: "X", Production: true},
		b.ID:   {Sandbox: true},
		def.ID: {},
	}
	s.Lock() // no key needed
	all, err := s.SetupStatuses()
	if err != nil || len(all) != len(want) {
		t.Fatalf("SetupStatuses = %v, %v", all, err)
	}
	for id, w := range want {
		got, err := s.SetupStatus(id)
		if err != nil || got != w || all[id] != w {
			t.Fatalf("status of %s = %+v / %+v, want %+v (%v)", id, got, all[id], w, err)
		}
		if id != def.ID {
			if got.HasData() != setups[id].HasData() || got.Filled(domain.Sandbox) != !setups[id].Sandbox.IsEmpty() {
				t.Fatalf("HasData/Filled of %s disagree with the setup", id)
			}
		}
	}
	if _, err := s.SetupStatus("0123456789abcdef"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown company: %v", err)
	}
}
