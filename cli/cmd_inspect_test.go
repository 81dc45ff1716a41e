package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chorusdesk/internal/fixtures"
)

// inspectRun runs `chorusdesk inspect args...` in-process with an empty environment.
func inspectRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"CHORUSDESK_DATA": t.TempDir()}
	code = Run(append([]string{"inspect"}, args...), IO{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return code, out.String(), errb.String()
}

// invoiceTestdata is the path of one of the repository's sample invoices.
func invoiceTestdata(name string) string { return fixtures.Invoice(name) }

func TestInspectJSON(t *testing.T) {
	notInvoice := filepath.Join(t.TempDir(), "notes.xml")
	if err := os.WriteFile(notInvoice, []byte("<html/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []string{
		invoiceTestdata("FA-2026-0001_UBL.xml"),
		invoiceTestdata("FA-2026-0002_CII.xml"),
		invoiceTestdata("FA-2026-0005_Factur-X-Minimum.pdf"),
		notInvoice,
	}
	// --json after the files: flags may come anywhere.
	code, out, stderr := inspectRun(t, append(files, "--json")...)
	if code != ExitFailed {
		t.Fatalf("exit %d, want %d (one file refused); stderr: %s", code, ExitFailed, stderr)
	}
	var got []map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not a JSON array of strings: %v\n%s", err, out)
	}
	want := []map[string]string{
		{"file": files[0], "format": "ubl", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE", "number": "FA-2026-0001",
			"seller_siret": "73282932000074", "buyer_siret": "21750001600019", "service_code": "SERV-COMPTA", "commitment": "A7450891", "error": ""},
		{"file": files[1], "format": "cii", "syntaxeFlux": "IN_DP_E1_CII_16B", "number": "FA-2026-0002",
			"seller_siret": "73282932000074", "buyer_siret": "21750001600019", "service_code": "SERV-COMPTA", "commitment": "A7450891", "error": ""},
		{"file": files[2], "format": "factur-x", "syntaxeFlux": "IN_DP_E2_CII_FACTURX", "number": "FA-2026-0005",
			"seller_siret": "73282932000074", "buyer_siret": "21750001600019", "service_code": "SERV-COMPTA", "commitment": "", "error": ""},
	}
	if len(got) != len(files) {
		t.Fatalf("%d results for %d files:\n%s", len(got), len(files), out)
	}
	for i, w := range want {
		for k, v := range w {
			if got[i][k] != v {
				t.Errorf("file %d %s = %q, want %q", i, k, got[i][k], v)
			}
		}
		if len(got[i]) != 9 {
			t.Errorf("file %d has keys %v, want the 9 documented ones", i, got[i])
		}
	}
	last := got[3]
	if last["file"] != notInvoice || last["format"] != "" || !strings.Contains(last["error"], "root element is html") {
		t.Errorf("refused file reported as %v", last)
	}
}

func TestInspectText(t *testing.T) {
	ubl, fx := invoiceTestdata("FA-2026-0001_UBL.xml"), invoiceTestdata("FA-2026-0005_Factur-X-Minimum.pdf")
	code, out, stderr := inspectRun(t, ubl, fx)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per file, got:\n%s", out)
	}
	for i, want := range [][]string{
		{ubl + ":", "FA-2026-0001", "2026-11-02", "IN_DP_E1_UBL_INVOICE", "73282932000074", "21750001600019", "SERV-COMPTA", "A7450891", "24919.99 EUR"},
		{fx + ":", "FA-2026-0005", "IN_DP_E2_CII_FACTURX", "commitment -"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %q lacks %q", lines[i], w)
			}
		}
	}
}

func TestInspectExitCodes(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.pdf")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout
		wantErr  string // in stderr
	}{
		{"no file", nil, ExitUsage, "", "usage: chorusdesk inspect"},
		{"only --json", []string{"--json"}, ExitUsage, "", "usage: chorusdesk inspect"},
		{"unknown flag", []string{"--company", "X", invoiceTestdata("FA-2026-0001_UBL.xml")}, ExitUsage, "", "usage: chorusdesk inspect"},
		{"missing file", []string{missing}, ExitFailed, missing + ": refused: the file does not exist", ""},
		{"all detected", []string{invoiceTestdata("FA-2026-0002_CII.xml")}, ExitOK, "FA-2026-0002", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := inspectRun(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, out, stderr)
			}
			if !strings.Contains(out, tt.wantOut) || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stdout %q (want %q), stderr %q (want %q)", out, tt.wantOut, stderr, tt.wantErr)
			}
		})
	}
}

// TestInspectSamples runs inspect on the ten sample invoices: all must be detected.
func TestInspectSamples(t *testing.T) {
	files := fixtures.InvoicePaths()
	if len(files) != 10 {
		t.Fatalf("want the 10 samples, found %d", len(files))
	}
	code, out, stderr := inspectRun(t, append([]string{"--json"}, files...)...)
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	var got []inspection
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		number, _, _ := strings.Cut(filepath.Base(r.File), "_")
		if r.Error != "" || r.Number != number || r.ServiceCode != "SERV-COMPTA" || r.BuyerSIRET != "21750001600019" {
			t.Errorf("%+v", r)
		}
	}
}
