package storage

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dbStateFile, in the data directory next to the database folder, says the database exists
// (written when Badger first created it) and how Badger left it:
//
//	{"format":1,"state":"open"}                      Badger is (or was, until a crash) open
//	{"format":1,"state":"clean","files":{name:size}} closed cleanly, leaving exactly these files
//
// It is what lets Open tell a damaged directory from a new one (a MANIFEST missing from a
// directory that had one is damage, not a fresh start) and a truncated file from a crash
// (after a clean close no Badger file may change size before the next open).
const dbStateFile = "db.state"

const dbStateFormat = 1

type dbState struct {
	Format int              `json:"format"`
	State  string           `json:"state"` // "open" or "clean"
	Files  map[string]int64 `json:"files,omitempty"`
}

const (
	stateOpen  = "open"
	stateClean = "clean"
)

// maxDBStateSize bounds what readDBState reads: a few hundred file names at most.
const maxDBStateSize = 1 << 20

// parseDBState decodes the state file. It comes from disk, so anything odd is an error (the
// caller then trusts only the directory's own files), never a panic.
func parseDBState(b []byte) (dbState, error) {
	var s dbState
	if len(b) > maxDBStateSize {
		return s, errors.New("state file too large")
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, err
	}
	if s.Format != dbStateFormat || (s.State != stateOpen && s.State != stateClean) {
		return s, errors.New("unknown state file format")
	}
	for name, size := range s.Files {
		if !inventoried(name) || size < 0 {
			return s, errors.New("state file lists an unexpected file")
		}
	}
	return s, nil
}

// readDBState returns the state, ok false when there is none (a new directory, or one made
// before the state file existed); err is set when a file exists but does not parse.
func readDBState(dataDir string) (s dbState, ok bool, err error) {
	f, err := openNoFollow(filepath.Join(dataDir, dbStateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return s, false, nil
	}
	if err != nil {
		return s, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDBStateSize+1))
	if err != nil {
		return s, false, err
	}
	s, err = parseDBState(b)
	return s, err == nil, err
}

// writeDBState replaces the state file atomically (temp, fsync, rename, directory fsync).
func writeDBState(dataDir string, s dbState) error {
	s.Format = dbStateFormat
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dataDir, dbStateFile), b)
}

// writeFileAtomic writes b to path through a temporary file in the same directory, synced and
// renamed into place, the directory synced: a crash leaves the old file or the new one.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*") // mode 0600
	if err != nil {
		return diskErr(err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return diskErr(err)
	}
	if err := f.Sync(); err != nil {
		return diskErr(err)
	}
	if err := f.Close(); err != nil {
		return diskErr(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return diskErr(err)
	}
	ok = true
	return syncDir(dir)
}

// inventoried reports whether a file of the database folder is one whose size a clean close
// records: the MANIFEST, the key registry, tables and value logs. (DISCARD holds only hints
// for value-log clean-up and keeps its size; memtables do not survive a clean close.)
func inventoried(name string) bool {
	switch {
	case name == "MANIFEST", name == "KEYREGISTRY":
		return true
	case strings.HasSuffix(name, ".sst"), strings.HasSuffix(name, ".vlog"):
		return !strings.ContainsAny(name, `/\`)
	}
	return false
}

// inventory lists the sizes of the inventoried files of dbDir.
func inventory(dbDir string) (map[string]int64, error) {
	entries, err := os.ReadDir(dbDir)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, e := range entries {
		if !inventoried(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		out[e.Name()] = info.Size()
	}
	return out, nil
}
