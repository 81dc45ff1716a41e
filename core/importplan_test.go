package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// sharedClock is one timeline for several services (a bundle made on one desk, imported on
// another), moved on by hand.
type sharedClock struct{ t time.Time }

func (c *sharedClock) Now() time.Time { return c.t }

func (c *sharedClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func openOnClock(t testing.TB, clock *sharedClock) *Service {
	t.Helper()
	s, err := Open(t.TempDir(), Options{KDF: cheapKDF, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	return s
}

func exportBytes(t testing.TB, s *Service) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.Export(&b, []byte(exportPass)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func planOf(t testing.TB, s *Service, bundle []byte) ImportPlan {
	t.Helper()
	p, err := s.PlanImport(bytes.NewReader(bundle), []byte(exportPass))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func companyPlan(t testing.TB, p ImportPlan, code string) CompanyImport {
	t.Helper()
	for _, c := range p.Companies {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no %s in the plan", code)
	return CompanyImport{}
}

func setupOf(t testing.TB, s *Service, code string) domain.Setup {
	t.Helper()
	c, err := s.Company(code)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Setup(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// Which parts are added, changed, left alone and in conflict, by the change times of the
// records and of the bundle's copies; conflicts kept unless OverwriteNewer.
func TestImportPlanActions(t *testing.T) {
	clock := &sharedClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	src := openOnClock(t, clock)
	acme, err := src.AddCompany("ACME", "Acme", siret("7328293200007"))
	if err != nil {
		t.Fatal(err)
	}
	beta := mustAdd(t, src, "BETA")
	for id, st := range map[string]domain.Setup{acme.ID: {Enabled: true, Sandbox: creds("acme")}, beta.ID: {Sandbox: creds("beta")}} {
		if _, err := src.SaveSetup(id, st); err != nil {
			t.Fatal(err)
		}
	}
	clock.advance(time.Hour) // 10:00
	dst := openOnClock(t, clock)
	if _, err := dst.Import(bytes.NewReader(exportBytes(t, src)), []byte(exportPass)); err != nil {
		t.Fatal(err)
	}

	// 11:00, on the source desk: ACME's setup and BETA's name change.
	clock.advance(time.Hour)
	if _, err := src.SaveSetup(acme.ID, domain.Setup{Enabled: true, Sandbox: creds("acme-2")}); err != nil {
		t.Fatal(err)
	}
	if err := src.UpdateCompany(beta.ID, "Beta SARL", ""); err != nil {
		t.Fatal(err)
	}
	// 12:00, here: BETA's setup changes, and a local-only company appears.
	clock.advance(time.Hour)
	dbeta, _ := dst.Company("BETA")
	if _, err := dst.SaveSetup(dbeta.ID, domain.Setup{Sandbox: creds("beta-here")}); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, dst, "LOCAL")
	// 13:00, the source exports; the source's copy of BETA's setup dates from 09:00.
	clock.advance(time.Hour)
	bundle := exportBytes(t, src)

	p := planOf(t, dst, bundle)
	want := map[string][2]ImportAction{
		"*****": {ImportSame, ImportSame},
		"ACME":  {ImportSame, ImportChange},     // the bundle's setup is newer
		"BETA":  {ImportChange, ImportConflict}, // renamed there; setup changed here after 09:00
		"LOCAL": {ImportKeep, ImportKeep},
	}
	for code, w := range want {
		c := companyPlan(t, p, code)
		if c.Company.Action != w[0] || c.Setup.Action != w[1] {
			t.Errorf("%s: company %s, setup %s; want %s, %s", code, c.Company.Action, c.Setup.Action, w[0], w[1])
		}
	}
	if c := companyPlan(t, p, "BETA").Setup; c.Here.Hour() != 12 || c.Bundle.Hour() != 9 {
		t.Errorf("conflict times: here %v, bundle %v", c.Here, c.Bundle)
	}
	if p.Conflicts() != 1 || !p.Pending(ImportOptions{}) {
		t.Fatalf("conflicts %d", p.Conflicts())
	}

	rep, err := dst.ApplyImport(p, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 2 || rep.KeptNewer != 1 || rep.Overwritten != 0 {
		t.Fatalf("report %+v", rep)
	}
	if st := setupOf(t, dst, "BETA"); st.Sandbox != creds("beta-here") {
		t.Fatal("a setup changed here after the bundle's copy was overwritten without being asked")
	}
	if st := setupOf(t, dst, "ACME"); st.Sandbox != creds("acme-2") {
		t.Fatal("ACME's newer setup was not taken")
	}
	if c, _ := dst.Company("BETA"); c.Name != "Beta SARL" {
		t.Fatalf("BETA's name: %q", c.Name)
	}

	// The same bundle again: only the conflict is left; taking the bundle's copy on request.
	p = planOf(t, dst, bundle)
	if p.Pending(ImportOptions{}) || !p.Pending(ImportOptions{OverwriteNewer: true}) {
		t.Fatalf("second plan: pending %v / %v", p.Pending(ImportOptions{}), p.Pending(ImportOptions{OverwriteNewer: true}))
	}
	rep, err = dst.ApplyImport(p, ImportOptions{OverwriteNewer: true})
	if err != nil || rep.Overwritten != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if st := setupOf(t, dst, "BETA"); st.Sandbox != creds("beta") {
		t.Fatal("OverwriteNewer did not take the bundle's copy")
	}
	// The record now carries the bundle's time: another import of it is no conflict.
	if p := planOf(t, dst, bundle); p.Conflicts() != 0 || p.Pending(ImportOptions{OverwriteNewer: true}) {
		t.Fatalf("after overwrite: %d conflicts", p.Conflicts())
	}
}

// A bundle made before change times were kept (no per-record times): its creation time
// stands in; records without a time here never count as newer.
func TestImportPlanWithoutChangeTimes(t *testing.T) {
	clock := &sharedClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	src := openOnClock(t, clock)
	a := mustAdd(t, src, "ACME")
	if _, err := src.SaveSetup(a.ID, domain.Setup{Sandbox: creds("src")}); err != nil {
		t.Fatal(err)
	}
	old := stripTimes(t, exportBytes(t, src)) // made at 09:00

	for _, tc := range []struct {
		name      string
		stamped   bool
		localTime time.Duration // after the bundle was made
		want      ImportAction
	}{
		{"changed here after the bundle", true, time.Hour, ImportConflict},
		{"changed here before the bundle", true, -time.Hour, ImportChange},
		{"no time here", false, time.Hour, ImportChange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &sharedClock{t: clock.t.Add(tc.localTime)}
			dst := openOnClock(t, c)
			d := mustAdd(t, dst, "ACME")
			if _, err := dst.SaveSetup(d.ID, domain.Setup{Sandbox: creds("dst")}); err != nil {
				t.Fatal(err)
			}
			if !tc.stamped {
				if err := dst.kv.Update(func(txn storage.Tx) error { return deletePrefix(txn, []byte(prefixChangeTime)) }); err != nil {
					t.Fatal(err)
				}
			}
			if got := companyPlan(t, planOf(t, dst, old), "ACME").Setup.Action; got != tc.want {
				t.Fatalf("setup: %s, want %s", got, tc.want)
			}
		})
	}
}

// stripTimes reseals a bundle without any change time, as an older version wrote it.
func stripTimes(t testing.TB, bundle []byte) []byte {
	t.Helper()
	plain, err := storage.OpenWithPassphrase([]byte(exportPass), bundle)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(plain, &doc); err != nil {
		t.Fatal(err)
	}
	settings := doc["settings"].(map[string]any)
	delete(settings, "endpoints_changed")
	delete(settings, "autolock_changed")
	for _, c := range doc["companies"].([]any) {
		delete(c.(map[string]any), "changed")
		delete(c.(map[string]any), "setup_changed")
	}
	plain, _ = json.Marshal(doc)
	b, err := storage.SealWithPassphrase([]byte(exportPass), plain, storage.KDFParams(*cheapKDF))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The active environment is never switched; settings follow the same rules as setups.
func TestImportKeepsActiveEnvAndPlansSettings(t *testing.T) {
	clock := &sharedClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	src := openOnClock(t, clock)
	if err := src.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: "https://a.example/token", APIURL: "https://a.example"}); err != nil {
		t.Fatal(err)
	}
	if err := src.SetAutoLockAfter(20 * time.Minute); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	dst := openOnClock(t, clock)
	if _, err := dst.SetActiveEnv(domain.Production, true); err != nil {
		t.Fatal(err)
	}
	if err := dst.SetAutoLockAfter(5 * time.Minute); err != nil { // after the source's change
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	p := planOf(t, dst, exportBytes(t, src))
	if p.ActiveEnv != domain.Production || p.BundleEnv != domain.Sandbox {
		t.Fatalf("env %s / bundle %s", p.ActiveEnv, p.BundleEnv)
	}
	got := map[string]ImportAction{}
	for _, s := range p.Settings {
		got[s.Setting+"/"+string(s.Env)] = s.Part.Action
	}
	if got["endpoints/sandbox"] != ImportChange || got["endpoints/production"] != ImportSame || got["autolock/"] != ImportConflict {
		t.Fatalf("settings %v", got)
	}
	if _, err := dst.ApplyImport(p, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if e, _ := dst.ActiveEnv(); e != domain.Production {
		t.Fatal("the import switched the active environment")
	}
	if d, _ := dst.AutoLockAfter(); d != 5*time.Minute {
		t.Fatal("a setting changed here after the bundle's copy was overwritten")
	}
	if ep, _ := dst.Endpoints(domain.Sandbox); ep.APIURL != "https://a.example" {
		t.Fatal("endpoints not imported")
	}
	lines := strings.Join(p.Lines(i18n.EN, ImportOptions{}), "\n")
	if !strings.Contains(lines, "active environment: stays production") {
		t.Fatalf("the plan does not say the environment stays:\n%s", lines)
	}
}

// A plan made before the vault changed is refused, and writes nothing.
func TestApplyImportRefusesAStalePlan(t *testing.T) {
	src := populated(t)
	dst := openService(t)
	p := planOf(t, dst, exportBytes(t, src))
	mustAdd(t, dst, "LATE")
	before := snapshot(t, dst)
	if _, err := dst.ApplyImport(p, ImportOptions{}); !errors.Is(err, ErrImportStale) {
		t.Fatalf("stale plan: %v", err)
	}
	if !sameSnapshot(before, snapshot(t, dst)) {
		t.Fatal("a stale plan wrote something")
	}
	if _, err := dst.ApplyImport(ImportPlan{}, ImportOptions{}); !errors.Is(err, ErrImportStale) {
		t.Fatalf("zero plan: %v", err)
	}
}

// The environment rule is checked on the vault as each choice would leave it: keeping a newer
// local setup can be fine where taking the bundle's would break the rule.
func TestImportProblemsDependOnTheChoice(t *testing.T) {
	clock := &sharedClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	src := openOnClock(t, clock)
	a := mustAdd(t, src, "ACME")
	if _, err := src.SaveSetup(a.ID, domain.Setup{Production: creds("x-sb")}); err != nil {
		t.Fatal(err)
	}
	bundle := exportBytes(t, src)
	clock.advance(time.Hour)
	dst := openOnClock(t, clock)
	x := mustAdd(t, dst, "XRAY")
	if _, err := dst.SaveSetup(x.ID, domain.Setup{Sandbox: creds("x-sb")}); err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, dst, "ACME")
	if _, err := dst.SaveSetup(d.ID, domain.Setup{Production: creds("mine")}); err != nil {
		t.Fatal(err)
	}
	p := planOf(t, dst, bundle)
	if len(p.Problems(ImportOptions{})) != 0 {
		t.Fatalf("keeping the local setup breaks nothing: %v", p.Problems(ImportOptions{}))
	}
	ps := p.Problems(ImportOptions{OverwriteNewer: true})
	if len(ps) == 0 || !strings.Contains(ps[0].Message, "XRAY") {
		t.Fatalf("taking the bundle's setup breaks the environment rule with XRAY: %v", ps)
	}
	before := snapshot(t, dst)
	var ve *ValidationError
	if _, err := dst.ApplyImport(p, ImportOptions{OverwriteNewer: true}); !errors.As(err, &ve) {
		t.Fatalf("apply: %v", err)
	}
	if !sameSnapshot(before, snapshot(t, dst)) {
		t.Fatal("a refused import wrote something")
	}
}

// The plan shows identifiers and says which secrets change, never their values, in both
// languages and in its JSON form (for the window).
func TestImportPlanShowsNoSecret(t *testing.T) {
	clock := &sharedClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	src := openOnClock(t, clock)
	a := mustAdd(t, src, "ACME")
	secrets := []string{"Bundle-Secret-0a1b2c3d", "Bundle-Password-4e5f6a7b", "Local-Secret-8c9d0e1f", "Local-Password-2a3b4c5d"}
	if _, err := src.SaveSetup(a.ID, domain.Setup{Sandbox: domain.Slot{ClientID: "app-bundle", ClientSecret: secrets[0], Login: "tech-b", Password: secrets[1]}}); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	bundle := exportBytes(t, src)
	dst := openOnClock(t, &sharedClock{t: clock.t.Add(-2 * time.Hour)})
	d := mustAdd(t, dst, "ACME")
	if _, err := dst.SaveSetup(d.ID, domain.Setup{Sandbox: domain.Slot{ClientID: "app-local", ClientSecret: secrets[2], Login: "tech-l", Password: secrets[3]}}); err != nil {
		t.Fatal(err)
	}
	p := planOf(t, dst, bundle)
	js, _ := json.Marshal(p)
	var text []string
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		for _, opt := range []ImportOptions{{}, {OverwriteNewer: true}} {
			text = append(text, p.Lines(lang, opt)...)
		}
	}
	all := strings.Join(text, "\n")
	scan(t, "the import plan", []byte(all), secrets)
	scan(t, "the import plan's JSON", js, secrets)
	for _, want := range []string{"app-local → app-bundle", "sandbox secret changed", "mot de passe qualification modifié"} {
		if !strings.Contains(all, want) {
			t.Errorf("the plan lacks %q:\n%s", want, all)
		}
	}
}

// An export is audited only once the bundle is written: a failed write leaves no line and,
// for a file, no file.
func TestExportAuditedOnlyWhenWritten(t *testing.T) {
	s := populated(t)
	exports := func() int {
		n := 0
		log, _ := s.Audit()
		for _, e := range log {
			if e.Action == ActionExport {
				n++
			}
		}
		return n
	}
	if err := s.Export(failingWriter{}, []byte(exportPass)); err == nil {
		t.Fatal("a failed write was reported as done")
	}
	missing := filepath.Join(t.TempDir(), "no-such-dir", "firm.cdx")
	if err := s.ExportFile(missing, []byte(exportPass)); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("ExportFile into a missing directory: %v", err)
	}
	if n := exports(); n != 0 {
		t.Fatalf("%d export lines after failed exports", n)
	}
	file := filepath.Join(t.TempDir(), "firm.cdx")
	if err := s.ExportFile(file, []byte(exportPass)); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("bundle file: %v %v", fi, err)
	}
	if n := exports(); n != 1 {
		t.Fatalf("%d export lines after one export", n)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*tmp*")); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
	b, _ := os.ReadFile(file)
	if _, err := openService(t).Import(bytes.NewReader(b), []byte(exportPass)); err != nil {
		t.Fatalf("the written bundle does not import: %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
