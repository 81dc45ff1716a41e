package outbox

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"chorusdesk/domain"
	"chorusdesk/invoice"
)

// fileSystem is what the intake and the inbox watch do to files, so that tests can play
// every failure a desk meets (a Windows sharing violation, a share that refuses a rename, a
// full name) on any system. osFS is the real one.
type fileSystem interface {
	ReadDir(dir string) ([]fs.DirEntry, error)
	Lstat(p string) (fs.FileInfo, error)
	Stat(p string) (fs.FileInfo, error)
	EvalSymlinks(p string) (string, error)
	// Detect opens p the way invoice.DetectFile does (never blocking, and on Windows denying
	// writers, so a file another program still writes is reported busy) and detects it: the
	// invoice and the SHA-256 of the bytes detected, else why not.
	Detect(p string) (detection, error)
	Rename(from, to string) error
	Link(from, to string) error
	Remove(p string) error
	MkdirAll(p string, perm fs.FileMode) error
	WriteFile(p string, data []byte, perm fs.FileMode) error
	ReadFile(p string) ([]byte, error)
	Chtimes(p string, t time.Time) error
}

type osFS struct{}

func (osFS) ReadDir(dir string) ([]fs.DirEntry, error)         { return os.ReadDir(dir) }
func (osFS) Lstat(p string) (fs.FileInfo, error)               { return os.Lstat(p) }
func (osFS) Stat(p string) (fs.FileInfo, error)                { return os.Stat(p) }
func (osFS) EvalSymlinks(p string) (string, error)             { return filepath.EvalSymlinks(p) }
func (osFS) Rename(from, to string) error                      { return os.Rename(from, to) }
func (osFS) Link(from, to string) error                        { return os.Link(from, to) }
func (osFS) Remove(p string) error                             { return os.Remove(p) }
func (osFS) MkdirAll(p string, perm fs.FileMode) error         { return os.MkdirAll(p, perm) }
func (osFS) ReadFile(p string) ([]byte, error)                 { return os.ReadFile(p) }
func (osFS) Chtimes(p string, t time.Time) error               { return os.Chtimes(p, t, t) }
func (osFS) WriteFile(p string, b []byte, m fs.FileMode) error { return os.WriteFile(p, b, m) }

func (osFS) Detect(p string) (detection, error) {
	f, st, err := invoice.OpenFile(p)
	if err != nil {
		return detection{}, err
	}
	defer f.Close()
	inv, err := invoice.DetectReader(filepath.Base(p), f, st.Size())
	if err != nil {
		return detection{}, err
	}
	// The bytes' hash, so that Add knows its stored copy is what was detected here (the file
	// is detected once); a file that fails to read again is simply detected again by Add.
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(f, 0, invoice.MaxSize+1))
	if err != nil {
		return detection{inv: inv}, nil
	}
	return detection{inv: inv, sha: hex.EncodeToString(h.Sum(nil)), size: n}, nil
}

// displayName makes a file name (or a system message quoting one) safe to show.
func displayName(s string) string { return domain.CleanText(s) }
