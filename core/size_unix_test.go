//go:build unix

package core

import (
	"io/fs"
	"path/filepath"
	"syscall"
)

// dirSize returns the bytes a directory tree really occupies (allocated blocks) and its
// apparent size (sum of file lengths; sparse or pre-sized files count in full).
func dirSize(dir string) (real, apparent int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		apparent += info.Size()
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			real += int64(st.Blocks) * 512
		} else {
			real += info.Size()
		}
		return nil
	})
	return real, apparent, err
}
