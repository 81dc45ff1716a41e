package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"

	"chorusdesk/i18n"
)

// lockFileName is our single-instance lock, taken before Badger opens so a second instance
// gets ErrInUse (a clear message) rather than Badger's own directory-lock error. The lock is
// an OS advisory lock on an open file (flock / LockFileEx): the kernel drops it when the
// process dies, so a lock file left behind by a crash never blocks the next start.
const lockFileName = "chorusdesk.lock"

// errLockHeld is returned by the platform tryLock when another handle holds the lock.
var errLockHeld = errors.New("lock held by another handle")

// dirLock is a held lock; release closes the handle, which drops the OS lock.
type dirLock struct {
	f *os.File
}

// acquireLock opens (creating if needed) the lock file in dir and locks it without waiting.
// Locks are per open file (not per process), so a second acquireLock from the same process
// is refused too.
func acquireLock(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFileName)
	// Never through a link: one planted as the lock file would make us truncate and write
	// whatever it points at.
	f, err := openFileNoFollow(path, os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, errIsLink) {
		return nil, i18n.Errorf("store.lock_is_link", path)
	}
	if err != nil {
		return nil, i18n.Errorf("vault.lock_failed", dir, err.Error())
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLockHeld) {
			return nil, ErrInUse
		}
		return nil, i18n.Errorf("vault.lock_failed", dir, err.Error())
	}
	// The PID is only a hint for a human looking at the directory; the OS lock is the truth.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dirLock{f: f}, nil
}

// release drops the lock. The file stays: deleting it would race with a new instance that
// already opened it.
func (l *dirLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
