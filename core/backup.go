package core

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Automatic backups of the vault's settings live in <data>/backups: inside the private data
// directory (0700, under its lock), beside the database and not in it, so a damaged database
// leaves them readable.
const (
	backupsSubdir = "backups"
	backupPrefix  = "settings-"
	backupExt     = ".cdbackup"
)

// BackupsDir is where the automatic backups of data directory dir are written.
func BackupsDir(dir string) string { return filepath.Join(dir, backupsSubdir) }

// backupFiles lists the backup files of dir, oldest first (names sort by time).
func backupFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(BackupsDir(dir))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupExt) {
			out = append(out, filepath.Join(BackupsDir(dir), n))
		}
	}
	slices.Sort(out)
	return out, nil
}

// latestBackup is the newest backup file of dir.
func latestBackup(dir string) (string, bool) {
	files, err := backupFiles(dir)
	if err != nil || len(files) == 0 {
		return "", false
	}
	return files[len(files)-1], true
}
