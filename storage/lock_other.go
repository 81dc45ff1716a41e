//go:build !unix && !windows

package storage

import "os"

// tryLock on platforms without an advisory file lock: Badger's own directory lock remains
// the only guard, and Open maps its error to ErrInUse.
func tryLock(*os.File) error { return nil }
