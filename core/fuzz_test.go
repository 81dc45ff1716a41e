package core

import (
	"bytes"
	"testing"

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
