//go:build unix

package storage

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// openNoFollow opens path for reading without following a link in its last component.
func openNoFollow(path string) (*os.File, error) {
	return openFileNoFollow(path, os.O_RDONLY, 0)
}

// openFileNoFollow is os.OpenFile with O_NOFOLLOW: a link as the last component is refused
// (errIsLink) instead of opened through.
func openFileNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|unix.O_NOFOLLOW, perm)
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK) { // EMLINK: FreeBSD's answer
		return nil, errIsLink
	}
	return f, err
}
