package core

import (
	"errors"
	"strings"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

func TestSaveSetupValidation(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	partial := creds("p")
	partial.Password = ""
	tests := []struct {
		name   string
		st     domain.Setup
		field  string // field of the expected problem; "" = saved
		env    domain.Env
		notice bool
	}{
		{"empty setup", domain.Setup{}, "", "", false},
		{"one slot", domain.Setup{Enabled: true, Tag: "T-1", Sandbox: creds("a")}, "", "", false},
		{"trimmed", domain.Setup{Sandbox: domain.Slot{ClientID: " cid-a ", ClientSecret: "secret-a",
			Login: "TECH_a@cpro.fr", Password: "pw-a"}}, "", "", true},
		{"incomplete slot", domain.Setup{Sandbox: partial}, "password", domain.Sandbox, false},
		{"bad tag", domain.Setup{Tag: "no spaces allowed"}, "tag", "", false},
		{"inner space in client ID", domain.Setup{Production: domain.Slot{ClientID: "a b",
			ClientSecret: "s", Login: "l", Password: "p"}}, "client_id", domain.Production, false},
		{"same client ID in both slots", domain.Setup{Sandbox: creds("x"), Production: creds("x")},
			"client_id", domain.Sandbox, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := s.Setup(a.ID)
			rep, err := s.SaveSetup(a.ID, tc.st)
			if tc.field != "" {
				ps := problemsOf(t, err)
				found := false
				for _, p := range ps {
					found = found || (p.Field == tc.field && p.Env == tc.env)
				}
				if !found {
					t.Fatalf("problems %+v lack %s/%s", ps, tc.env, tc.field)
				}
				if after, _ := s.Setup(a.ID); after != before {
					t.Fatal("a refused save changed the setup")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (len(rep.Notices) > 0) != tc.notice {
				t.Fatalf("notices = %v, want some: %v", rep.Notices, tc.notice)
			}
			got, err := s.Setup(a.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, _, _ := domain.NormalizeSetup(tc.st)
			if got != want {
				t.Fatal("saved setup does not read back")
			}
		})
	}
	if _, err := s.SaveSetup("0123456789abcdef", domain.Setup{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown company: %v", err)
	}
}

func TestEnvironmentRuleAcrossCompanies(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "ALPHA"), mustAdd(t, s, "BRAVO")
	def := defaultCompany(t, s)
	if _, err := s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a-sb"), Production: creds("a-prod")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSetup(def.ID, domain.Setup{Production: creds("d-prod")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		st          domain.Setup
		wantCompany string // company the refusal must name; "" = accepted
		wantEnv     string
	}{
		{"sandbox ID of ALPHA used in production", domain.Setup{Production: creds("a-sb")}, "ALPHA", "sandbox"},
		{"production ID of ALPHA used in sandbox", domain.Setup{Sandbox: creds("a-prod")}, "ALPHA", "production"},
		{"production ID of ***** in sandbox", domain.Setup{Sandbox: creds("d-prod")}, "*****", "production"},
		{"case change does not sneak past", domain.Setup{Production: domain.Slot{ClientID: "CID-A-SB",
			ClientSecret: "zz", Login: "l", Password: "p"}}, "ALPHA", "sandbox"},
		{"same sandbox ID as ALPHA is allowed", domain.Setup{Sandbox: creds("a-sb")}, "", ""},
		{"fresh values", domain.Setup{Sandbox: creds("b-sb"), Production: creds("b-prod")}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SaveSetup(b.ID, tc.st)
			if tc.wantCompany == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ps := problemsOf(t, err)
			msg := ps[0].Message
			if !strings.Contains(msg, tc.wantCompany) || !strings.Contains(strings.ToLower(msg), tc.wantEnv) {
				t.Fatalf("refusal %q does not name %s and %s", msg, tc.wantCompany, tc.wantEnv)
			}
			for _, f := range domain.Fields {
				if v := tc.st.Production.Get(f) + tc.st.Sandbox.Get(f); len(v) > 3 && strings.Contains(msg, v) {
					t.Fatalf("refusal %q reveals a value", msg)
				}
			}
		})
	}
}

func TestSharedLoginWarning(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "ALPHA"), mustAdd(t, s, "BRAVO")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	shared := creds("b")
	shared.Login = creds("a").Login
	rep, err := s.SaveSetup(b.ID, domain.Setup{Sandbox: shared})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "ALPHA") {
		t.Fatalf("warnings = %v, want one naming ALPHA", rep.Warnings)
	}
	if strings.Contains(rep.Warnings[0], shared.Login) {
		t.Fatal("warning reveals the login")
	}
}

func TestSaveSetupAudit(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	steps := []struct {
		st         domain.Setup
		action     string // "" = no audit entry (nothing changed)
		detailHave []string
	}{
		{domain.Setup{Sandbox: creds("1")}, ActionCreate, []string{"sandbox client ID set", "sandbox password set"}},
		{domain.Setup{Sandbox: creds("1")}, "", nil},
		{func() domain.Setup {
			c := creds("1")
			c.ClientID, c.ClientSecret = "cid-2", "secret-2"
			return domain.Setup{Sandbox: c, Tag: "T"}
		}(), ActionEdit, []string{"sandbox client ID changed", "sandbox secret changed", `ID tag "T" set`}},
		{domain.Setup{Tag: "T"}, ActionEdit, []string{"sandbox login removed"}},
	}
	for i, step := range steps {
		before, _ := s.Audit()
		if _, err := s.SaveSetup(a.ID, step.st); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		after, _ := s.Audit()
		if step.action == "" {
			if len(after) != len(before) {
				t.Fatalf("step %d: unchanged save audited: %+v", i, after[len(after)-1])
			}
			continue
		}
		e := after[len(after)-1]
		if len(after) != len(before)+1 || e.Action != step.action || e.Company != "A" {
			t.Fatalf("step %d: audit %+v", i, e)
		}
		for _, h := range step.detailHave {
			if !strings.Contains(e.Detail, h) {
				t.Fatalf("step %d: detail %q lacks %q", i, e.Detail, h)
			}
		}
	}
}

func TestSetEnabledAndResolve(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	def := defaultCompany(t, s)
	if _, err := s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSetup(def.ID, domain.Setup{Production: creds("d")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		aOn, defOn bool
		env        domain.Env
		source     domain.Source
		transfer   bool
		cred       domain.Slot
	}{
		{false, false, domain.Sandbox, domain.SourceNone, false, domain.Slot{}},
		{true, false, domain.Sandbox, domain.SourceSpecific, true, creds("a")},
		{true, true, domain.Production, domain.SourceSpecific, false, domain.Slot{}},
		{false, true, domain.Production, domain.SourceDefault, true, creds("d")},
		{false, true, domain.Sandbox, domain.SourceDefault, false, domain.Slot{}},
	}
	for i, tc := range tests {
		if err := s.SetEnabled(a.ID, tc.aOn); err != nil {
			t.Fatal(err)
		}
		// ***** holds production credentials only: enabling it needs production active.
		if _, err := s.SetActiveEnv(domain.Production, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetEnabled(def.ID, tc.defOn); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetActiveEnv(domain.Sandbox, true); err != nil {
			t.Fatal(err)
		}
		res, err := s.Resolve(a.ID, tc.env)
		if err != nil || res.Source != tc.source || res.Transfer != tc.transfer || res.Reason == "" {
			t.Fatalf("case %d: Resolve = %+v, %v", i, res, err)
		}
		res2, cred, err := s.ResolveCredentials(a.ID, tc.env)
		if err != nil || res2 != res || !credsEqual(cred, tc.cred) {
			t.Fatalf("case %d: ResolveCredentials differs from Resolve or wrong credentials (%v)", i, err)
		}
	}
	var toggles []string
	a2, _ := s.Audit()
	for _, e := range a2 {
		if e.Action == ActionEnable || e.Action == ActionDisable {
			toggles = append(toggles, e.Company+":"+e.Action)
		}
	}
	want := "A:enable *****:enable A:disable"
	if strings.Join(toggles, " ") != want {
		t.Fatalf("toggles %v, want %s", toggles, want)
	}
}

func TestTestResults(t *testing.T) {
	s := openService(t)
	a := mustAdd(t, s, "A")
	r := domain.TestResult{Company: "A", Env: domain.Production, OK: false,
		Steps: []domain.TestStep{{Name: "network", OK: true, MS: 3}, {Name: "token", Message: "wrong"}}}
	if err := s.SaveTestResult(a.ID, r); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.LastTestResult(a.ID, domain.Sandbox); ok {
		t.Fatal("sandbox result appeared")
	}
	got, ok, err := s.LastTestResult(a.ID, domain.Production)
	if err != nil || !ok || got.Steps[1].Message != "wrong" || got.Env != domain.Production {
		t.Fatalf("LastTestResult = %+v, %v, %v", got, ok, err)
	}
	if err := s.SaveTestResult(a.ID, domain.TestResult{Env: "moon"}); err == nil {
		t.Fatal("result for an unknown env accepted")
	}
}

// A sealed value copied from one company's record into another's does not open: the sealing
// identity includes the company ID.
func TestSealedValueSwappedBetweenCompanies(t *testing.T) {
	s := openService(t)
	a, b := mustAdd(t, s, "A"), mustAdd(t, s, "B")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSetup(b.ID, domain.Setup{Sandbox: creds("b")}); err != nil {
		t.Fatal(err)
	}
	raw := func(id string) []byte {
		var v []byte
		if err := s.kv.View(func(txn storage.Tx) (err error) {
			v, err = txn.Get(setupKey(id))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := s.kv.Update(func(txn storage.Tx) error { return txn.Set(setupKey(b.ID), raw(a.ID)) }); err != nil {
		t.Fatal(err)
	}
	st, err := s.Setup(b.ID)
	if !errors.Is(err, storage.ErrTampered) {
		t.Fatalf("swapped record opened: err %v", err)
	}
	if st != (domain.Setup{}) {
		t.Fatal("a failed open returned data")
	}
	// After a new unlock the rule cache is rebuilt from disk and meets the bad record.
	s.Lock()
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	_, err = s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a2")})
	var ue *UnreadableSetupError
	if !errors.As(err, &ue) || ue.Company != "B" || !errors.Is(err, storage.ErrTampered) {
		t.Fatalf("save next to an unreadable record: %v, want an error naming B", err)
	}
	if _, err := s.Setup(b.ID); !errors.As(err, &ue) || ue.Company != "B" {
		t.Fatalf("Setup of the bad record: %v", err)
	}
	// Saving B again repairs it, and the audit says so.
	if _, err := s.SaveSetup(b.ID, domain.Setup{Sandbox: creds("b")}); err != nil {
		t.Fatalf("re-saving the unreadable setup: %v", err)
	}
	if e := lastAudit(t, s); !strings.Contains(e.Detail, "unreadable setup replaced") {
		t.Fatalf("audit %+v", e)
	}
	if _, err := s.SaveSetup(a.ID, domain.Setup{Sandbox: creds("a2")}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Setup(b.ID); err != nil || got.Sandbox != creds("b") {
		t.Fatalf("repaired setup: %v", err)
	}
}
