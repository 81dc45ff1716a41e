package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// bigBundle seals an export of n companies with full setups: too big for one transaction.
func bigBundle(t *testing.T, n int) []byte {
	t.Helper()
	doc := exportDoc{Format: exportFormat, Version: exportVersion,
		Settings: exportSettings{ActiveEnv: domain.Production, AutoLockSeconds: 900}}
	for i := range n {
		doc.Companies = append(doc.Companies, exportCompany{Code: fmt.Sprintf("CO%04d", i),
			Name: fmt.Sprintf("Company %d", i), Setup: benchSetup(fmt.Sprint(i))})
	}
	plain, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := storage.SealWithPassphrase([]byte(exportPass), plain, storage.KDFParams(*cheapKDF))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkBigImport(t *testing.T, s *Service, n int) {
	t.Helper()
	cs, err := s.Companies()
	if err != nil || len(cs) != n+1 {
		t.Fatalf("%d companies after import (%v), want %d", len(cs), err, n+1)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		c, err := s.Company(fmt.Sprintf("CO%04d", i))
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.Setup(c.ID); err != nil || st != benchSetup(fmt.Sprint(i)) {
			t.Fatalf("setup of %s not imported (%v)", c.Code, err)
		}
	}
	if d, _ := s.AutoLockAfter(); d != 15*time.Minute {
		t.Fatalf("settings not imported: auto-lock %v", d)
	}
	if e, _ := s.ActiveEnv(); e != domain.Sandbox {
		t.Fatal("the import switched the active environment")
	}
	imports := 0
	log, _ := s.Audit()
	for _, e := range log {
		if e.Action == ActionImport {
			imports++
		}
	}
	if imports != 1 {
		t.Fatalf("%d import audit entries, want 1", imports)
	}
}

const bigImport = 600

func TestLargeImportGoesThroughTheJournal(t *testing.T) {
	s := openService(t)
	var stages []string
	s.store.SetJournalHook(func(stage string) error { stages = append(stages, stage); return nil })
	defer s.store.SetJournalHook(nil)
	rep, err := s.Import(bytes.NewReader(bigBundle(t, bigImport)), []byte(exportPass))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Companies != bigImport || rep.Setups != bigImport || rep.Added != 2*bigImport {
		t.Fatalf("report %+v", rep)
	}
	if len(stages) < 3 || stages[0] != "staged" || stages[1] != "committed" {
		t.Fatalf("stages %v: the import did not need the journal, the test proves nothing", stages)
	}
	checkBigImport(t, s, bigImport)
	// The env rule sees the imported setups.
	a := mustAdd(t, s, "NEW")
	if _, err := s.SaveSetup(a.ID, domain.Setup{Production: creds("7-sb")}); err == nil {
		t.Fatal("env rule ignores imported setups")
	}
}

var errCrash = errors.New("simulated crash")

// A crash at each stage of a journaled import leaves, after reopening, either the vault as it
// was (before the commit) or the whole import (after it).
func TestLargeImportCrashRecovery(t *testing.T) {
	bundle := bigBundle(t, bigImport)
	tests := []struct {
		stage    string
		imported bool
	}{
		{"staged", false},
		{"committed", true},
		{"applied-batch", true},
	}
	for _, tc := range tests {
		t.Run(tc.stage, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{KDF: cheapKDF})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Init([]byte(testPassword)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, s)
			s.store.SetJournalHook(func(stage string) error {
				if stage == tc.stage {
					return errCrash
				}
				return nil
			})
			_, err = s.Import(bytes.NewReader(bundle), []byte(exportPass))
			if !errors.Is(err, errCrash) {
				t.Fatalf("Import err = %v, want the simulated crash at %s", err, tc.stage)
			}
			_ = s.Close()

			s = openDir(t, dir)
			if err := s.Unlock([]byte(testPassword)); err != nil {
				t.Fatal(err)
			}
			if tc.imported {
				checkBigImport(t, s, bigImport)
				return
			}
			if !sameSnapshot(before, snapshot(t, s)) {
				t.Fatal("an uncommitted import left traces after reopening")
			}
		})
	}
}
