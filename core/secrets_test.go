package core

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// encodings returns the forms in which a secret could leak: as is, hex, and base64 (standard
// and URL alphabets) at each of the three alignments it can take inside a longer encoded
// buffer (only whole 3-byte groups of the secret encode the same wherever it sits).
func encodings(secret string) []string {
	b := []byte(secret)
	out := []string{secret, hex.EncodeToString(b)}
	for k := range 3 {
		part := b[k:]
		part = part[:len(part)/3*3]
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			out = append(out, enc.EncodeToString(part))
		}
	}
	return out
}

// scan reports which secrets appear, in any form, in data (where names the place).
func scan(t *testing.T, where string, data []byte, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		for _, form := range encodings(s) {
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("a planted secret (%d chars) appears in %s", len(s), where)
			}
		}
	}
}

// Five distinct secrets go in; none may come out of the data directory (after Close), the
// audit log or an export bundle.
func TestSecretsNeverStoredInClear(t *testing.T) {
	master := "Master-Password-7f3a9c1e"
	secretA, secretB := "ClientSecret-Alpha-5d2e8b", "ClientSecret-Bravo-91c4fa"
	pwA, pwB := "ChorusPassword-Alpha-03b7", "ChorusPassword-Bravo-e6d1"
	secrets := []string{master, secretA, secretB, pwA, pwB}

	dir := t.TempDir()
	s, err := Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(master)); err != nil {
		t.Fatal(err)
	}
	a, b, c := mustAdd(t, s, "ALPHA"), mustAdd(t, s, "BRAVO"), mustAdd(t, s, "CHARLIE")
	slotA := domain.Slot{ClientID: "cid-alpha", ClientSecret: secretA, Login: "tech-a", Password: pwA}
	slotB := domain.Slot{ClientID: "cid-bravo", ClientSecret: secretB, Login: "tech-b", Password: pwB}
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: slotA}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSetup(b.ID, domain.Setup{Production: slotB}); err != nil {
		t.Fatal(err)
	}
	// Every kind of audited change, so the audit log is exercised in full.
	if err := s.MoveSetup(b.ID, c.ID, false); err != nil {
		t.Fatal(err)
	}
	slotA.ClientSecret = secretA + "x"
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: slotA}); err != nil {
		t.Fatal(err)
	}
	slotA.ClientSecret = secretA
	if _, err := s.SaveSetup(a.ID, domain.Setup{Enabled: true, Sandbox: slotA}); err != nil {
		t.Fatal(err)
	}
	// C holds production credentials only: it can be enabled while production is active.
	if _, err := s.SetActiveEnv(domain.Production, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEnabled(c.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword([]byte(master), []byte(master+"!")); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword([]byte(master+"!"), []byte(master)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // wrong passwords must not leave a trace either
		_ = s.Unlock([]byte(master + strings.Repeat("?", i+1)))
	}
	var bundle bytes.Buffer
	if err := s.Export(&bundle, []byte("export-passphrase")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(bytes.NewReader(bundle.Bytes()), []byte("export-passphrase")); err != nil {
		t.Fatal(err)
	}
	bundleFile := filepath.Join(t.TempDir(), "firm.cdx")
	if err := s.ExportFile(bundleFile, []byte("export-passphrase")); err != nil {
		t.Fatal(err)
	}
	// Another vault imports it with a plan: ALPHA changed there after the bundle (a conflict,
	// overwritten on request), the rest added.
	dir2 := t.TempDir()
	s2, err := Open(dir2, Options{KDF: cheapKDF, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Init([]byte(master)); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.SaveSetup(mustAdd(t, s2, "ALPHA").ID, domain.Setup{Sandbox: creds("local")}); err != nil {
		t.Fatal(err)
	}
	plan, err := s2.PlanImport(bytes.NewReader(bundle.Bytes()), []byte("export-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if plan.Conflicts() == 0 {
		t.Fatal("no conflict planned: the import path under test is not the one meant")
	}
	planJSON, _ := json.Marshal(plan)
	var planText []string
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		planText = append(planText, plan.Lines(lang, ImportOptions{})...)
	}
	if _, err := s2.ApplyImport(plan, ImportOptions{OverwriteNewer: true}); err != nil {
		t.Fatal(err)
	}
	audit2, _ := s2.Audit()
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	audit, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	auditJSON, _ := json.Marshal(append(audit, audit2...))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fileBytes, err := os.ReadFile(bundleFile)
	if err != nil {
		t.Fatal(err)
	}
	scan(t, "the export file", fileBytes, secrets)
	scan(t, "the import plan", []byte(strings.Join(planText, "\n")), secrets)
	scan(t, "the import plan's JSON", planJSON, secrets)
	for _, d := range []string{dir, dir2} {
		scanDir(t, d, secrets)
	}
	scan(t, "the audit log", auditJSON, secrets)
	scan(t, "the export bundle", bundle.Bytes(), secrets)

	// Control: the scanner does find what it looks for, in each form.
	for _, form := range encodings(secretA) {
		if !bytes.Contains([]byte("xx"+form+"yy"), []byte(form)) {
			t.Fatal("scanner control failed")
		}
	}
	shifted := base64.StdEncoding.EncodeToString([]byte("ab" + secretA + "cd"))
	hit := false
	for _, form := range encodings(secretA) {
		hit = hit || strings.Contains(shifted, form)
	}
	if !hit {
		t.Fatal("scanner misses a base64 secret at an odd alignment")
	}
}

// scanDir scans every file of a data directory (after Close).
func scanDir(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(dir, path)
		scan(t, "data file "+rel, data, secrets)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Fatalf("only %d files in the data directory: nothing was scanned", files)
	}
}

// Twenty wrong passwords: each is the one generic error, and the database is byte-for-byte
// what it was; the right password still opens everything.
func TestWrongPasswordTwentyTimes(t *testing.T) {
	s := populated(t)
	want := state(t, s)
	before := snapshot(t, s)
	s.Lock()
	for i := range 20 {
		err := s.Unlock([]byte(testPassword + strings.Repeat("x", i%3) + string(rune('a'+i))))
		if !errors.Is(err, ErrWrongPassword) || err.Error() != ErrWrongPassword.Error() {
			t.Fatalf("attempt %d: %v, want the generic ErrWrongPassword", i, err)
		}
		if s.Unlocked() {
			t.Fatalf("attempt %d unlocked the vault", i)
		}
	}
	if !sameSnapshot(before, snapshot(t, s)) {
		t.Fatal("wrong passwords changed the database")
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if !sameState(want, state(t, s)) {
		t.Fatal("data not readable after wrong passwords")
	}
}

// The core and the packages beneath the CLI must build without Fyne (DEVELOPERS.md).
func TestNoFyneInCoreImportGraph(t *testing.T) {
	goTool, err := exec.LookPath("go") // go test puts its own toolchain first on PATH
	if err != nil {
		t.Skip("go tool not available")
	}
	pkgs := []string{"chorusdesk/core", "chorusdesk/domain", "chorusdesk/storage", "chorusdesk/cli"}
	cmd := exec.Command(goTool, append([]string{"list", "-e", "-deps", "-f", "{{.ImportPath}}"}, pkgs...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	sawBadger := false
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") {
			t.Errorf("%s is in the import graph of %v", d, pkgs)
		}
		sawBadger = sawBadger || d == "github.com/dgraph-io/badger/v4"
	}
	if !sawBadger {
		t.Fatalf("go list output lacks badger: the graph was not read (%d packages)", len(deps))
	}
}
