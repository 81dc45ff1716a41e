package conntest

import (
	"context"
	"strings"
	"testing"
	"time"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func TestMarkExpired(t *testing.T) {
	today := time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)
	failed := func() domain.TestResult {
		return domain.TestResult{Steps: []domain.TestStep{{Name: StepNetwork, OK: true}, {Name: StepToken, OK: true},
			{Name: StepAccount, Message: "Chorus login or password is wrong or expired"}, {Name: StepAttachment, Skipped: true}}}
	}
	for _, c := range []struct {
		name    string
		res     domain.TestResult
		expires string
		marked  bool
	}{
		{"expired yesterday", failed(), "2026-05-01", true},
		{"expires today", failed(), "2026-05-02", true},
		{"still valid", failed(), "2026-05-03", false},
		{"no date", failed(), "", false},
		{"account passed", domain.TestResult{Steps: []domain.TestStep{{Name: StepAccount, OK: true}}}, "2026-05-01", false},
	} {
		r := c.res
		if got := MarkExpired(&r, c.expires, today, i18n.FR); got != c.marked {
			t.Errorf("%s: marked %v", c.name, got)
		}
		if c.marked && !strings.Contains(r.Steps[2].Text(i18n.FR), "a expiré le 2026-05-0") {
			t.Errorf("%s: message %q", c.name, r.Steps[2].Text(i18n.FR))
		}
		if c.marked && !strings.Contains(r.Steps[2].Text(i18n.EN), "expired on 2026-05-0") {
			t.Errorf("%s: English %q", c.name, r.Steps[2].Text(i18n.EN))
		}
	}
}

// TestReadPasswordExpiry: after a passing Test, the expiry day Chorus Pro gives is kept on
// the slot of the setup that APPLIES — here `*****`'s, used as the fallback of ACME.
func TestReadPasswordExpiry(t *testing.T) {
	em := startEmulator(t)
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
	if err != nil {
		t.Fatal(err)
	}
	def, err := svc.Company(domain.DefaultCode)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ReadPasswordExpiry(context.Background(), svc, co.ID, domain.Sandbox, Options{}); ok || err != nil {
		t.Fatalf("no setup applies: ok=%v err=%v", ok, err)
	}
	if _, err := svc.SaveSetup(def.ID, domain.Setup{Enabled: true, Sandbox: demoCreds}); err != nil {
		t.Fatal(err)
	}
	day, ok, err := ReadPasswordExpiry(context.Background(), svc, co.ID, domain.Sandbox, Options{})
	if err != nil || !ok {
		t.Fatalf("ReadPasswordExpiry = %q %v %v", day, ok, err)
	}
	if st, _ := svc.SetupStatus(def.ID); st.Expires.Sandbox != day {
		t.Fatalf("kept on *****: %+v, want %s", st.Expires, day)
	}
	if st, _ := svc.SetupStatus(co.ID); st.Expires != (domain.Expiry{}) {
		t.Fatalf("written on ACME: %+v", st.Expires)
	}
}

// TestAttachedTo: the move dialog's question — is the moved account attached to the
// destination's SIRET? — answered from Chorus Pro's rattachements.
func TestAttachedTo(t *testing.T) {
	em := startEmulator(t)
	svc, err := core.Open(t.TempDir(), core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("ACME", "Acme SA", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetEndpoints(domain.Sandbox, endpoints(em)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if a, err := AttachedTo(ctx, svc, co.ID, domain.Sandbox, demoSIRET, Options{}); a != AttachUnknown || err != nil {
		t.Fatalf("empty slot: %v %v", a, err)
	}
	if _, err := svc.SaveSetup(co.ID, domain.Setup{Sandbox: demoCreds}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		siret string
		want  Attachment
	}{
		{demoSIRET, AttachYes},
		{otherSIRET, AttachNo},
		{"", AttachUnknown},
		{" \t", AttachUnknown},
		// As typed or pasted: white space of every kind inside (domain.NormalizeSIRET).
		{"732 829 320 00074", AttachYes},
		{"732\u00a0829\u00a0320\u202f00074", AttachYes},
		{"732\t829 320\n00074", AttachYes},
	} {
		if a, err := AttachedTo(ctx, svc, co.ID, domain.Sandbox, c.siret, Options{}); a != c.want || err != nil {
			t.Errorf("%q: %v %v, want %v", c.siret, a, err, c.want)
		}
	}
}

// TestForCompanyWithExpiry: the Test both faces run. A passing Test keeps the expiry day Chorus
// Pro gives (on the setup tested, enabled or not yet); a failed account step of a password whose
// day has come says "expired", in the step handed to OnStep and in the stored result alike.
func TestForCompanyWithExpiry(t *testing.T) {
	cases := []struct {
		name    string
		enabled bool
		expired bool   // the emulator refuses the password
		day     string // expiry day kept before the Test
		ok      bool
		account string // in the account step's text ("" = passed)
		keptDay func(string) bool
	}{
		{"passing, own setup not enabled yet", false, false, "", true, "",
			func(d string) bool { return d != "" }},
		{"passing, enabled", true, false, "2199-12-31", true, "",
			func(d string) bool { return d != "" && d != "2199-12-31" }},
		{"expired, day known", true, true, "2020-01-02", false, "expired on 2020-01-02",
			func(d string) bool { return d == "2020-01-02" }},
		{"refused, day ahead", true, true, "2199-12-31", false, "wrong or expired",
			func(d string) bool { return d == "2199-12-31" }},
		{"refused, no day", true, true, "", false, "wrong or expired",
			func(d string) bool { return d == "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			em := startEmulator(t)
			svc := openTestService(t, em)
			co, err := svc.AddCompany("ACME", "Acme SA", demoSIRET)
			if err != nil {
				t.Fatal(err)
			}
			st := domain.Setup{Enabled: c.enabled, Sandbox: demoCreds, Expires: domain.Expiry{Sandbox: c.day}}
			if _, err := svc.SaveSetup(co.ID, st); err != nil {
				t.Fatal(err)
			}
			if c.expired {
				em.ExpirePassword(demoCreds.Login)
			}
			var live domain.TestStep
			res, err := ForCompanyWithExpiry(context.Background(), svc, co.ID, domain.Sandbox, Options{
				OnStep: func(_ int, s domain.TestStep) {
					if s.Name == StepAccount {
						live = s
					}
				}})
			if err != nil || res.OK != c.ok {
				t.Fatalf("ok=%v err=%v: %s", res.OK, err, verdicts(res))
			}
			stored, _, _ := svc.LastTestResult(co.ID, domain.Sandbox)
			for what, s := range map[string]domain.TestStep{"live": live, "result": res.Steps[Index(StepAccount)],
				"stored": stored.Steps[Index(StepAccount)]} {
				if c.account != "" && !strings.Contains(s.Text(i18n.EN), c.account) {
					t.Errorf("%s account step %q, want %q", what, s.Text(i18n.EN), c.account)
				}
			}
			got, _ := svc.SetupStatus(co.ID)
			if !c.keptDay(got.Expires.Sandbox) {
				t.Errorf("expiry day kept: %q", got.Expires.Sandbox)
			}
		})
	}
}
