//go:build unix

package outbox

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"

	"chorusdesk/invoice"
)

// TestExpandPathsLinksAndSpecialFiles: in a folder, a link is followed only when its target
// stays in the folder; a named pipe or a device is skipped without being opened; named
// explicitly, a link is the user's choice.
func TestExpandPathsLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o700); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(dir, "outside.xml")
	for _, p := range []string{outside, filepath.Join(in, "real.xml")} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{"out.xml": outside, "inside.xml": filepath.Join(in, "real.xml"), "relative-out.xml": "../outside.xml",
		"dangling.xml": filepath.Join(dir, "gone.xml"), "null.xml": os.DevNull}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.xml"), 0o600); err != nil {
		t.Fatal(err)
	}
	files, skipped := ExpandPaths([]string{in})
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if want := []string{"inside.xml", "real.xml"}; !reflect.DeepEqual(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	want := map[string]string{"out.xml": "intake.link_outside", "relative-out.xml": "intake.link_outside",
		"null.xml": "intake.link_outside", "pipe.xml": invoice.KeySpecialFile}
	if got := skippedKeys(t, skipped); !reflect.DeepEqual(got, want) {
		t.Errorf("skipped %v, want %v", got, want)
	}
	// Named explicitly: the link is followed; the pipe is refused, never opened.
	files, skipped = ExpandPaths([]string{filepath.Join(in, "out.xml"), filepath.Join(in, "pipe.xml")})
	if len(files) != 1 || filepath.Base(files[0]) != "out.xml" {
		t.Errorf("files %v", files)
	}
	if got := skippedKeys(t, skipped); !reflect.DeepEqual(got, map[string]string{"pipe.xml": invoice.KeySpecialFile}) {
		t.Errorf("skipped %v", got)
	}
}
