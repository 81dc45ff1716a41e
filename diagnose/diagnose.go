// Package diagnose builds the diagnostics bundle a user sends to support: one zip holding the
// app's version, the system, the endpoints (hosts only), the last API exchanges (no body, no
// token, no credential), the last Test result of each company and environment, the outbox
// counts per state and the recent warnings. Both faces call it: `chorusdesk diagnose` and the
// window's Help → Diagnostics. It imports no Fyne; the Fyne version is read from the build
// information of the binary.
package diagnose

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// Version and Build are the app's version as FyneApp.toml gives it ([Details] Version and
// Build, which tools/pecheck checks in the Windows binaries). A release build may set them
// with -ldflags "-X chorusdesk/diagnose.Version=… -X chorusdesk/diagnose.Build=…"; a test
// keeps these defaults equal to FyneApp.toml.
var (
	Version = "0.1.0"
	Build   = "1"
)

// JournalDir is where the client's exchanges and warnings are journaled in a data directory,
// so that a bundle made after a failing command still has them.
func JournalDir(dataDir string) string { return filepath.Join(dataDir, "diagnostics") }

// Journal makes the process-wide diagnostics journal into dataDir; errors are ignored (the
// bundle then holds what this process saw).
func Journal(dataDir string) { _ = chorusapi.Recent().Persist(JournalDir(dataDir)) }

// Report is the content of a bundle.
type Report struct {
	GeneratedAt time.Time            `json:"generated_at"`
	App         AppInfo              `json:"app"`
	System      SystemInfo           `json:"system"`
	Endpoints   map[domain.Env]Hosts `json:"endpoints"`
	Tests       []TestSummary        `json:"tests"`
	Outbox      OutboxSummary        `json:"outbox"`
	Exchanges   []chorusapi.Exchange `json:"-"` // exchanges.json
	Warnings    []chorusapi.Warning  `json:"-"` // warnings.json
	// Notes say what could not be read (a locked vault, an outbox that did not open).
	Notes []string `json:"notes,omitempty"`
}

// AppInfo names the build.
type AppInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Build   string `json:"build"`
}

// SystemInfo names the platform and the toolchain.
type SystemInfo struct {
	OS          string `json:"os"`
	Arch        string `json:"arch"`
	GoVersion   string `json:"go_version"`
	FyneVersion string `json:"fyne_version"`
}

// Hosts are the endpoints of an environment without path, query or user information.
type Hosts struct {
	OAuth string `json:"oauth_host"`
	API   string `json:"api_host"`
}

// TestSummary is the last Test of one company in one environment.
type TestSummary struct {
	Company   string        `json:"company"`
	Env       domain.Env    `json:"env"`
	Source    domain.Source `json:"source,omitempty"`
	SetupFrom string        `json:"setup_company,omitempty"`
	Time      time.Time     `json:"time"`
	OK        bool          `json:"ok"`
	Steps     []StepSummary `json:"steps"`
}

// StepSummary is one step, its message in English (the language support reads).
type StepSummary struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Skipped bool   `json:"skipped,omitempty"`
	MS      int64  `json:"ms"`
	Message string `json:"message"`
}

// OutboxSummary counts the outbox's items per state.
type OutboxSummary struct {
	Total  int            `json:"total"`
	States map[string]int `json:"states"`
	// Source says how they were counted ("counts": outbox.Counts, from the store's indexes).
	Source string `json:"source"`
}

// Inputs are what Gather reads. Outbox may be nil (not opened: the counts are left out).
type Inputs struct {
	Service     *core.Service
	Outbox      *outbox.Outbox
	Diagnostics *chorusapi.Diagnostics // nil = chorusapi.Recent()
	Now         func() time.Time
}

// Gather reads everything a bundle holds. It needs no master password: nothing sealed goes
// into a bundle. When the vault is unlocked, its secrets are also used to scrub every text of
// the bundle, as a last line of defence behind the client's own scrubbing.
func Gather(in Inputs) (*Report, error) {
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	diag := in.Diagnostics
	if diag == nil {
		diag = chorusapi.Recent()
	}
	r := &Report{
		GeneratedAt: now().UTC(),
		App:         AppInfo{Name: "Chorus Desk", Version: Version, Build: Build},
		System:      SystemInfo{OS: runtime.GOOS, Arch: runtime.GOARCH, GoVersion: runtime.Version(), FyneVersion: fyneVersion()},
		Endpoints:   map[domain.Env]Hosts{},
		Exchanges:   diag.Exchanges(),
		Warnings:    diag.Warnings(),
		Outbox:      OutboxSummary{States: map[string]int{}, Source: "counts"},
	}
	svc := in.Service
	if svc == nil {
		return nil, fmt.Errorf("diagnose: no service")
	}
	for _, env := range domain.Envs {
		ep, err := svc.Endpoints(env)
		if err != nil {
			r.Notes = append(r.Notes, "endpoints "+string(env)+": "+err.Error())
			continue
		}
		r.Endpoints[env] = Hosts{OAuth: hostOf(ep.OAuthURL), API: hostOf(ep.APIURL)}
	}
	companies, err := svc.Companies()
	if err != nil {
		r.Notes = append(r.Notes, "companies: "+err.Error())
	}
	for _, c := range companies {
		for _, env := range domain.Envs {
			res, ok, err := svc.LastTestResult(c.ID, env)
			if err != nil || !ok {
				continue
			}
			ts := TestSummary{Company: c.Code, Env: env, Source: res.Source, SetupFrom: res.SetupFrom, Time: res.Time, OK: res.OK}
			for _, s := range res.Steps {
				ts.Steps = append(ts.Steps, StepSummary{Name: s.Name, OK: s.OK, Skipped: s.Skipped, MS: s.MS, Message: s.Text(i18n.EN)})
			}
			r.Tests = append(r.Tests, ts)
		}
	}
	if in.Outbox != nil {
		c, err := in.Outbox.Counts(outbox.Query{})
		if err != nil {
			r.Notes = append(r.Notes, "outbox counts: "+err.Error())
		}
		r.Outbox.Total = c.All
		for st, n := range c.ByState {
			r.Outbox.States[string(st)] = n
		}
	} else {
		r.Notes = append(r.Notes, "outbox not read")
	}
	if svc.Unlocked() {
		scrubAll(r, vaultSecrets(svc, companies))
	} else {
		r.Notes = append(r.Notes, "vault locked: bundle texts scrubbed by the client only")
	}
	return r, nil
}

// hostOf keeps host[:port] of an endpoint URL: no scheme-specific user information, path or
// query (a pasted URL may carry a key).
func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Host
}

// fyneVersion reads the Fyne module version linked into the binary ("" when absent: a test
// binary, the CLI built alone).
func fyneVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, d := range bi.Deps {
		if d.Path == "fyne.io/fyne/v2" {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return ""
}

// vaultSecrets lists every credential secret of every setup (and the forms they travel in).
func vaultSecrets(svc *core.Service, companies []domain.Company) []string {
	var out []string
	for _, c := range companies {
		st, err := svc.Setup(c.ID)
		if err != nil {
			continue
		}
		for _, env := range domain.Envs {
			cr := st.Slot(env)
			out = append(out, cr.ClientSecret, cr.Password)
			if cr.Password != "" {
				out = append(out, cr.Login+":"+cr.Password)
			}
		}
	}
	return out
}

// scrubAll removes secrets from every text of r.
func scrubAll(r *Report, secrets []string) {
	sc := chorusapi.NewScrubber(secrets...)
	for i := range r.Exchanges {
		r.Exchanges[i].Libelle = sc.String(r.Exchanges[i].Libelle)
	}
	for i := range r.Warnings {
		r.Warnings[i].Value = sc.String(r.Warnings[i].Value)
	}
	for i := range r.Tests {
		for j := range r.Tests[i].Steps {
			r.Tests[i].Steps[j].Message = sc.String(r.Tests[i].Steps[j].Message)
		}
	}
	for i := range r.Notes {
		r.Notes[i] = sc.String(r.Notes[i])
	}
}

const readme = `Chorus Desk diagnostics bundle / paquet de diagnostic

report.json     app version, system, endpoint hosts, last Test per company and
                environment, outbox counts per state
exchanges.json  the last API exchanges: method, path, HTTP status, Chorus Pro
                code and label, duration, correlation id
warnings.json   what Chorus Pro answered that Chorus Desk did not know

No invoice, no request or answer body, no token, no password, no client secret
is in this bundle. / Ce paquet ne contient ni facture, ni contenu de requête ou
de réponse, ni jeton, ni mot de passe, ni secret.
`

// Write writes r as a zip to w.
func Write(w io.Writer, r *Report) error {
	zw := zip.NewWriter(w)
	add := func(name string, v any) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: r.GeneratedAt})
		if err != nil {
			return err
		}
		if s, ok := v.(string); ok {
			_, err = io.WriteString(f, s)
			return err
		}
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if r.Exchanges == nil {
		r.Exchanges = []chorusapi.Exchange{}
	}
	if r.Warnings == nil {
		r.Warnings = []chorusapi.Warning{}
	}
	sort.SliceStable(r.Tests, func(i, j int) bool {
		return r.Tests[i].Company < r.Tests[j].Company || r.Tests[i].Company == r.Tests[j].Company && r.Tests[i].Env < r.Tests[j].Env
	})
	for _, e := range []struct {
		name string
		v    any
	}{{"README.txt", readme}, {"report.json", r}, {"exchanges.json", r.Exchanges}, {"warnings.json", r.Warnings}} {
		if err := add(e.name, e.v); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteFile writes the bundle to path: a temporary file in the same folder (0600), synced,
// then renamed, so a failure never leaves half a bundle under the name asked for.
func WriteFile(path string, r *Report) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".chorusdesk-diagnostics-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the rename this removes nothing
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return err
	}
	if err := Write(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
