package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"chorusdesk/i18n"
)

// Blobs keeps invoice content as files named by their SHA-256, under <data>/blobs: a file of
// 10 MB belongs in a file, not in a database value. Every Put writes a temporary file, syncs
// it, renames it into place and syncs the directory, so a crash leaves either no blob or the
// whole blob. Every Open checks the content against its name before handing out a byte: a
// damaged copy is ErrBlobDamaged, a missing one ErrBlobMissing, never an empty or wrong file.
// Putting the same content again replaces a damaged copy. Memory stays bounded whatever the
// size: content streams through a pooled 64 KiB buffer.
type Blobs struct {
	st  *Store
	dir string
}

const (
	blobsSubdir = "blobs"
	blobsTmp    = "tmp"
	// spaceCheckEvery: Put re-checks the free space after each such amount written.
	spaceCheckEvery = 4 << 20
)

var (
	// ErrBlobDamaged: the stored content does not match its SHA-256 (a flipped bit, a
	// truncated file). Adding the file again repairs it.
	ErrBlobDamaged = i18n.Errorf("store.blob.damaged")
	// ErrBlobMissing: no content is stored under that SHA-256.
	ErrBlobMissing = i18n.Errorf("store.blob.missing")
)

var blobBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Blobs is the content store of this data directory.
func (s *Store) Blobs() *Blobs { return s.blobs }

func newBlobs(st *Store) *Blobs { return &Blobs{st: st, dir: filepath.Join(st.dir, blobsSubdir)} }

// prepare creates the blob directories and removes temporary files a crash left behind
// (nothing refers to them: a blob exists only once renamed).
func (b *Blobs) prepare() error {
	tmp := filepath.Join(b.dir, blobsTmp)
	if err := prepareDir(b.dir); err != nil {
		return err
	}
	if err := prepareDir(tmp); err != nil {
		return err
	}
	left, err := filepath.Glob(filepath.Join(tmp, "put-*"))
	if err != nil {
		return err
	}
	for _, f := range left {
		_ = os.Remove(f)
	}
	return nil
}

// validSHA reports whether name is 64 lower-case hex digits (the only names Put makes).
func validSHA(name string) bool {
	if len(name) != 2*sha256.Size {
		return false
	}
	for _, c := range name {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (b *Blobs) path(sha string) string { return filepath.Join(b.dir, sha[:2], sha) }

// Put stores everything r yields and returns its SHA-256 (lower-case hex) and size. It
// refuses with ErrDiskFull, before and while writing, when the disk runs low; nothing is
// left behind then, and what was stored stays intact.
func (b *Blobs) Put(r io.Reader) (sha string, size int64, err error) {
	if err := b.st.checkSpace(0); err != nil {
		return "", 0, err
	}
	f, err := os.CreateTemp(filepath.Join(b.dir, blobsTmp), "put-*") // mode 0600
	if err != nil {
		return "", 0, diskErr(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			_ = os.Remove(tmp)
		}
	}()
	h := sha256.New()
	bufp := blobBufs.Get().(*[]byte)
	defer blobBufs.Put(bufp)
	buf := *bufp
	nextCheck := int64(spaceCheckEvery)
	for {
		n, rerr := r.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			if _, err := f.Write(buf[:n]); err != nil {
				return "", 0, diskErr(err)
			}
			size += int64(n)
			if size >= nextCheck {
				if err := b.st.checkSpace(0); err != nil {
					return "", 0, err
				}
				nextCheck += spaceCheckEvery
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return "", 0, rerr
		}
	}
	if err := f.Sync(); err != nil {
		return "", 0, diskErr(err)
	}
	if err := f.Close(); err != nil {
		return "", 0, diskErr(err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	final := b.path(sha)
	sub := filepath.Dir(final)
	if _, serr := os.Stat(sub); errors.Is(serr, fs.ErrNotExist) {
		if err := os.Mkdir(sub, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", 0, diskErr(err)
		}
		if err := syncDir(b.dir); err != nil {
			return "", 0, err
		}
	}
	// Renaming over an existing copy is what repairs a damaged one; identical content
	// otherwise, so harmless.
	if err := os.Rename(tmp, final); err != nil {
		return "", 0, diskErr(err)
	}
	if err := syncDir(sub); err != nil {
		return "", 0, err
	}
	return sha, size, nil
}

// Open returns the content stored under sha, checked: the whole file is hashed first, so a
// damaged or missing copy fails here, before the caller sends a byte; the reader checks again
// as it goes and ends with ErrBlobDamaged instead of io.EOF if the file changed meanwhile.
func (b *Blobs) Open(sha string) (io.ReadCloser, error) {
	f, err := b.openFile(sha)
	if err != nil {
		return nil, err
	}
	if err := verifyFile(f, sha); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &checkedReader{f: f, h: sha256.New(), want: sha}, nil
}

// BlobAt is a stored copy opened for reading at any offset (invoice detection reads a PDF
// from its end).
type BlobAt interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

// OpenAt returns the content stored under sha for reading at any offset, checked first as
// Open does (ErrBlobDamaged, ErrBlobMissing).
func (b *Blobs) OpenAt(sha string) (BlobAt, error) {
	f, err := b.openFile(sha)
	if err != nil {
		return nil, err
	}
	if err := verifyFile(f, sha); err != nil {
		f.Close()
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return blobAt{f, info.Size()}, nil
}

type blobAt struct {
	*os.File
	size int64
}

func (b blobAt) Size() int64 { return b.size }

// Verify checks the copy stored under sha: nil, ErrBlobDamaged or ErrBlobMissing.
func (b *Blobs) Verify(sha string) error {
	f, err := b.openFile(sha)
	if err != nil {
		return err
	}
	defer f.Close()
	return verifyFile(f, sha)
}

// Size is the size of the copy stored under sha (unchecked), or ErrBlobMissing.
func (b *Blobs) Size(sha string) (int64, error) {
	if !validSHA(sha) {
		return 0, ErrBlobMissing
	}
	info, err := os.Lstat(b.path(sha))
	if err != nil || !info.Mode().IsRegular() {
		return 0, ErrBlobMissing
	}
	return info.Size(), nil
}

// Remove deletes the copy stored under sha; removing an absent one is not an error.
func (b *Blobs) Remove(sha string) error {
	if !validSHA(sha) {
		return nil
	}
	p := b.path(sha)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(p))
}

// Each calls fn with the SHA-256 of every stored blob (for clean-ups of content nothing
// refers to any more). Files that are not blobs are ignored.
func (b *Blobs) Each(fn func(sha string) error) error {
	subs, err := os.ReadDir(b.dir)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		files, err := os.ReadDir(filepath.Join(b.dir, sub.Name()))
		if err != nil {
			return err
		}
		for _, f := range files {
			if name := f.Name(); validSHA(name) && strings.HasPrefix(name, sub.Name()) && f.Type().IsRegular() {
				if err := fn(name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (b *Blobs) openFile(sha string) (*os.File, error) {
	if !validSHA(sha) {
		return nil, ErrBlobMissing
	}
	f, err := openNoFollow(b.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrBlobMissing
	}
	if errors.Is(err, errIsLink) {
		return nil, ErrBlobDamaged
	}
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, ErrBlobDamaged
	}
	return f, nil
}

func verifyFile(f *os.File, sha string) error {
	h := sha256.New()
	bufp := blobBufs.Get().(*[]byte)
	defer blobBufs.Put(bufp)
	if _, err := io.CopyBuffer(onlyWriter{h}, onlyReader{f}, *bufp); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return ErrBlobDamaged
	}
	return nil
}

// onlyReader and onlyWriter hide ReadFrom/WriteTo so io.CopyBuffer uses the pooled buffer.
type onlyReader struct{ io.Reader }
type onlyWriter struct{ io.Writer }

// checkedReader hashes what it hands out and ends with ErrBlobDamaged if that was not the
// content named sha.
type checkedReader struct {
	f    *os.File
	h    hash.Hash
	want string
	done bool
}

func (r *checkedReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	r.h.Write(p[:n])
	if err == io.EOF && !r.done {
		r.done = true
		if hex.EncodeToString(r.h.Sum(nil)) != r.want {
			return n, ErrBlobDamaged
		}
	}
	return n, err
}

func (r *checkedReader) Close() error { return r.f.Close() }

// diskErr maps "no space left" to ErrDiskFull.
func diskErr(err error) error {
	if isNoSpace(err) {
		return ErrDiskFull
	}
	return err
}

// syncDir makes a rename or a new entry in dir durable. Windows has no directory sync (and
// NTFS journals the rename itself).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
