package core

import (
	"bytes"
	"encoding/json"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// FuzzDecodeExport feeds arbitrary plaintext to the export decoder and the import planner:
// an export file is outside input, even once its passphrase opened it.
func FuzzDecodeExport(f *testing.F) {
	f.Add([]byte(`{"format":"chorusdesk-export","version":1,"settings":{"active_env":"sandbox","autolock_seconds":600},"companies":[{"code":"A","name":"A","setup":{"enabled":true,"sandbox":{"client_id":"c","client_secret":"s","login":"l","password":"p"}}}]}`))
	f.Add([]byte(`{"format":"chorusdesk-export","version":1,"companies":[{"code":"*****","name":""},{"code":"*****"}]}`))
	f.Add([]byte(`{"format":"other"}`))
	f.Add([]byte(`[]`))
	s := openService(f)
	f.Fuzz(func(t *testing.T, plain []byte) {
		if _, err := decodeExport(plain); err != nil {
			return
		}
		bundle, err := storage.SealWithPassphrase([]byte("p"), plain, storage.KDFParams(*cheapKDF))
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, s)
		if _, err := s.Import(bytes.NewReader(bundle), []byte("p")); err != nil && !sameSnapshot(before, snapshot(t, s)) {
			t.Fatalf("failed import changed the vault: %v", err)
		}
	})
}

// FuzzSetupRecord decodes and opens arbitrary setup records, as a damaged or edited data
// directory would hold: errors are fine, panics and garbage secrets are not.
func FuzzSetupRecord(f *testing.F) {
	v, _, err := storage.CreateVault([]byte("pw"), storage.KDFParams(*cheapKDF))
	if err != nil {
		f.Fatal(err)
	}
	good, err := sealSetup(v, "0011223344556677", benchSetup("seed"))
	if err != nil {
		f.Fatal(err)
	}
	seed, _ := json.Marshal(good)
	f.Add(seed)
	f.Add([]byte(`{"enabled":true,"tag":"x","sealed":{"sandbox/client_id":"AAAA"}}`))
	f.Add([]byte(`{"sealed":{"moon/client_id":""}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var r setupRecord
		if json.Unmarshal(raw, &r) != nil {
			return
		}
		st, err := r.open(v, "0011223344556677", nil)
		if err != nil {
			return
		}
		// Whatever opened was sealed by this vault for this company: only the seed's values.
		want := benchSetup("seed")
		for _, e := range domain.Envs {
			for _, fl := range domain.Fields {
				if got := st.Slot(e).Get(fl); got != "" && got != want.Slot(e).Get(fl) {
					t.Fatalf("%s/%s opened to a value never sealed", e, fl)
				}
			}
		}
	})
}
