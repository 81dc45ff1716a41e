//go:build !unix

package core

import (
	"io/fs"
	"path/filepath"
)

// dirSize: without st_blocks, the real size is approximated by the apparent size.
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
		return nil
	})
	return apparent, apparent, err
}
