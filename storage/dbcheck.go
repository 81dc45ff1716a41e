package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"

	"chorusdesk/i18n"
)

// Badger, opened on a directory that does not match its MANIFEST, repairs it its own way:
// with the MANIFEST missing it starts an empty database and deletes every table file; with
// the MANIFEST cut short it deletes the tables the lost records named; a table whose
// checksum fails is skipped without an error; the last value log is cut at its last valid
// entry. Each is data lost without a word. So before Badger sees a directory that holds
// data, checkDB reads it (never writes) and refuses it with a *DamagedError when:
//
//   - the MANIFEST is missing, unreadable, or ends with an incomplete record;
//   - after a clean close (db.state), any table, value log, MANIFEST or key registry is
//     missing, has another size, or was added;
//   - a table the MANIFEST names is missing or fails its checksum (every block is read);
//   - after a crash, a memtable or value log holds committed records beyond a damaged one,
//     or was cut inside a record (Badger would drop them: see walcheck.go).
//
// After a crash (db.state says "open"), table files the MANIFEST does not name are the
// outputs of a compaction that never committed: Badger would delete them, so checkDB moves
// them to <data>/db-orphans instead, and nothing is ever deleted.

// DamagedError is ErrDamaged with the reason, for logs and tests; the message shown to the
// user is ErrDamaged's, which names no file and no Badger detail.
type DamagedError struct {
	Reason string
}

func (e *DamagedError) Error() string                  { return ErrDamaged.Error() }
func (e *DamagedError) Localize(lang i18n.Lang) string { return ErrDamaged.Localize(lang) }
func (e *DamagedError) Is(target error) bool           { return target == ErrDamaged }

func damaged(format string, args ...any) error {
	return &DamagedError{Reason: fmt.Sprintf(format, args...)}
}

const orphansSubdir = "db-orphans"

// holdsData reports whether a file of Badger's directory means a database was created there:
// the MANIFEST, a table, a value log, or a memtable with something in it. (A key registry or
// an empty memtable alone can be left by a crash during the very first open.)
func holdsData(e fs.DirEntry) bool {
	name := e.Name()
	switch {
	case name == badger.ManifestFilename, strings.HasSuffix(name, ".sst"), strings.HasSuffix(name, ".vlog"):
		return true
	case strings.HasSuffix(name, ".mem"):
		info, err := e.Info()
		return err != nil || info.Size() > 0
	}
	return false
}

// checkDB decides whether Badger may open dbDir; existing is false for a new database. It
// changes nothing, except moving orphan tables aside after a crash.
func checkDB(dataDir, dbDir string) (existing bool, err error) {
	state, hasState, _ := readDBState(dataDir) // an unreadable state counts as none: trust the files
	entries, err := os.ReadDir(dbDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	holds := hasState
	for _, e := range entries {
		holds = holds || holdsData(e)
	}
	if !holds {
		return false, nil
	}
	return true, checkExisting(dataDir, dbDir, state, hasState)
}

func checkExisting(dataDir, dbDir string, state dbState, hasState bool) error {
	files, err := inventory(dbDir)
	if err != nil {
		return err
	}
	if _, ok := files["MANIFEST"]; !ok {
		return damaged("MANIFEST missing")
	}
	clean := hasState && state.State == stateClean
	if clean {
		if err := sameInventory(state.Files, files); err != nil {
			return err
		}
	} else {
		// After a crash Badger replays its logs and cuts them at the first unreadable
		// record: refuse when that would drop committed transactions.
		opt := badgerOptions(dbDir)
		if err := checkLogs(dbDir, opt.MemTableSize, opt.ValueLogFileSize); err != nil {
			return err
		}
	}
	m, err := readManifest(dbDir)
	if err != nil {
		return err
	}
	for id, tm := range m.Tables {
		if err := verifyTable(table.NewFilename(id, dbDir), tm.Compression); err != nil {
			return err
		}
	}
	var orphans []string
	for name := range files {
		if id, ok := table.ParseFileID(name); ok && strings.HasSuffix(name, ".sst") {
			if _, named := m.Tables[id]; !named {
				orphans = append(orphans, name)
			}
		}
	}
	if len(orphans) > 0 && clean {
		return damaged("tables not named by the MANIFEST after a clean close: %v", orphans)
	}
	return moveOrphans(dataDir, dbDir, orphans)
}

func sameInventory(want, got map[string]int64) error {
	var diffs []string
	for name, size := range want {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, name+" missing")
		case g != size:
			diffs = append(diffs, fmt.Sprintf("%s is %d bytes, was %d", name, g, size))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+" added")
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		return damaged("changed since the last clean close: %s", strings.Join(diffs, ", "))
	}
	return nil
}

func readManifest(dbDir string) (badger.Manifest, error) {
	path := filepath.Join(dbDir, badger.ManifestFilename)
	f, err := openNoFollow(path)
	if err != nil {
		return badger.Manifest{}, damaged("MANIFEST unreadable: %v", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return badger.Manifest{}, damaged("MANIFEST unreadable: %v", err)
	}
	m, end, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dbDir).WithLogger(badgerLogger{}))
	if err != nil {
		return m, damaged("MANIFEST does not read back: %v", err)
	}
	if end != info.Size() {
		return m, damaged("MANIFEST ends with an incomplete record (%d of %d bytes valid)", end, info.Size())
	}
	return m, nil
}

// verifyTable opens a table file read-only and checks the checksum of its index and of every
// block. Badger's own code reads it, so a damaged file can make it panic: that is damage too.
func verifyTable(path string, c options.CompressionType) (err error) {
	name := filepath.Base(path)
	defer func() {
		if r := recover(); r != nil {
			err = damaged("table %s unreadable (panic)", name)
		}
	}()
	if info, serr := os.Lstat(path); serr != nil || !info.Mode().IsRegular() || info.Size() == 0 {
		return damaged("table %s missing or empty", name)
	}
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		return damaged("table %s unreadable: %v", name, err)
	}
	t, err := table.OpenTable(mf, table.Options{ChkMode: options.OnTableRead, Compression: c,
		BlockSize: 4 << 10})
	if err != nil {
		_ = mf.Close(-1) // no truncation; a second close of an already closed file is harmless
		return damaged("table %s fails its check: %v", name, err)
	}
	_ = t.Close(-1) // Close, not DecrRef: DecrRef deletes the file
	return nil
}

// moveOrphans moves table files the MANIFEST does not name into <data>/db-orphans, where
// nothing deletes them.
func moveOrphans(dataDir, dbDir string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	dst := filepath.Join(dataDir, orphansSubdir)
	if err := prepareDir(dst); err != nil {
		return err
	}
	for _, name := range names {
		target := filepath.Join(dst, name)
		for i := 1; ; i++ { // never over an orphan kept from an earlier crash
			if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
				break
			}
			target = filepath.Join(dst, fmt.Sprintf("%s.%d", name, i))
		}
		if err := os.Rename(filepath.Join(dbDir, name), target); err != nil {
			return err
		}
		badgerLogger{}.Warningf("table %s is not named by the MANIFEST (left by a crash): moved to %s", name, target)
	}
	if err := syncDir(dst); err != nil {
		return err
	}
	return syncDir(dbDir)
}
