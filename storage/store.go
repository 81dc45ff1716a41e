// Package storage keeps Chorus Desk's data: a small-footprint Badger database with synced
// writes in a private data directory guarded by a single-instance lock, and the sealed
// vault of spec §2.6 (Argon2id-wrapped data key, per-record secretbox keys).
package storage

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"chorusdesk/i18n"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// dbSubdir holds Badger's files, so the data directory stays free for the lock file and
// whatever else the core keeps next to the database.
const dbSubdir = "db"

// Store is an open data directory: the lock plus the Badger database.
type Store struct {
	dir  string
	db   *badger.DB
	lock *dirLock

	closeOnce sync.Once
	closeErr  error
}

// Open prepares dir (created 0700, an existing one tightened to 0700), takes the
// single-instance lock, then opens Badger. A second Open of the same directory, from this or
// another process, returns ErrInUse while the first is open.
func Open(dir string) (*Store, error) {
	if err := prepareDir(dir); err != nil {
		return nil, i18n.Errorf("vault.dir_failed", dir, err.Error())
	}
	lock, err := acquireLock(dir)
	if err != nil {
		return nil, err
	}
	dbDir := filepath.Join(dir, dbSubdir)
	if err := prepareDir(dbDir); err != nil {
		lock.release()
		return nil, i18n.Errorf("vault.dir_failed", dbDir, err.Error())
	}
	db, err := badger.Open(badgerOptions(dbDir))
	if err != nil {
		lock.release()
		// Only reachable when something bypassed our lock (another program, or a platform
		// without advisory locks); still a second instance, so still ErrInUse.
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, ErrInUse
		}
		return nil, i18n.Errorf("vault.open_failed", dbDir, err.Error())
	}
	return &Store{dir: dir, db: db, lock: lock}, nil
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

// DB is the Badger database; callers use its transactions directly.
func (s *Store) DB() *badger.DB { return s.db }

// Dir is the data directory given to Open.
func (s *Store) Dir() string { return s.dir }

// Close tidies the value log once (cheap on a small database), closes Badger, then releases
// the lock. Calling it again returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		// One GC pass; ErrNoRewrite ("nothing worth rewriting") is the usual, fine answer.
		if err := s.db.RunValueLogGC(0.5); err != nil && !errors.Is(err, badger.ErrNoRewrite) &&
			!errors.Is(err, badger.ErrRejected) {
			badgerLogger{}.Warningf("value log GC: %v", err)
		}
		if err := s.db.Close(); err != nil {
			s.closeErr = i18n.Errorf("vault.close_failed", err.Error())
		}
		if err := s.lock.release(); err != nil && s.closeErr == nil {
			s.closeErr = i18n.Errorf("vault.close_failed", err.Error())
		}
	})
	return s.closeErr
}
