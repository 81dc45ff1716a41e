//go:build windows

package storage

import (
	"errors"

	"golang.org/x/sys/windows"
)

// diskFree is the space the calling user may still write on the volume of path (quotas
// included), from GetDiskFreeSpaceEx.
func diskFree(path string) (uint64, bool, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return 0, false, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, false, err
	}
	return avail, true, nil
}

func isNoSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
