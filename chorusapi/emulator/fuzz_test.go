package emulator

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// FuzzDepositBody feeds arbitrary deposer/flux bodies to the handler: it must answer with a
// JSON envelope and never panic, whatever the file inside.
func FuzzDepositBody(f *testing.F) {
	ubl := testdataFile(f, "FA-2026-0001_UBL.xml")
	for _, seed := range []map[string]any{
		{"fichierFlux": b64(ubl), "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"},
		{"fichierFlux": b64(tarGz(f, map[string][]byte{"a.xml": ubl})), "nomFichier": "a.tar.gz", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"},
		{"fichierFlux": b64([]byte("%PDF-1.7 stream\nx\nendstream")), "nomFichier": "a.pdf", "syntaxeFlux": "IN_DP_E2_CII_FACTURX"},
		{"fichierFlux": 3, "nomFichier": nil},
	} {
		b, _ := json.Marshal(seed)
		f.Add(b)
	}
	e := New(Options{})
	acct := e.state.accounts[demo1]
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return // the gateway answers 400 before the handler
		}
		w := httptest.NewRecorder()
		e.depositFlux(w, &call{acct: acct, body: body})
		var env envelope
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatalf("status %d, body not an envelope: %q", w.Code, w.Body.Bytes())
		}
	})
}

// FuzzUntar checks the archive reader on arbitrary bytes.
func FuzzUntar(f *testing.F) {
	f.Add(tarGz(f, map[string][]byte{"a.xml": []byte("<x/>"), "b.xml": []byte("<y/>")}))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Add([]byte("plain"))
	f.Fuzz(func(t *testing.T, data []byte) {
		total := 0
		err := untar(data, 1<<16, func(name string, b []byte) {
			if len(b) > 1<<16 {
				t.Fatalf("member %s over the limit", name)
			}
			total++
		})
		if err == nil && total == 0 {
			t.Fatal("an archive without members was accepted")
		}
	})
}
