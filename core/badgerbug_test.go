package core

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A crash right after Badger created a memtable file leaves it empty; Badger's next Open fails
// on it (dgraph-io/badger issue 2207; storage retries, see storage.openBadger and its test).
// Open must still open the data directory, data intact.
func TestOpenAfterCrashLeftEmptyMemtable(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, "KEPT")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	manifests, _ := filepath.Glob(filepath.Join(dir, "*", "MANIFEST"))
	if len(manifests) != 1 {
		t.Fatal("no Badger directory found: the data layout changed, adapt this test")
	}
	empty := filepath.Join(filepath.Dir(manifests[0]), fmt.Sprintf("%05d.mem", 90000))
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatalf("Open with an empty memtable file left by a crash: %v", err)
	}
	defer s.Close()
	if _, err := s.Company("KEPT"); err != nil {
		t.Fatalf("data lost: %v", err)
	}
}
