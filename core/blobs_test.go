package core

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"chorusdesk/storage"
)

// The service's content store keeps a 3 MB invoice (over Badger's value-log file size) and
// refuses a damaged copy with the message the user needs.
func TestServiceBlobs(t *testing.T) {
	s := openService(t)
	data := bytes.Repeat([]byte("<Invoice/>\n"), 3<<20/11)
	sha, size, err := s.Blobs().Put(bytes.NewReader(data))
	if err != nil || size != int64(len(data)) {
		t.Fatalf("Put: %d %v", size, err)
	}
	rc, err := s.Blobs().Open(sha)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	path := filepath.Join(s.Dir(), "blobs", sha[:2], sha)
	if err := os.Truncate(path, 10); err != nil {
		t.Fatal(err)
	}
	_, err = s.Blobs().Open(sha)
	if !errors.Is(err, storage.ErrBlobDamaged) || err.Error() != "The stored copy of the invoice is damaged: add the file again." {
		t.Fatalf("damaged copy: %v", err)
	}
	if ExitCode(ErrDiskFull) != ExitFailed {
		t.Fatal("a full disk is a failure (exit 1)")
	}
}
