// Package storage keeps Chorus Desk's data: a small-footprint Badger database with synced
// writes in a private data directory guarded by a single-instance lock, and the sealed
// vault (Argon2id-wrapped data key, per-record secretbox keys; docs/architecture.md, The
// vault's cryptography).
package storage

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"chorusdesk/i18n"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/ristretto/v2/z"
)

// dbSubdir holds Badger's files, so the data directory stays free for the lock file and
// whatever else the core keeps next to the database.
const dbSubdir = "db"

// Store is an open data directory: the lock plus the Badger database, used through KV (the
// root) and Namespace.
type Store struct {
	dir  string
	db   *badger.DB
	lock *dirLock

	// gate: transactions shared, journaled writes and Close exclusive (gate.go). closed is
	// set under the exclusive gate and read under the shared one.
	gate   *gate
	closed bool

	root    *space
	nsMu    sync.Mutex
	claimed atomic.Pointer[[][]byte] // prefixes ("name/") of the claimed namespaces

	hookMu      sync.Mutex
	journalHook func(stage string) error

	blobs *Blobs
	tight *tightener // keeps Badger's files 0600 (perms.go)
	// freeSpace reports the free bytes of a directory's disk (diskFree; tests replace it).
	freeSpace func(dir string) (free uint64, known bool, err error)

	closeOnce sync.Once
	closeErr  error
}

// Open prepares dir (created 0700, an existing one tightened to 0700), takes the
// single-instance lock, then opens Badger. A second Open of the same directory, from this or
// another process, returns ErrInUse while the first is open.
func Open(dir string) (*Store, error) { return open(dir, diskFree) }

func open(dir string, freeSpace func(string) (uint64, bool, error)) (*Store, error) {
	if err := prepareDir(dir); err != nil {
		return nil, i18n.Errorf("vault.dir_failed", dir, err.Error())
	}
	lock, err := acquireLock(dir)
	if err != nil {
		return nil, err
	}
	st := &Store{dir: dir, lock: lock, gate: newGate(), freeSpace: freeSpace}
	// Badger writes its memory-mapped files from the first moment: on a full disk that is
	// a SIGBUS, so it is not even opened there.
	if err := st.checkSpace(0); err != nil {
		lock.release()
		return nil, err
	}
	dbDir := filepath.Join(dir, dbSubdir)
	if err := prepareDir(dbDir); err != nil {
		lock.release()
		return nil, i18n.Errorf("vault.dir_failed", dbDir, err.Error())
	}
	st.blobs = newBlobs(st)
	if err := st.blobs.prepare(); err != nil {
		lock.release()
		return nil, i18n.Errorf("vault.dir_failed", st.blobs.dir, err.Error())
	}
	existing, err := checkDB(dir, dbDir)
	if err != nil {
		lock.release()
		return nil, err
	}
	// From here Badger may change its files: a clean-close inventory no longer holds.
	if existing {
		if err := writeDBState(dir, dbState{State: stateOpen}); err != nil {
			lock.release()
			return nil, i18n.Errorf("vault.dir_failed", dir, err.Error())
		}
	}
	db, err := openBadger(dbDir)
	if err != nil {
		lock.release()
		return nil, openError(dbDir, err)
	}
	if !existing { // the MANIFEST exists now: from here on, a missing one is damage
		if err := writeDBState(dir, dbState{State: stateOpen}); err != nil {
			_ = db.Close()
			lock.release()
			return nil, i18n.Errorf("vault.dir_failed", dir, err.Error())
		}
	}
	st.db = db
	st.tight = &tightener{dir: dbDir}
	st.tight.pass(true)
	st.root = &space{st: st}
	st.claimed.Store(&[][]byte{})
	if err := st.recoverJournal(); err != nil {
		_ = db.Close()
		lock.release()
		return nil, openError(dbDir, err)
	}
	return st, nil
}

// openError turns what went wrong while Badger opened into one clear error: another instance
// (only reachable when something bypassed our lock: another program, or a platform without
// advisory locks), a full disk, a folder we may not read, or else damage (never Badger's own
// text, which the damaged-file checks keep in the reason).
func openError(dbDir string, err error) error {
	var de *DamagedError
	switch {
	case errors.As(err, &de):
		return err
	case strings.Contains(err.Error(), "Cannot acquire directory lock"):
		return ErrInUse
	case isNoSpace(err):
		return ErrDiskFull
	case errors.Is(err, fs.ErrPermission):
		return i18n.Errorf("vault.open_failed", dbDir, fs.ErrPermission.Error())
	}
	return damaged("badger: %v", err)
}

// KV is the root key space: every key outside the claimed namespaces and storage's own
// journal (those are refused with ErrNotOwned, and skipped by a scan of everything).
func (s *Store) KV() KV { return s.root }

// Namespace claims the key space "name/" and returns it as a KV whose keys are relative to it
// (key "i/1" is stored as "name/i/1"). Each name is claimed once per Store: whoever holds the
// KV owns those keys, and the root no longer sees them. Names are lower-case letters and
// digits; ErrNamespaceTaken for a second claim or another name.
func (s *Store) Namespace(name string) (KV, error) {
	if !validNamespace(name) || name+"/" == prefixJournal {
		return nil, ErrNamespaceTaken
	}
	p := []byte(name + "/")
	s.nsMu.Lock()
	defer s.nsMu.Unlock()
	old := *s.claimed.Load()
	for _, c := range old {
		if bytes.Equal(c, p) {
			return nil, ErrNamespaceTaken
		}
	}
	next := append(slices.Clone(old), p)
	s.claimed.Store(&next)
	return &space{st: s, prefix: p}, nil
}

func validNamespace(name string) bool {
	if name == "" || len(name) > 32 {
		return false
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// openBadger works around a Badger bug (dgraph-io/badger issue 2207): a crash between the
// creation of a memtable or value-log file and its first write leaves a 0-byte file on which
// the next Open fails with z.NewFile. That failed Open has already sized the file, so opening
// again succeeds and loses nothing (the file held nothing). Found by the import crash test.
func openBadger(dbDir string) (*badger.DB, error) {
	var db *badger.DB
	var err error
	for range 3 {
		db, err = openBadgerOnce(dbDir)
		if err == nil || !strings.Contains(err.Error(), z.NewFile.Error()) {
			break
		}
	}
	return db, err
}

// openBadgerOnce turns a panic of Badger's open (its y.Check on files it cannot read) into
// damage; it happens in this goroutine, so it can be recovered.
func openBadgerOnce(dbDir string) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged("badger panicked while opening: %v", r)
		}
	}()
	return badger.Open(badgerOptions(dbDir))
}

// recordCleanClose writes the files Badger left at its clean close and their sizes, so the
// next Open refuses a directory where one of them went missing or changed size meanwhile.
func (s *Store) recordCleanClose() error {
	files, err := inventory(filepath.Join(s.dir, dbSubdir))
	if err != nil {
		return err
	}
	return writeDBState(s.dir, dbState{State: stateClean, Files: files})
}

// prepareDir creates dir with mode 0700 and tightens an existing one: the database holds only
// sealed secrets, but company names and settings are nobody else's business either.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		return nil // POSIX modes mean nothing there; the profile directory's ACL applies.
	}
	return os.Chmod(dir, 0o700)
}

// badgerOptions sizes Badger for a few thousand small records instead of its server defaults:
// no 2 GB value-log pre-size (apparent size of a fresh directory stays a few MB), small
// memtables and caches, one version per key, and every commit synced to disk.
func badgerOptions(dir string) badger.Options {
	return badger.DefaultOptions(dir).
		WithLogger(badgerLogger{}).
		WithSyncWrites(true).
		WithNumVersionsToKeep(1).
		WithMemTableSize(2 << 20). // max batch = 15% of it ≈ 300 KiB per transaction
		WithNumMemtables(2).
		WithValueLogFileSize(2 << 20). // mmapped at twice this size while open
		WithValueThreshold(64 << 10).  // sealed records (< 64 KiB) stay in the LSM tree
		WithBaseTableSize(1 << 20).
		WithBaseLevelSize(4 << 20).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithNumCompactors(2). // Badger refuses exactly one
		WithNumGoroutines(2).
		WithBlockCacheSize(1 << 20).
		WithIndexCacheSize(1 << 20).
		WithCompression(options.None). // sealed values are random bytes: nothing to gain
		WithMetricsEnabled(false).
		WithCompactL0OnClose(true)
}

// Dir is the data directory given to Open.
func (s *Store) Dir() string { return s.dir }

// Close tidies the value log once (cheap on a small database), closes Badger, then releases
// the lock. Calling it again returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		// Wait for running transactions; later ones get ErrClosed instead of reaching a
		// closed Badger (which panics on some paths).
		s.gate.lock()
		s.closed = true
		s.gate.unlock()
		// One GC pass; ErrNoRewrite ("nothing worth rewriting") is the usual, fine answer.
		if err := s.db.RunValueLogGC(0.5); err != nil && !errors.Is(err, badger.ErrNoRewrite) &&
			!errors.Is(err, badger.ErrRejected) {
			badgerLogger{}.Warningf("value log GC: %v", err)
		}
		err := s.db.Close()
		s.tight.pass(true) // files Badger wrote while closing
		if err == nil {
			err = s.recordCleanClose()
		}
		if err != nil {
			s.closeErr = i18n.Errorf("vault.close_failed", err.Error())
		}
		if err := s.lock.release(); err != nil && s.closeErr == nil {
			s.closeErr = i18n.Errorf("vault.close_failed", err.Error())
		}
	})
	return s.closeErr
}
