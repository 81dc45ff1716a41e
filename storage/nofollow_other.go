//go:build !unix && !windows

package storage

import (
	"io/fs"
	"os"
)

func openNoFollow(path string) (*os.File, error) {
	return openFileNoFollow(path, os.O_RDONLY, 0)
}

// openFileNoFollow checks the path with Lstat first: racy, the best this platform offers.
func openFileNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, errIsLink
	}
	return os.OpenFile(path, flag, perm)
}
