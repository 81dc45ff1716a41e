package core

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Automatic backups of the vault's settings: every company, setup (secrets included) and
// setting, as an export holds them (not the outbox), sealed under the vault's own key with
// the vault header inside (storage.SealBackup), so the master password alone opens one even
// when the database is lost. They are written after every change of settings (BackupDelay
// after the last of a burst), at least once a day while the vault is unlocked, and before a
// lock wipes the key if a change is still waiting; the last BackupsKept are kept.
//
// They live in <data>/backups: inside the private data directory (0700, under its lock),
// beside the database and not in it, so a damaged database leaves them readable, and a copy
// of the data directory takes them along.
const (
	backupsSubdir = "backups"
	backupPrefix  = "settings-"
	backupExt     = ".cdbackup"
	backupStamp   = "20060102-150405.000000000"

	// DefaultBackupDelay: a burst of changes (a form saved field by field, an import) makes
	// one backup.
	DefaultBackupDelay = 2 * time.Second
	// DefaultBackupsKept is how many automatic backups are kept.
	DefaultBackupsKept = 10
	// backupEvery: the newest backup is at most this old while the vault is unlocked.
	backupEvery = 24 * time.Hour
)

// BackupsDir is where the automatic backups of data directory dir are written.
func BackupsDir(dir string) string { return filepath.Join(dir, backupsSubdir) }

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path string    `json:"path"`
	Name string    `json:"name"`
	Time time.Time `json:"time"` // when it was written (from its name)
	Size int64     `json:"size"`
}

// ListBackups lists the automatic backups of data directory dir, newest first. It works on a
// directory that does not open (a damaged database), since it reads only the backups folder.
func ListBackups(dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(BackupsDir(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []BackupInfo
	for _, e := range entries {
		t, ok := backupTime(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupInfo{Path: filepath.Join(BackupsDir(dir), e.Name()), Name: e.Name(), Time: t, Size: info.Size()})
	}
	slices.SortFunc(out, func(a, b BackupInfo) int { return strings.Compare(b.Name, a.Name) })
	return out, nil
}

func backupName(t time.Time) string { return backupPrefix + t.UTC().Format(backupStamp) + backupExt }

func backupTime(name string) (time.Time, bool) {
	stamp, ok := strings.CutPrefix(name, backupPrefix)
	if !ok {
		return time.Time{}, false
	}
	stamp, ok = strings.CutSuffix(stamp, backupExt)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(backupStamp, stamp)
	return t, err == nil
}

// latestBackup is the path of the newest backup of dir.
func latestBackup(dir string) (string, bool) {
	bs, err := ListBackups(dir)
	if err != nil || len(bs) == 0 {
		return "", false
	}
	return bs[0].Path, true
}

// Backups lists this data directory's automatic backups, newest first.
func (s *Service) Backups() ([]BackupInfo, error) { return ListBackups(s.Dir()) }

// backupSchedule holds the timers of the automatic backups. mu guards the fields; writeMu
// serializes the writing (and Close waits on it).
type backupSchedule struct {
	mu        sync.Mutex
	afterFunc func(time.Duration, func()) func() bool
	delay     time.Duration
	kept      int
	pending   bool        // a change waits for its backup
	stop      func() bool // cancels the delayed backup
	daily     func() bool // cancels the daily check
	closed    bool
	lastErr   error

	writeMu sync.Mutex
}

func (b *backupSchedule) init(opt Options) {
	b.afterFunc = opt.AfterFunc
	if b.afterFunc == nil {
		b.afterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	b.delay = opt.BackupDelay
	if b.delay <= 0 {
		b.delay = DefaultBackupDelay
	}
	b.kept = opt.BackupsKept
	if b.kept <= 0 {
		b.kept = DefaultBackupsKept
	}
}

// settingsChanged (re)starts the delay before the backup of a change.
func (s *Service) settingsChanged() {
	b := &s.bk
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	if b.stop != nil {
		b.stop()
	}
	b.pending = true
	b.stop = b.afterFunc(b.delay, s.flushBackup)
}

// flushBackup writes the backup a change is waiting for, if any (the delay ran out, or the
// vault is about to be locked). While the vault is locked it stays pending until the next
// unlock.
func (s *Service) flushBackup() {
	b := &s.bk
	b.mu.Lock()
	if !b.pending || b.closed {
		b.mu.Unlock()
		return
	}
	b.pending = false
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
	b.mu.Unlock()
	_, err := s.BackupNow()
	b.mu.Lock()
	b.lastErr = err
	if errors.Is(err, ErrLocked) {
		b.pending = true
	}
	b.mu.Unlock()
}

// backupIfStale runs at every unlock: a change still waiting, or a newest backup older than a
// day, schedules one; and the daily check is armed.
func (s *Service) backupIfStale() {
	b := &s.bk
	b.mu.Lock()
	pending, closed := b.pending, b.closed
	if !closed && b.daily == nil {
		b.daily = b.afterFunc(backupEvery, s.dailyBackup)
	}
	b.mu.Unlock()
	if closed {
		return
	}
	if pending || s.backupStale() {
		s.settingsChanged()
	}
}

func (s *Service) backupStale() bool {
	bs, err := s.Backups()
	if err != nil || len(bs) == 0 {
		return true
	}
	return !bs[0].Time.After(s.now().Add(-backupEvery + time.Minute))
}

// dailyBackup is the daily check while running.
func (s *Service) dailyBackup() {
	b := &s.bk
	b.mu.Lock()
	b.daily = nil
	b.mu.Unlock()
	if s.Unlocked() {
		s.backupIfStale() // re-arms the daily check
		return
	}
	b.mu.Lock()
	if !b.closed && b.daily == nil {
		b.daily = b.afterFunc(backupEvery, s.dailyBackup)
	}
	b.mu.Unlock()
}

// stopBackups cancels the timers (Close, after Lock wrote any pending backup) and waits for
// a backup being written.
func (s *Service) stopBackups() {
	b := &s.bk
	b.writeMu.Lock() // a backup being written finishes first
	defer b.writeMu.Unlock()
	b.mu.Lock()
	b.closed = true
	for _, stop := range []func() bool{b.stop, b.daily} {
		if stop != nil {
			stop()
		}
	}
	b.stop, b.daily = nil, nil
	b.mu.Unlock()
}

// LastBackupError is the error of the last automatic backup, nil when it was written.
func (s *Service) LastBackupError() error {
	s.bk.mu.Lock()
	defer s.bk.mu.Unlock()
	return s.bk.lastErr
}

// BackupNow writes a backup of the settings now and drops the oldest beyond BackupsKept.
// The vault must be unlocked.
func (s *Service) BackupNow() (BackupInfo, error) {
	b := &s.bk
	b.writeMu.Lock()
	defer b.writeMu.Unlock()
	var sealed []byte
	err := s.withVault(func(v *storage.Vault) error {
		header, err := s.header()
		if err != nil {
			return err
		}
		doc, err := s.exportDoc(v)
		if err != nil {
			return err
		}
		plain, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		defer domain.Wipe(plain)
		sealed, err = v.SealBackup(header, plain)
		return err
	})
	if err != nil {
		return BackupInfo{}, err
	}
	t := s.now()
	path := filepath.Join(BackupsDir(s.Dir()), backupName(t))
	if err := s.store.WritePrivateFile(path, sealed); err != nil {
		return BackupInfo{}, err
	}
	s.pruneBackups()
	return BackupInfo{Path: path, Name: filepath.Base(path), Time: t.UTC(), Size: int64(len(sealed))}, nil
}

func (s *Service) pruneBackups() {
	bs, err := s.Backups()
	if err != nil {
		return
	}
	for _, old := range bs[min(len(bs), s.bk.kept):] {
		_ = os.Remove(old.Path)
	}
}

// BackupContents is what a backup holds, secrets masked: what the restore dialog and
// `chorusdesk restore FILE` show before asking.
type BackupContents struct {
	Created   time.Time                       `json:"created"`
	ActiveEnv domain.Env                      `json:"active_env"`
	Endpoints map[domain.Env]domain.Endpoints `json:"endpoints"`
	AutoLock  time.Duration                   `json:"autolock"`
	Companies []BackupCompany                 `json:"companies"`
	// Changes is what restoring it into the open vault would do; nil from InspectBackup.
	Changes *RestoreChanges `json:"changes,omitempty"`
}

// BackupCompany is one company of a backup with its setup: identifiers in clear, secrets only
// as SecretMask when set.
type BackupCompany struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	SIRET      string     `json:"siret,omitempty"`
	Enabled    bool       `json:"enabled"`
	Tag        string     `json:"tag,omitempty"`
	Sandbox    BackupSlot `json:"sandbox"`
	Production BackupSlot `json:"production"`
}

// BackupSlot is one environment slot of a backed-up setup.
type BackupSlot struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"` // SecretMask or ""
	Login        string `json:"login,omitempty"`
	Password     string `json:"password,omitempty"` // SecretMask or ""
}

// SecretMask stands for a secret that is set; its length is not revealed.
const SecretMask = "••••••••"

// RestoreChanges lists, by company code, what a restore adds, replaces and removes.
type RestoreChanges struct {
	Added   []string `json:"added,omitempty"`
	Updated []string `json:"updated,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Text says in lang what restoring changes, as both faces print it: the codes added,
// replaced and removed, or, with no changes known (nil: a damaged directory), that the vault
// is rebuilt from the backup.
func (c *RestoreChanges) Text(lang i18n.Lang) string {
	if c == nil {
		return i18n.T(lang, "store.restore.rebuild")
	}
	list := func(codes []string) string {
		if len(codes) == 0 {
			return "-"
		}
		clean := make([]string, len(codes))
		for i, code := range codes {
			clean[i] = domain.CleanText(code)
		}
		return strings.Join(clean, ", ")
	}
	return i18n.T(lang, "store.restore.changes", list(c.Added), list(c.Updated), list(c.Removed))
}

// RestoreReport is what a restore did.
type RestoreReport struct {
	Backup    string `json:"backup"`
	Companies int    `json:"companies"`
	Setups    int    `json:"setups"`
	RestoreChanges
}

func contentsOf(doc exportDoc) BackupContents {
	c := BackupContents{Created: doc.Created, ActiveEnv: doc.Settings.ActiveEnv,
		Endpoints: doc.Settings.Endpoints, AutoLock: time.Duration(doc.Settings.AutoLockSeconds) * time.Second}
	slot := func(cr domain.Slot) BackupSlot {
		m := func(n int) string {
			if n == 0 {
				return ""
			}
			return SecretMask
		}
		return BackupSlot{ClientID: string(cr.ClientID), ClientSecret: m(len(cr.ClientSecret)),
			Login: string(cr.Login), Password: m(len(cr.Password))}
	}
	for _, ec := range doc.Companies {
		c.Companies = append(c.Companies, BackupCompany{Code: ec.Code, Name: ec.Name, SIRET: ec.SIRET,
			Enabled: ec.Setup.Enabled, Tag: ec.Setup.Tag, Sandbox: slot(ec.Setup.Sandbox), Production: slot(ec.Setup.Production)})
	}
	return c
}

// readBackupFile reads a backup file, bounded like an import.
func readBackupFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, i18n.Errorf("store.backup.unreadable", filepath.Base(path))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxBundleSize+1))
	if err != nil || len(b) > maxBundleSize {
		return nil, i18n.Errorf("store.backup.unreadable", filepath.Base(path))
	}
	return b, nil
}

// openBackupDoc decodes a backup with the unlocked vault v when it was written by this vault,
// else with password (the master password of the day it was written).
func openBackupDoc(raw []byte, v *storage.Vault, password []byte) (exportDoc, error) {
	var plain []byte
	var err error
	if v != nil {
		plain, err = v.OpenBackup(raw)
	}
	if v == nil || (errors.Is(err, storage.ErrBadBackup) && len(password) > 0) {
		var bv *storage.Vault
		plain, bv, _, err = storage.OpenBackupWithPassword(raw, password)
		if bv != nil {
			bv.Wipe()
		}
	}
	if err != nil {
		return exportDoc{}, backupError(err)
	}
	defer domain.Wipe(plain)
	return decodeBackup(plain)
}

func backupError(err error) error {
	switch {
	case errors.Is(err, storage.ErrWrongPassword):
		return ErrWrongPassword
	case errors.Is(err, storage.ErrUnsupportedVersion):
		return i18n.Errorf("store.backup.version")
	}
	return storage.ErrBadBackup
}

// decodeBackup checks the plaintext of a backup: an export document with the `*****`
// company (every vault has it).
func decodeBackup(plain []byte) (exportDoc, error) {
	doc, err := decodeExport(plain)
	if err != nil {
		return doc, err
	}
	for _, c := range doc.Companies {
		if strings.TrimSpace(c.Code) == domain.DefaultCode {
			return doc, nil
		}
	}
	return doc, storage.ErrBadBackup
}

// InspectBackup shows what the backup file at path holds, opened with password (the master
// password of the day it was written). It needs no open data directory, so it works when the
// database is damaged.
func InspectBackup(path string, password []byte) (BackupContents, error) {
	raw, err := readBackupFile(path)
	if err != nil {
		return BackupContents{}, err
	}
	doc, err := openBackupDoc(raw, nil, password)
	if err != nil {
		return BackupContents{}, err
	}
	return contentsOf(doc), nil
}

// InspectBackup shows what a backup holds and what restoring it into this vault would change.
// The vault must be unlocked; password is needed only for a backup of another vault.
func (s *Service) InspectBackup(path string, password []byte) (BackupContents, error) {
	raw, err := readBackupFile(path)
	if err != nil {
		return BackupContents{}, err
	}
	var out BackupContents
	err = s.withVault(func(v *storage.Vault) error {
		doc, err := openBackupDoc(raw, v, password)
		if err != nil {
			return err
		}
		out = contentsOf(doc)
		return s.view(func(txn storage.Tx) error {
			plan, err := planRestore(txn, v, doc)
			if err != nil {
				return err
			}
			ch := plan.changes
			out.Changes = &ch
			return nil
		})
	})
	return out, err
}

// RestoreBackup makes the vault's settings those of the backup at path: its companies are
// added or replaced (matched by code, setups and all), companies it does not hold are
// removed, and the settings are replaced; all or nothing, audited, then backed up itself.
// Everything is checked first (the rules of every setup, the environment rule across the
// restored vault). The vault must be unlocked; password is needed only for a backup of
// another vault.
func (s *Service) RestoreBackup(path string, password []byte) (RestoreReport, error) {
	raw, err := readBackupFile(path)
	if err != nil {
		return RestoreReport{}, err
	}
	var rep RestoreReport
	err = s.withVault(func(v *storage.Vault) error {
		doc, err := openBackupDoc(raw, v, password)
		if err != nil {
			return err
		}
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		var plan *restorePlan
		var ops []kvOp
		err = s.view(func(txn storage.Tx) (err error) {
			if plan, err = planRestore(txn, v, doc); err != nil {
				return err
			}
			ops, err = plan.ops(txn, v)
			return err
		})
		if err != nil {
			return err
		}
		rep = plan.report(filepath.Base(path))
		return s.writeAtomically(ops, ActionRestore, plan.detail(filepath.Base(path)))
	})
	if err != nil {
		return RestoreReport{}, err
	}
	return rep, nil
}

// RestoreDamaged rebuilds the vault of data directory dir from the backup at path when dir
// does not open because its database is damaged (or holds no vault yet): the damaged
// database is set aside (renamed to db-damaged-<time>, never deleted), a new one is created
// under the key the backup carries, so the master password of the day it was written (given
// here) stays the master password, and the backup's settings are written into it. The
// outbox, not being in backups, starts empty. ErrVaultExists when dir opens with a vault:
// restore into it with (*Service).RestoreBackup instead.
func RestoreDamaged(dir, path string, password []byte, opt Options) (RestoreReport, error) {
	raw, err := readBackupFile(path)
	if err != nil {
		return RestoreReport{}, err
	}
	plain, v, header, err := storage.OpenBackupWithPassword(raw, password)
	if err != nil {
		return RestoreReport{}, backupError(err)
	}
	defer domain.Wipe(plain)
	doc, err := decodeBackup(plain)
	if err != nil {
		v.Wipe()
		return RestoreReport{}, err
	}
	s, err := Open(dir, opt)
	if errors.Is(err, ErrDamaged) {
		if err = storage.SetAside(dir, time.Now()); err == nil {
			s, err = Open(dir, opt)
		}
	}
	if err != nil {
		v.Wipe()
		return RestoreReport{}, err
	}
	defer s.Close()
	rep, err := s.restoreInto(v, header, doc, filepath.Base(path))
	if err != nil {
		v.Wipe()
		return RestoreReport{}, err
	}
	s.setVault(v)
	return rep, nil
}

// restoreInto writes a backup into a data directory without a vault: the backup's vault
// header, then its settings, in one write.
func (s *Service) restoreInto(v *storage.Vault, header []byte, doc exportDoc, name string) (RestoreReport, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.HasVault() {
		return RestoreReport{}, ErrVaultExists
	}
	var plan *restorePlan
	var ops []kvOp
	err := s.view(func(txn storage.Tx) (err error) {
		if plan, err = planRestore(txn, v, doc); err != nil {
			return err
		}
		ops, err = plan.ops(txn, v)
		return err
	})
	if err != nil {
		return RestoreReport{}, err
	}
	ops = append(ops, kvOp{Key: []byte(keyVaultHeader), Value: header})
	if err := s.writeAtomically(ops, ActionRestore, i18n.M("audit.restore.new_database", plan.detail(name))); err != nil {
		return RestoreReport{}, err
	}
	return plan.report(name), nil
}

// restorePlan is an import plan (every company of the backup, checked) plus the companies of
// the vault the backup does not hold, which the restore removes.
type restorePlan struct {
	*replacePlan
	removed []domain.Company
	changes RestoreChanges
}

// planRestore validates doc as an import would, but against the restored vault alone: the
// companies the backup does not hold are going, so they take no part in the environment rule.
func planRestore(txn storage.Tx, v *storage.Vault, doc exportDoc) (*restorePlan, error) {
	existing, err := allCompanies(txn)
	if err != nil {
		return nil, err
	}
	byCode := map[string]domain.Company{}
	for _, c := range existing {
		byCode[c.Code] = c
	}
	plan := &restorePlan{replacePlan: &replacePlan{}}
	var ps []Problem
	seen := map[string]bool{}
	for _, ec := range doc.Companies {
		entry, eps := planReplaceCompany(ec, byCode)
		if len(eps) > 0 {
			ps = append(ps, eps...)
			continue
		}
		if seen[entry.c.Code] {
			ps = append(ps, keyedProblem("", "code", "core.import.duplicate", entry.c.Code))
			continue
		}
		seen[entry.c.Code] = true
		if entry.isNew {
			if entry.c.ID, err = newCompanyID(); err != nil {
				return nil, err
			}
			plan.changes.Added = append(plan.changes.Added, entry.c.Code)
		} else {
			plan.changes.Updated = append(plan.changes.Updated, entry.c.Code)
		}
		plan.entries = append(plan.entries, entry)
	}
	ps = append(ps, plan.planSettings(doc.Settings)...)
	if len(ps) > 0 {
		return nil, validationError(ps)
	}
	if ps := plan.checkAgainstVault(txn, v, nil); len(ps) > 0 {
		return nil, validationError(ps)
	}
	for _, c := range existing {
		if !seen[c.Code] {
			plan.removed = append(plan.removed, c)
			plan.changes.Removed = append(plan.changes.Removed, c.Code)
		}
	}
	return plan, nil
}

func (p *restorePlan) ops(txn storage.Tx, v *storage.Vault) ([]kvOp, error) {
	ops, err := p.replacePlan.ops(txn, v)
	if err != nil {
		return nil, err
	}
	for _, c := range p.removed {
		for _, k := range [][]byte{companyKey(c.ID), codeIndexKey(c.Code), setupKey(c.ID)} {
			ops = append(ops, kvOp{Key: k, Delete: true})
		}
		keys, err := listKeys(txn, testResultPrefix(c.ID))
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			ops = append(ops, kvOp{Key: k, Delete: true})
		}
	}
	return ops, nil
}

func (p *restorePlan) report(name string) RestoreReport {
	r := p.replacePlan.report()
	return RestoreReport{Backup: name, Companies: r.Companies, Setups: r.Setups, RestoreChanges: p.changes}
}

func (p *restorePlan) detail(name string) i18n.Msg {
	r := p.report(name)
	return i18n.M("audit.restore", name, r.Companies, len(r.Added), len(r.Updated), len(r.Removed), r.Setups, envWord(p.env))
}
