package outbox

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// skippedKeys maps each skipped path's base name to its reason's key.
func skippedKeys(t *testing.T, skipped []Skipped) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, s := range skipped {
		ie, ok := s.Err.(*i18n.Error)
		if !ok {
			t.Fatalf("%s skipped with %v (%T)", s.Path, s.Err, s.Err)
		}
		out[filepath.Base(s.Path)] = ie.Key
	}
	return out
}

func TestExpandPaths(t *testing.T) {
	dir := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, f := range []string{"in/b.xml", "in/A.PDF", "in/c.Xml", "in/notes.txt", "in/.hidden.xml", "in/~x.xml",
		"in/export.xml.tmp", "in/dl.pdf.crdownload", "in/sub/deep.xml", "in/processed/old.xml", "in/refused/bad.xml",
		"in/.claimed-desk/taken.xml", "loose.txt", "other/z.xml"} {
		mk(f)
	}
	in := filepath.Join(dir, "in")
	tests := []struct {
		name      string
		paths     []string
		wantFiles []string
		wantSkip  map[string]string
	}{
		{"a folder: its invoices, sorted, not recursive", []string{in},
			[]string{"in/A.PDF", "in/b.xml", "in/c.Xml"},
			map[string]string{"notes.txt": "intake.not_invoice_name", "sub": "intake.subfolder"}},
		{"a file named explicitly, whatever its name", []string{filepath.Join(dir, "loose.txt")},
			[]string{"loose.txt"}, map[string]string{}},
		{"a file and its folder: taken once", []string{filepath.Join(in, "b.xml"), in, filepath.Join(in, ".", "b.xml")},
			[]string{"in/b.xml", "in/A.PDF", "in/c.Xml"},
			map[string]string{"notes.txt": "intake.not_invoice_name", "sub": "intake.subfolder"}},
		{"a dropped list of files and folders", []string{filepath.Join(dir, "other"), filepath.Join(in, "c.Xml")},
			[]string{"other/z.xml", "in/c.Xml"}, map[string]string{}},
		{"a path that does not exist", []string{filepath.Join(dir, "missing.xml")},
			nil, map[string]string{"missing.xml": invoice.KeyNotFound}},
		{"nothing", nil, nil, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, skipped := ExpandPaths(tt.paths)
			var rel []string
			for _, f := range files {
				r, err := filepath.Rel(dir, f)
				if err != nil {
					t.Fatal(err)
				}
				rel = append(rel, filepath.ToSlash(r))
			}
			if !reflect.DeepEqual(rel, tt.wantFiles) {
				t.Errorf("files %v, want %v", rel, tt.wantFiles)
			}
			if got := skippedKeys(t, skipped); !reflect.DeepEqual(got, tt.wantSkip) {
				t.Errorf("skipped %v, want %v", got, tt.wantSkip)
			}
		})
	}
}
