//go:build unix

package storage

import (
	"errors"

	"golang.org/x/sys/unix"
)

// diskFree is the space an unprivileged process may still write on the filesystem of path.
func diskFree(path string) (uint64, bool, error) {
	var fs unix.Statfs_t
	if err := unix.Statfs(path, &fs); err != nil {
		return 0, false, err
	}
	return uint64(fs.Bavail) * uint64(fs.Bsize), true, nil
}

// isNoSpace reports whether a write failed because the filesystem is full (or the quota hit).
func isNoSpace(err error) bool { return errors.Is(err, unix.ENOSPC) || errors.Is(err, unix.EDQUOT) }
