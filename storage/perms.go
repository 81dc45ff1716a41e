package storage

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Badger creates its files with mode 0666 minus the umask: 0644 usually, 0666 under umask
// 000. Every file of the data directory must be 0600 and every directory 0700 whatever the
// umask, so the store tightens Badger's files itself: right after Open, after each write
// (when the folder's modification time says a file was added: one stat, no listing
// otherwise), and after Close. Badger also creates files on its own between two writes
// (compactions, a new value log): for that moment the folder itself, 0700 from the start, is
// what keeps other users out.
//
// Why not set the umask instead: it is one value for the whole process, shared with every
// other goroutine (the window, the watcher), and Badger creates files at any time from its
// own goroutines, so "around Badger's file creation" has no boundary to put it around.
type tightener struct {
	dir  string
	mu   sync.Mutex
	seen time.Time // modification time of dir at the last pass
}

func (t *tightener) pass(force bool) {
	if runtime.GOOS == "windows" {
		return // POSIX modes mean nothing there; the profile's ACL applies
	}
	if !t.mu.TryLock() {
		return // a pass is running; it will see the same files
	}
	defer t.mu.Unlock()
	info, err := os.Stat(t.dir)
	if err != nil || (!force && info.ModTime().Equal(t.seen)) {
		return
	}
	entries, err := os.ReadDir(t.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() == 0o600 {
			continue
		}
		_ = os.Chmod(filepath.Join(t.dir, e.Name()), 0o600)
	}
	t.seen = info.ModTime()
}
