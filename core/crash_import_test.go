package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// The journaled import (too big for one transaction) under real SIGKILLs: a child imports two
// bundles of 500 companies in turn, A then B then A..., and is killed at random moments. After
// each kill the 500 companies all hold A's setups, or all B's (or none before the first
// import committed): never a mix, and never older than the last acknowledged import.
const (
	crashImportEnv    = "CHORUSDESK_CORE_CRASH_IMPORT_DIR"
	crashImportRounds = 8
	crashImportN      = 500
)

func crashImportBundle(t *testing.T, letter string) []byte {
	t.Helper()
	doc := exportDoc{Format: exportFormat, Version: exportVersion,
		Settings: exportSettings{ActiveEnv: domain.Sandbox, AutoLockSeconds: 600}}
	for i := range crashImportN {
		doc.Companies = append(doc.Companies, exportCompany{Code: fmt.Sprintf("CO%04d", i),
			Name: "Company " + letter, Setup: domain.Setup{Enabled: true, Sandbox: creds(fmt.Sprintf("%s%d", letter, i)),
				Production: creds(fmt.Sprintf("%s%d-p", letter, i))}})
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

func TestCrashDuringLargeImports(t *testing.T) {
	if dir := os.Getenv(crashImportEnv); dir != "" {
		crashImportChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("crash test spawns child processes")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	for _, l := range []string{"A", "B"} {
		if err := os.WriteFile(filepath.Join(dir, l+".bundle"), crashImportBundle(t, l), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(data, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()

	rng := rand.New(rand.NewPCG(42, 43))
	model := "none" // the bundle the vault holds
	inFlight, landed := 0, 0
	for round := range crashImportRounds {
		delay := time.Duration(rng.Int64N(int64(crashImportMaxDelay)))
		acked, pending := runImportChild(t, dir, round, delay)
		if len(acked) > 0 {
			model = acked[len(acked)-1]
		}
		s, err := Open(data, Options{KDF: cheapKDF})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		if err := s.Unlock([]byte(testPassword)); err != nil {
			t.Fatal(err)
		}
		// storage's Open finished or discarded the journal (its own tests check the keys).
		got := importedLetter(t, s, round)
		_ = s.Close()
		switch {
		case got == model:
		case pending != "" && got == pending:
			model = got
			landed++
		default:
			t.Fatalf("round %d: vault holds %q, acknowledged %q, in flight %q", round, got, model, pending)
		}
		if pending != "" {
			inFlight++
		}
	}
	t.Logf("%d rounds, %d kills during an import (%d of those had committed), vault ends with %s",
		crashImportRounds, inFlight, landed, model)
	if model == "none" || inFlight == 0 || journaledCommits == 0 {
		t.Fatal("no journaled import committed, or no kill landed during one: the test proved nothing")
	}
}

// importedLetter returns "A" or "B" when every company holds that bundle's setup, "none"
// when no company was imported yet, and fails the test on a mix.
func importedLetter(t *testing.T, s *Service, round int) string {
	t.Helper()
	cs, err := s.Companies()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 1 {
		return "none"
	}
	letters := map[string]int{}
	for _, c := range cs[1:] {
		st, err := s.Setup(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		l := strings.TrimPrefix(st.Sandbox.ClientID, "cid-")[:1]
		if c.Name != "Company "+l {
			t.Fatalf("round %d: %s has the name of one bundle and the setup of the other", round, c.Code)
		}
		letters[l]++
	}
	if len(cs)-1 != crashImportN || len(letters) != 1 {
		t.Fatalf("round %d: %d companies, setups from %v: a partial import", round, len(cs)-1, letters)
	}
	for l := range letters {
		return l
	}
	return ""
}

// journaledCommits counts the imports children committed through the journal.
var journaledCommits int

func runImportChild(t *testing.T, dir string, round int, delay time.Duration) (acked []string, pending string) {
	t.Helper()
	env := []string{crashImportEnv + "=" + dir, crashSeedEnv + "=" + fmt.Sprint(round)}
	runKilledChild(t, "TestCrashDuringLargeImports", env, round, delay, func(line string) {
		switch {
		case strings.HasPrefix(line, "BEGIN "):
			pending = strings.TrimPrefix(line, "BEGIN ")
		case strings.HasPrefix(line, "ACK "):
			acked, pending = append(acked, strings.TrimPrefix(line, "ACK ")), ""
		case line == "STAGE committed":
			journaledCommits++
		}
	})
	return acked, pending
}

func crashImportChild(dir string) {
	fail := func(err error) {
		fmt.Printf("FAIL %v\n", err)
		os.Exit(2)
	}
	s, err := Open(filepath.Join(dir, "data"), Options{KDF: cheapKDF})
	if err != nil {
		fail(err)
	}
	if err := s.Unlock([]byte(testPassword)); err != nil {
		fail(err)
	}
	bundles := map[string][]byte{}
	for _, l := range []string{"A", "B"} {
		if bundles[l], err = os.ReadFile(filepath.Join(dir, l+".bundle")); err != nil {
			fail(err)
		}
	}
	// Start with the bundle the vault does not hold, so every import changes everything.
	first := 0
	if c, err := s.Company("CO0000"); err == nil {
		st, err := s.Setup(c.ID)
		if err != nil {
			fail(err)
		}
		if strings.HasPrefix(st.Sandbox.ClientID, "cid-A") {
			first = 1
		}
	}
	s.store.SetJournalHook(func(stage string) error { fmt.Println("STAGE " + stage); return nil })
	fmt.Println("READY")
	for n := first; n < first+1000; n++ {
		l := []string{"A", "B"}[n%2]
		fmt.Println("BEGIN " + l)
		if _, err := s.Import(bytes.NewReader(bundles[l]), []byte(exportPass)); err != nil {
			fail(err)
		}
		fmt.Println("ACK " + l)
	}
	os.Exit(0)
}
