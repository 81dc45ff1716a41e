package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// WritePrivateFile writes b to path inside the data directory, atomically (temporary file,
// fsync, rename, directory fsync), mode 0600, its missing parent folders 0700. It refuses
// with ErrDiskFull when the write would leave less than MinFreeSpace.
func (s *Store) WritePrivateFile(path string, b []byte) error {
	rel, err := filepath.Rel(s.dir, path)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is outside the data directory", path)
	}
	if err := s.checkSpace(uint64(len(b))); err != nil {
		return err
	}
	if err := prepareDir(filepath.Dir(path)); err != nil {
		return diskErr(err)
	}
	return writeFileAtomic(path, b)
}

// SetAside moves the database of data directory dir out of the way (db → db-damaged-<time>,
// its state file with it) so a new one can be created there; nothing is deleted. It takes the
// directory's lock for the move: ErrInUse while another instance has it open.
func SetAside(dir string, now time.Time) error {
	lock, err := acquireLock(dir)
	if err != nil {
		return err
	}
	defer lock.release()
	aside := filepath.Join(dir, "db-damaged-"+now.UTC().Format("20060102-150405"))
	if _, err := os.Lstat(aside); err == nil {
		return fmt.Errorf("%s already exists", aside)
	}
	if err := os.Rename(filepath.Join(dir, dbSubdir), aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := prepareDir(aside); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(dir, dbStateFile), filepath.Join(aside, dbStateFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := syncDir(aside); err != nil {
		return err
	}
	return syncDir(dir)
}
