package diagnose

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/conntest"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/internal/fixtures"
	"chorusdesk/outbox"
)

type spy struct {
	mu  sync.Mutex
	tok map[string]bool
}

func (s *spy) RoundTrip(r *http.Request) (*http.Response, error) {
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		s.mu.Lock()
		s.tok[t] = true
		s.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestBundleHoldsNoSecret plants five secrets — the PISTE client secret, the Chorus password,
// login:password, the cpro-account value and a bearer token — runs Tests and calls against a
// gateway that quotes them back, journals the exchanges as a command would, builds the bundle
// from the journal as `chorusdesk diagnose` does, then unzips it and scans every entry for
// each secret: raw, base64 (both alphabets, padded or not) and URL-encoded.
func TestBundleHoldsNoSecret(t *testing.T) {
	dataDir := t.TempDir()
	svc, err := core.Open(dataDir, core.Options{KDF: &core.KDFParams{MemoryKiB: 8192, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Init([]byte("correct horse battery staple")); err != nil {
		t.Fatal(err)
	}
	em, err := emulator.Start("127.0.0.1:0", emulator.Options{Env: domain.Sandbox, ProcessingTime: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	creds := domain.Slot{ClientID: emulator.SandboxClientID, ClientSecret: "Pl4nted-client-Secret/+=?&",
		Login: "TECH_1_demo1@cpro.fr", Password: `Pl4nted pass&word"é"/+`}
	em.SetClientSecret(creds.ClientSecret)
	if err := em.SetAccountPassword(creds.Login, creds.Password); err != nil {
		t.Fatal(err)
	}
	co, err := svc.AddCompany("ACME", "Acme SA", emulator.SupplierSIRET1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSetup(co.ID, domain.Setup{Enabled: true, Sandbox: creds}); err != nil {
		t.Fatal(err)
	}
	ep := domain.Endpoints{OAuthURL: em.OAuthURL(), APIURL: em.APIURL()}
	if err := svc.SetEndpoints(domain.Sandbox, ep); err != nil {
		t.Fatal(err)
	}

	// The process journals its exchanges into the data directory, as every command does.
	diag := chorusapi.NewDiagnostics(chorusapi.DefaultExchanges, chorusapi.DefaultWarnings)
	if err := diag.Persist(JournalDir(dataDir)); err != nil {
		t.Fatal(err)
	}
	bearer := &spy{tok: map[string]bool{}}
	hc := &http.Client{Transport: bearer}
	ctx := context.Background()
	opt := conntest.Options{HTTPClient: hc, Diagnostics: diag}
	if res, err := conntest.ForCompany(ctx, svc, co.ID, domain.Sandbox, opt); err != nil || !res.OK {
		t.Fatalf("a clean Test fails: %+v %v", res, err)
	}
	c := chorusapi.New(chorusapi.Config{Env: domain.Sandbox, Endpoints: ep, Creds: domain.CredentialsOf(creds), HTTPClient: hc,
		Diagnostics: diag, Retry: chorusapi.NoRetry, Timeout: 5 * time.Second})
	dep, err := c.DeposerFlux(ctx, chorusapi.DeposerFluxRequest{FichierFlux: sample(t), NomFichier: "a.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []emulator.Fault{
		{Endpoint: "consulterCRDetaille", Kind: emulator.FaultEcho, Status: 200, CodeRetour: 29999},
		{Endpoint: "deposer/flux", Kind: emulator.FaultEcho},
		{Endpoint: "health-check", Kind: emulator.FaultEcho, Status: 401},
	} {
		em.InjectFault(f)
	}
	_, _ = c.ConsulterCRDetaille(ctx, dep.NumeroFluxDepot)
	_, _ = c.DeposerFlux(ctx, chorusapi.DeposerFluxRequest{FichierFlux: sample(t), NomFichier: "a.xml", SyntaxeFlux: "IN_DP_E1_UBL_INVOICE"})
	// The last Test kept meets the echoing gateway at its account step.
	if res, _ := conntest.ForCompany(ctx, svc, co.ID, domain.Sandbox, opt); res.OK {
		t.Fatal("the echoing gateway passed the Test")
	}
	em.ClearFaults()
	em.InjectFault(emulator.Fault{Endpoint: "/api/oauth/token", Kind: emulator.FaultEcho})
	_ = c.CheckToken(ctx, true)

	// A later command (diagnose) starts from the journal, with the vault locked.
	svc.Lock()
	later := chorusapi.NewDiagnostics(chorusapi.DefaultExchanges, chorusapi.DefaultWarnings)
	if err := later.Persist(JournalDir(dataDir)); err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(svc, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Gather(Inputs{Service: svc, Outbox: ob, Diagnostics: later})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bundle.zip")
	if err := WriteFile(out, rep); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("bundle file %v %v", st, err)
	}
	entries := unzip(t, out)

	account := creds.Login + ":" + creds.Password
	secrets := []string{creds.ClientSecret, creds.Password, account, base64.StdEncoding.EncodeToString([]byte(account))}
	for tok := range bearer.tok {
		secrets = append(secrets, tok)
	}
	if len(secrets) < 5 {
		t.Fatal("no bearer token was planted")
	}
	all := ""
	for name, body := range entries {
		all += body
		for i, s := range secrets {
			b := []byte(s)
			for _, form := range []string{s, base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
				base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b), url.QueryEscape(s), url.PathEscape(s)} {
				if strings.Contains(body, form) {
					t.Errorf("%s holds secret %d (%d chars)", name, i, len(s))
				}
			}
		}
	}
	// The bundle is not empty: it would prove nothing.
	var report map[string]any
	if err := json.Unmarshal([]byte(entries["report.json"]), &report); err != nil {
		t.Fatal(err)
	}
	var exchanges []chorusapi.Exchange
	if err := json.Unmarshal([]byte(entries["exchanges.json"]), &exchanges); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(em.APIURL(), "http://")
	if len(exchanges) < 7 || !strings.Contains(all, chorusapi.Redacted) || !strings.Contains(all, "Requete refusee") ||
		!strings.Contains(entries["report.json"], `"api_host": "`+host+`"`) || !strings.Contains(entries["report.json"], `"version": "`+Version+`"`) ||
		!strings.Contains(entries["warnings.json"], "29999") || !strings.Contains(entries["report.json"], `"company": "ACME"`) {
		t.Fatalf("bundle lacks what it must hold:\n%s\n%d exchanges\n%s", entries["report.json"], len(exchanges), entries["warnings.json"])
	}
	for _, x := range exchanges {
		if strings.Contains(x.Path, "?") {
			t.Errorf("an exchange keeps a query string: %s", x.Path)
		}
	}
}

func sample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(fixtures.Invoice("FA-2026-0001_UBL.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unzip(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	for _, want := range []string{"README.txt", "report.json", "exchanges.json", "warnings.json"} {
		if _, ok := out[want]; !ok {
			t.Fatalf("bundle lacks %s: %v", want, out)
		}
	}
	return out
}

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.piste.gouv.fr":                         "api.piste.gouv.fr",
		"https://user:secret@oauth.piste.gouv.fr/api/oauth": "oauth.piste.gouv.fr",
		"http://127.0.0.1:8080/x?key=secret":                "127.0.0.1:8080",
		"not a url":                                         "",
	} {
		if got := hostOf(in); got != want {
			t.Errorf("hostOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVersionMatchesFyneApp keeps the compiled-in version equal to FyneApp.toml (the file
// tools/pecheck checks the Windows binaries against).
func TestVersionMatchesFyneApp(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "FyneApp.toml"))
	if err != nil {
		t.Skip("FyneApp.toml not found")
	}
	defer f.Close()
	section, version, build := "", "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || section != "Details" {
			continue
		}
		switch strings.TrimSpace(k) {
		case "Version":
			version, _ = strconv.Unquote(strings.TrimSpace(v))
		case "Build":
			build = strings.TrimSpace(v)
		}
	}
	if version != Version || build != Build {
		t.Fatalf("FyneApp.toml says %s build %s, diagnose.Version/Build say %s build %s", version, build, Version, Build)
	}
}
