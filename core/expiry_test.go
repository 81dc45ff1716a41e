package core

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// TestSetEnabledRefusesEmptyActiveSlot: enabling a setup whose slot for the ACTIVE environment
// is empty is a validation error (exit 2 in the CLI) naming that environment, and changes
// nothing; disabling always works; the other environment's slot does not count.
func TestSetEnabledRefusesEmptyActiveSlot(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	for _, tc := range []struct {
		name   string
		setup  domain.Setup
		active domain.Env
		ok     bool
	}{
		{"empty setup", domain.Setup{}, domain.Sandbox, false},
		{"tag only", domain.Setup{Tag: "T"}, domain.Sandbox, false},
		{"production only, sandbox active", domain.Setup{Production: creds("p")}, domain.Sandbox, false},
		{"production only, production active", domain.Setup{Production: creds("p")}, domain.Production, true},
		{"sandbox filled", domain.Setup{Sandbox: creds("s")}, domain.Sandbox, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SetEnabled(a.ID, false); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SetActiveEnv(tc.active, true); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveSetup(a.ID, tc.setup); err != nil {
				t.Fatal(err)
			}
			before := len(auditOf(t, s))
			err := s.SetEnabled(a.ID, true)
			st, _ := s.SetupStatus(a.ID)
			if tc.ok {
				if err != nil || !st.Enabled {
					t.Fatalf("SetEnabled = %v, enabled %v", err, st.Enabled)
				}
				return
			}
			ps := problemsOf(t, err)
			if len(ps) != 1 || ps[0].Key != "setupui.enable.empty."+string(tc.active) || ps[0].Env != tc.active {
				t.Fatalf("problems %+v", ps)
			}
			if msg := i18n.Message(i18n.EN, err); !strings.Contains(msg, "fill and save the "+string(tc.active)+" credentials first") {
				t.Fatalf("message %q", msg)
			}
			if st.Enabled || len(auditOf(t, s)) != before {
				t.Fatal("a refused enable changed something")
			}
		})
	}
}

func auditOf(t *testing.T, s *Service) []AuditEntry {
	t.Helper()
	a, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestPasswordExpiry: the date is saved with the setup (checked, written YYYY-MM-DD, dropped
// for an empty slot), set alone without the secrets, audited, shown by SetupStatus without
// the key, and it moves with the setup.
func TestPasswordExpiry(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "A"), mustAdd(t, s, "B")
	st := domain.Setup{Sandbox: creds("a"), Expires: domain.Expiry{Sandbox: " 2027-03-31 ", Production: "2027-01-01"}}
	if _, err := s.SaveSetup(a.ID, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.Setup(a.ID)
	if err != nil || got.Expires != (domain.Expiry{Sandbox: "2027-03-31"}) {
		t.Fatalf("saved expiry %+v (%v): want the sandbox date only (production slot is empty)", got.Expires, err)
	}
	if a := lastAudit(t, s); !strings.Contains(a.Detail, "sandbox password expiry (none) → 2027-03-31") {
		t.Fatalf("audit %q", a.Detail)
	}

	bad := got
	bad.Expires.Sandbox = "31/03/2027"
	ps := problemsOf(t, func() error { _, err := s.SaveSetup(a.ID, bad); return err }())
	if len(ps) != 1 || ps[0].Field != domain.FieldPasswordExpires || ps[0].Env != domain.Sandbox {
		t.Fatalf("problems %+v", ps)
	}

	if err := s.SetPasswordExpiry(a.ID, domain.Sandbox, "2027-04-30T00:00:00.000+02:00"); err != nil {
		t.Fatal(err)
	}
	if stt, _ := s.SetupStatus(a.ID); stt.Expires.Sandbox != "2027-04-30" {
		t.Fatalf("status expiry %+v", stt.Expires)
	}
	if got, _ := s.Setup(a.ID); got.Sandbox != creds("a") {
		t.Fatal("SetPasswordExpiry changed the secrets")
	}
	err = s.SetPasswordExpiry(a.ID, domain.Production, "2027-04-30")
	if ps := problemsOf(t, err); ps[0].Key != "setupui.expiry.empty_slot" {
		t.Fatalf("expiry on an empty slot: %+v", ps)
	}
	if err := s.SetPasswordExpiry(a.ID, domain.Sandbox, "soon"); err == nil {
		t.Fatal("a malformed date was accepted")
	}

	if err := s.MoveSetup(a.ID, b.ID, false); err != nil {
		t.Fatal(err)
	}
	if stt, _ := s.SetupStatus(b.ID); stt.Expires.Sandbox != "2027-04-30" {
		t.Fatalf("the expiry did not move with the setup: %+v", stt.Expires)
	}
	if stt, _ := s.SetupStatus(a.ID); stt.Expires != (domain.Expiry{}) {
		t.Fatalf("the source kept an expiry: %+v", stt.Expires)
	}

	s.Lock()
	if err := s.SetPasswordExpiry(b.ID, domain.Sandbox, ""); !errors.Is(err, ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}
