package core

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// manualTimers replaces time.AfterFunc: timers fire only when the test says so.
type manualTimers struct {
	mu     sync.Mutex
	timers []*manualTimer
}

type manualTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (m *manualTimers) AfterFunc(d time.Duration, f func()) func() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := &manualTimer{d: d, f: f}
	m.timers = append(m.timers, t)
	return func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// fire runs every live timer of duration d (in this goroutine) and reports how many ran.
func (m *manualTimers) fire(d time.Duration) int {
	m.mu.Lock()
	var due []*manualTimer
	for _, t := range m.timers {
		if !t.stopped && t.d == d {
			t.stopped = true
			due = append(due, t)
		}
	}
	m.mu.Unlock()
	for _, t := range due {
		t.f()
	}
	return len(due)
}

// movableClock is a clock the test moves.
type movableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond) // strictly increasing, as audit keys want
	return c.t
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type backupRig struct {
	s      *Service
	dir    string
	timers *manualTimers
	clock  *movableClock
}

func newBackupRig(t *testing.T, kept int) *backupRig {
	t.Helper()
	r := &backupRig{dir: t.TempDir(), timers: &manualTimers{},
		clock: &movableClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}
	r.s = r.open(t, kept)
	if err := r.s.Init([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *backupRig) open(t *testing.T, kept int) *Service {
	t.Helper()
	s, err := Open(r.dir, Options{KDF: cheapKDF, Now: r.clock.Now, AfterFunc: r.timers.AfterFunc, BackupsKept: kept})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func backupCount(t *testing.T, s *Service) int {
	t.Helper()
	bs, err := s.Backups()
	if err != nil {
		t.Fatal(err)
	}
	return len(bs)
}

func codesOf(c BackupContents) []string {
	var out []string
	for _, co := range c.Companies {
		out = append(out, co.Code)
	}
	slices.Sort(out)
	return out
}

// A burst of changes makes one backup, when the delay after the last one runs out.
func TestBackupAfterChangesIsDebounced(t *testing.T) {
	r := newBackupRig(t, 0)
	for _, code := range []string{"A", "B", "C"} {
		mustAdd(t, r.s, code)
		if n := backupCount(t, r.s); n != 0 {
			t.Fatalf("backup written before the delay ran out (%d)", n)
		}
	}
	if fired := r.timers.fire(DefaultBackupDelay); fired != 1 {
		t.Fatalf("%d delayed backups fired, want 1 (each change restarts the delay)", fired)
	}
	bs, _ := r.s.Backups()
	if len(bs) != 1 {
		t.Fatalf("%d backups, want 1", len(bs))
	}
	c, err := InspectBackup(bs[0].Path, []byte(testPassword))
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(c); !slices.Equal(got, []string{"*****", "A", "B", "C"}) {
		t.Fatalf("backup holds %v", got)
	}
	if r.timers.fire(DefaultBackupDelay) != 0 {
		t.Fatal("a backup without a change")
	}
	// Test results are not settings: no backup.
	a, _ := r.s.Company("A")
	if err := r.s.SaveTestResult(a.ID, domain.TestResult{Env: domain.Sandbox}); err != nil {
		t.Fatal(err)
	}
	if r.timers.fire(DefaultBackupDelay) != 0 {
		t.Fatal("a test result triggered a backup")
	}
}

// A change still waiting when the vault locks is backed up before the key is wiped; Close too.
func TestPendingBackupWrittenAtLockAndClose(t *testing.T) {
	r := newBackupRig(t, 0)
	mustAdd(t, r.s, "LOCKED")
	r.s.Lock()
	if n := backupCount(t, r.s); n != 1 {
		t.Fatalf("%d backups after Lock, want 1", n)
	}
	if err := r.s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, r.s, "CLOSED")
	if err := r.s.Close(); err != nil {
		t.Fatal(err)
	}
	bs, _ := ListBackups(r.dir)
	if len(bs) != 2 {
		t.Fatalf("%d backups after Close, want 2", len(bs))
	}
	c, err := InspectBackup(bs[0].Path, []byte(testPassword))
	if err != nil || !slices.Contains(codesOf(c), "CLOSED") {
		t.Fatalf("newest backup %v (%v) lacks the last change", codesOf(c), err)
	}
	if r.timers.fire(DefaultBackupDelay) != 0 || r.timers.fire(backupEvery) != 0 {
		t.Fatal("timers still live after Close")
	}
}

// While unlocked, a backup is at most a day old; a fresh one is not rewritten.
func TestDailyBackup(t *testing.T) {
	r := newBackupRig(t, 0)
	r.timers.fire(DefaultBackupDelay) // the first backup, right after Init
	if n := backupCount(t, r.s); n != 1 {
		t.Fatalf("%d backups after Init, want 1", n)
	}
	r.clock.advance(time.Hour)
	if r.timers.fire(backupEvery) != 1 {
		t.Fatal("daily check not armed")
	}
	if r.timers.fire(DefaultBackupDelay) != 0 {
		t.Fatal("a backup one hour after the last one")
	}
	r.clock.advance(backupEvery)
	if r.timers.fire(backupEvery) != 1 {
		t.Fatal("daily check not re-armed")
	}
	r.timers.fire(DefaultBackupDelay)
	if n := backupCount(t, r.s); n != 2 {
		t.Fatalf("%d backups after a day, want 2", n)
	}
}

func TestBackupsKeptAndPrivate(t *testing.T) {
	r := newBackupRig(t, 3)
	var names []string
	for range 5 {
		r.clock.advance(time.Minute)
		info, err := r.s.BackupNow()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, info.Name)
	}
	bs, _ := r.s.Backups()
	var got []string
	for _, b := range bs {
		got = append(got, b.Name)
	}
	want := []string{names[4], names[3], names[2]}
	if !slices.Equal(got, want) {
		t.Fatalf("kept %v, want the newest three %v", got, want)
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{BackupsDir(r.dir), bs[0].Path} {
			info, err := os.Stat(p)
			want := os.FileMode(0o600)
			if info.IsDir() {
				want = 0o700
			}
			if err != nil || info.Mode().Perm() != want {
				t.Fatalf("%s mode %v, want %v", p, info.Mode().Perm(), want)
			}
		}
	}
	r.s.Lock()
	if _, err := r.s.BackupNow(); !errors.Is(err, ErrLocked) {
		t.Fatalf("BackupNow while locked: %v", err)
	}
}

type vaultState struct {
	companies []domain.Company
	setups    map[string]domain.Setup
	env       domain.Env
}

func captureState(t *testing.T, s *Service) vaultState {
	t.Helper()
	cs, err := s.Companies()
	if err != nil {
		t.Fatal(err)
	}
	st := vaultState{setups: map[string]domain.Setup{}}
	for _, c := range cs {
		setup, err := s.Setup(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.setups[c.Code] = setup
		c.ID = "" // IDs are the vault's own; a restore into a new database makes new ones
		st.companies = append(st.companies, c)
	}
	st.env, _ = s.ActiveEnv()
	return st
}

func sameVaultState(a, b vaultState) bool {
	return slices.Equal(a.companies, b.companies) && a.env == b.env && len(a.setups) == len(b.setups) &&
		func() bool {
			for k, v := range a.setups {
				if b.setups[k] != v {
					return false
				}
			}
			return true
		}()
}

// populateForRestore makes a vault worth restoring and backs it up.
func populateForRestore(t *testing.T, r *backupRig) (vaultState, BackupInfo) {
	t.Helper()
	x, y := mustAdd(t, r.s, "X"), mustAdd(t, r.s, "Y")
	if _, err := r.s.SaveSetup(x.ID, domain.Setup{Enabled: true, Sandbox: creds("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.SaveSetup(y.ID, domain.Setup{Production: creds("y-p")}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.SetActiveEnv(domain.Production, true); err != nil {
		t.Fatal(err)
	}
	info, err := r.s.BackupNow()
	if err != nil {
		t.Fatal(err)
	}
	return captureState(t, r.s), info
}

func TestRestoreBackupIntoTheVault(t *testing.T) {
	r := newBackupRig(t, 0)
	want, info := populateForRestore(t, r)
	y, _ := r.s.Company("Y")
	x, _ := r.s.Company("X")
	if err := r.s.RemoveCompany(y.ID); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, r.s, "Z")
	if _, err := r.s.SaveSetup(x.ID, domain.Setup{Sandbox: creds("x2")}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.s.SetActiveEnv(domain.Sandbox, true); err != nil {
		t.Fatal(err)
	}
	c, err := r.s.InspectBackup(info.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Changes == nil || !slices.Equal(c.Changes.Added, []string{"Y"}) || !slices.Equal(c.Changes.Removed, []string{"Z"}) ||
		!slices.Equal(c.Changes.Updated, []string{"*****", "X"}) {
		t.Fatalf("changes %+v", c.Changes)
	}
	for _, co := range c.Companies {
		for _, sl := range []BackupSlot{co.Sandbox, co.Production} {
			if (sl.ClientSecret != "" && sl.ClientSecret != SecretMask) || (sl.Password != "" && sl.Password != SecretMask) {
				t.Fatalf("a secret shown: %+v", sl)
			}
		}
	}
	rep, err := r.s.RestoreBackup(info.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Companies != 3 || !slices.Equal(rep.Removed, []string{"Z"}) {
		t.Fatalf("report %+v", rep)
	}
	if got := captureState(t, r.s); !sameVaultState(want, got) {
		t.Fatalf("restored state differs:\n got %+v\nwant %+v", got, want)
	}
	if a := lastAudit(t, r.s); a.Action != ActionRestore {
		t.Fatalf("last audit entry %+v", a)
	}
	// The environment rule sees the restored setups.
	z := mustAdd(t, r.s, "W")
	if _, err := r.s.SaveSetup(z.ID, domain.Setup{Production: creds("x")}); err == nil {
		t.Fatal("env rule ignores restored setups")
	}
}

func TestRestoreFailures(t *testing.T) {
	r := newBackupRig(t, 0)
	_, info := populateForRestore(t, r)
	other := newBackupRig(t, 0)
	before := snapshot(t, other.s)
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"another vault's backup without its password", func() error { _, err := other.s.RestoreBackup(info.Path, nil); return err }, storage.ErrBadBackup},
		{"wrong password", func() error { _, err := other.s.RestoreBackup(info.Path, []byte("wrong")); return err }, ErrWrongPassword},
		{"inspect with a wrong password", func() error { _, err := InspectBackup(info.Path, []byte("wrong")); return err }, ErrWrongPassword},
		{"not a backup", func() error {
			p := filepath.Join(t.TempDir(), "settings-x.cdbackup")
			_ = os.WriteFile(p, []byte("CDX garbage"), 0o600)
			_, err := other.s.RestoreBackup(p, []byte(testPassword))
			return err
		}, storage.ErrBadBackup},
		{"restore into a damaged-directory path with a vault", func() error {
			_, err := RestoreDamaged(other.dir, info.Path, []byte(testPassword), Options{KDF: cheapKDF})
			return err
		}, ErrInUse},
	}
	for _, tc := range tests {
		if err := tc.run(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if !sameSnapshot(before, snapshot(t, other.s)) {
		t.Fatal("a failed restore changed the vault")
	}
	// With the password of the vault that wrote it, another vault restores it (re-sealed).
	if _, err := other.s.RestoreBackup(info.Path, []byte(testPassword)); err != nil {
		t.Fatalf("restore of another vault's backup with its password: %v", err)
	}
}

// A damaged directory points at its latest backup, and restoring it sets the damaged
// database aside (nothing deleted) and brings the settings back under the same password.
func TestRestoreDamagedDirectory(t *testing.T) {
	r := newBackupRig(t, 0)
	want, info := populateForRestore(t, r)
	if err := r.s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(r.dir, "db", "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	_, err := Open(r.dir, Options{KDF: cheapKDF})
	var de *DamagedError
	bs, _ := ListBackups(r.dir)
	if !errors.As(err, &de) || len(bs) == 0 || de.Backup != bs[0].Path {
		t.Fatalf("Open: %v (backup %q, newest %v)", err, de.Backup, bs)
	}
	c, err := InspectBackup(de.Backup, []byte(testPassword))
	if err != nil || len(c.Companies) != 3 {
		t.Fatalf("inspect: %v %v", codesOf(c), err)
	}
	rep, err := RestoreDamaged(r.dir, info.Path, []byte(testPassword), Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Companies != 3 || len(rep.Added) != 3 {
		t.Fatalf("report %+v", rep)
	}
	aside, _ := filepath.Glob(filepath.Join(r.dir, "db-damaged-*", "*.sst"))
	if len(aside) == 0 {
		t.Fatal("the damaged database was not kept aside")
	}
	s := openDir(t, r.dir)
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatalf("the backup's master password does not open the rebuilt vault: %v", err)
	}
	if got := captureState(t, s); !sameVaultState(want, got) {
		t.Fatalf("restored state differs:\n got %+v\nwant %+v", got, want)
	}
}

// FuzzDecodeBackup: the plaintext of a backup is outside input once opened; any bytes decode
// or are refused, never panic, and what decodes has the `*****` company.
func FuzzDecodeBackup(f *testing.F) {
	f.Add([]byte(`{"format":"chorusdesk-export","version":1,"companies":[{"code":"*****","name":"Default company"}]}`))
	f.Add([]byte(`{"format":"chorusdesk-export","version":1,"companies":[{"code":"A"}]}`))
	f.Add([]byte(`{"format":"chorusdesk-export","version":2}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		doc, err := decodeBackup(plain)
		if err != nil {
			return
		}
		_ = contentsOf(doc)
		for _, c := range doc.Companies {
			if c.Code == domain.DefaultCode {
				return
			}
		}
		t.Fatal("a backup without the default company decoded")
	})
}
