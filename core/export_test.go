package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

const exportPass = "export passphrase"

// populated returns a vault with three companies, setups and changed settings.
func populated(t *testing.T) *Service {
	t.Helper()
	s := openService(t)
	a, err := s.AddCompany("ALPHA", "Alpha SA", siret("7328293200007"))
	if err != nil {
		t.Fatal(err)
	}
	b := mustAdd(t, s, "BRAVO")
	def := defaultCompany(t, s)
	// Production first: `*****` is enabled with production credentials only.
	if _, err := s.SetActiveEnv(domain.Production, false); err != nil {
		t.Fatal(err)
	}
	for id, st := range map[string]domain.Setup{
		a.ID:   {Enabled: true, Tag: "A1", Sandbox: creds("a-sb"), Production: creds("a-prod")},
		b.ID:   {Sandbox: creds("b-sb")},
		def.ID: {Enabled: true, Production: creds("d-prod")},
	} {
		if _, err := s.SaveSetup(id, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: "http://127.0.0.1:9/token", APIURL: "http://127.0.0.1:9"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAutoLockAfter(3 * time.Minute); err != nil {
		t.Fatal(err)
	}
	return s
}

// state is everything Export carries, read through the public API, keyed by company code.
func state(t *testing.T, s *Service) map[string]any {
	t.Helper()
	out := map[string]any{}
	cs, err := s.Companies()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		st, err := s.Setup(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		out["company/"+c.Code] = [3]string{c.Name, c.SIRET, ""}
		out["setup/"+c.Code] = st
	}
	out["env"], _ = s.ActiveEnv()
	for _, e := range domain.Envs {
		out["endpoints/"+string(e)], _ = s.Endpoints(e)
	}
	out["autolock"], _ = s.AutoLockAfter()
	return out
}

func sameState(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestExportImportRoundTrip(t *testing.T) {
	src := populated(t)
	var buf bytes.Buffer
	if err := src.Export(&buf, []byte(exportPass)); err != nil {
		t.Fatal(err)
	}
	if e := lastAudit(t, src); e.Action != ActionExport {
		t.Fatalf("export not audited: %+v", e)
	}
	dst := openService(t) // another vault, another data key, other company IDs
	rep, err := dst.Import(bytes.NewReader(buf.Bytes()), []byte(exportPass))
	if err != nil {
		t.Fatal(err)
	}
	// ALPHA and BRAVO added (company and setup each), the default company's setup changed,
	// sandbox endpoints and auto-lock changed.
	if rep != (ImportReport{Companies: 3, Setups: 3, Settings: 2, Added: 4, Changed: 1}) {
		t.Fatalf("report %+v", rep)
	}
	want := state(t, src)
	want["env"] = domain.Sandbox // an import never switches the active environment
	if !sameState(want, state(t, dst)) {
		t.Fatal("imported vault differs from the exported one")
	}
	if e := lastAudit(t, dst); e.Action != ActionImport || !strings.Contains(e.Detail, "3 companies written (4 parts added, 1 changed)") {
		t.Fatalf("import audit %+v", e)
	}
	// Importing again finds everything equal: nothing to write, no duplicate companies.
	rep, err = dst.Import(bytes.NewReader(buf.Bytes()), []byte(exportPass))
	if err != nil || rep != (ImportReport{}) {
		t.Fatalf("second import: %+v %v", rep, err)
	}
	if !sameState(want, state(t, dst)) {
		t.Fatal("second import changed the result")
	}
}

func TestImportRefusesAndLeavesVaultUntouched(t *testing.T) {
	src := populated(t)
	var buf bytes.Buffer
	if err := src.Export(&buf, []byte(exportPass)); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)-5] ^= 0x40

	// sealDoc seals an edited copy of the exported document, as a hostile or broken tool would.
	sealDoc := func(edit func(d *exportDoc)) []byte {
		plain, err := storage.OpenWithPassphrase([]byte(exportPass), good)
		if err != nil {
			t.Fatal(err)
		}
		var d exportDoc
		if err := json.Unmarshal(plain, &d); err != nil {
			t.Fatal(err)
		}
		edit(&d)
		plain, _ = json.Marshal(d)
		b, err := storage.SealWithPassphrase([]byte(exportPass), plain, storage.KDFParams(*cheapKDF))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	byCode := func(d *exportDoc, code string) *exportCompany {
		for i := range d.Companies {
			if d.Companies[i].Code == code {
				return &d.Companies[i]
			}
		}
		t.Fatalf("no %s in export", code)
		return nil
	}
	tests := []struct {
		name    string
		bundle  []byte
		pass    string
		wantMsg string
	}{
		{"wrong passphrase", good, "not it", "damaged or the passphrase is wrong"},
		{"bit flip", flipped, exportPass, "damaged or the passphrase is wrong"},
		{"truncated", good[:len(good)/2], exportPass, "damaged or the passphrase is wrong"},
		{"empty file", nil, exportPass, "damaged or the passphrase is wrong"},
		{"not JSON inside", func() []byte {
			b, _ := storage.SealWithPassphrase([]byte(exportPass), []byte("hello"), storage.KDFParams(*cheapKDF))
			return b
		}(), exportPass, "not a Chorus Desk export"},
		{"future format", sealDoc(func(d *exportDoc) { d.Version = 99 }), exportPass, "newer version"},
		{"invalid setup", sealDoc(func(d *exportDoc) { byCode(d, "BRAVO").Setup.Sandbox.Password = "" }), exportPass, "BRAVO"},
		{"invalid code", sealDoc(func(d *exportDoc) { byCode(d, "BRAVO").Code = "BR AVO" }), exportPass, "BR AVO"},
		{"duplicate code", sealDoc(func(d *exportDoc) { byCode(d, "BRAVO").Code = "alpha" }), exportPass, "twice"},
		{"env rule against the existing vault", sealDoc(func(d *exportDoc) {
			byCode(d, "BRAVO").Setup.Production = creds("x-sb")
		}), exportPass, "XRAY"},
		{"env rule inside the bundle", sealDoc(func(d *exportDoc) {
			byCode(d, "BRAVO").Setup.Production = creds("a-sb")
		}), exportPass, "ALPHA"},
		{"SIRET taken by an existing company", sealDoc(func(d *exportDoc) {
			byCode(d, "BRAVO").SIRET = siret("1111111100001")
		}), exportPass, "XRAY"},
		{"bad endpoints", sealDoc(func(d *exportDoc) {
			d.Settings.Endpoints[domain.Production] = domain.Endpoints{OAuthURL: "ftp://x", APIURL: "x"}
		}), exportPass, "URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := openService(t)
			x, err := dst.AddCompany("XRAY", "X-ray", siret("1111111100001"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := dst.SaveSetup(x.ID, domain.Setup{Sandbox: creds("x-sb")}); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dst)
			_, err = dst.Import(bytes.NewReader(tc.bundle), []byte(tc.pass))
			if err == nil || !strings.Contains(err.Error(), tc.wantMsg) {
				t.Fatalf("Import err = %v, want one mentioning %q", err, tc.wantMsg)
			}
			if !sameSnapshot(before, snapshot(t, dst)) {
				t.Fatal("a refused import changed the vault")
			}
		})
	}
}

func TestExportImportNeedUnlockedVault(t *testing.T) {
	s := populated(t)
	var buf bytes.Buffer
	if err := s.Export(&buf, nil); err == nil {
		t.Fatal("empty export passphrase accepted")
	}
	if err := s.Export(&buf, []byte(exportPass)); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	if err := s.Export(&bytes.Buffer{}, []byte(exportPass)); !errors.Is(err, ErrLocked) {
		t.Fatalf("Export while locked: %v", err)
	}
	if _, err := s.Import(bytes.NewReader(buf.Bytes()), []byte(exportPass)); !errors.Is(err, ErrLocked) {
		t.Fatalf("Import while locked: %v", err)
	}
}
