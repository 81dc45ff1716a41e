package invoice

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
)

func TestDetectFileRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		wantKey string
	}{
		{"missing file", filepath.Join(dir, "nope.pdf"), KeyNotFound},
		{"directory", dir, KeyNotRegular},
		{"empty file", write("empty.xml", nil), KeyEmpty},
		{"plain PDF", write("plain.pdf", buildPDF()), KeyPDFNoXML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DetectFile(tt.path)
			if got := refusalKey(t, err); got != tt.wantKey {
				t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
			}
		})
	}
}

// TestDetectFileTooLargeIsNotRead: a sparse file far over the limit is refused from its size,
// without its content being read into memory.
func TestDetectFileTooLargeIsNotRead(t *testing.T) {
	for _, size := range []int64{MaxSize + 1, 1 << 40} {
		p := filepath.Join(t.TempDir(), "huge.pdf")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			f.Close()
			t.Skipf("sparse files not supported here: %v", err)
		}
		f.Close()

		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = DetectFile(p)
		runtime.ReadMemStats(&after)
		if got := refusalKey(t, err); got != KeyTooLarge {
			t.Fatalf("size %d: refused with %s (%v), want %s", size, got, err, KeyTooLarge)
		}
		if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<20 {
			t.Errorf("size %d: DetectFile allocated %d bytes: it read the file before checking its size", size, grown)
		}
		if size == MaxSize+1 && !strings.Contains(err.Error(), "10.1 MB") {
			t.Errorf("message %q does not give the size rounded up", err)
		}
	}
}

func TestDetectFileAtTheLimitIsRead(t *testing.T) {
	// A UBL invoice padded with white space to exactly MaxSize is still an invoice.
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	padded := append(append([]byte{}, ubl...), strings.Repeat("\n", MaxSize-len(ubl))...)
	p := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(p, padded, 0o600); err != nil {
		t.Fatal(err)
	}
	inv, err := DetectFile(p)
	if err != nil {
		t.Fatalf("file of exactly MaxSize refused: %v", err)
	}
	if inv.Number != "FA-2026-0001" {
		t.Errorf("Number = %q", inv.Number)
	}
}

// TestPDFLeavesNoConfigDir: pdfcpu creates a config directory in the user's config folder on
// first use unless told not to; reading invoices must not leave it behind.
func TestPDFLeavesNoConfigDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("AppData", filepath.Join(home, "appdata"))
	if _, err := Detect("a.pdf", sample(t, "FA-2026-0005_Factur-X-Minimum.pdf")); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(home)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("reading a PDF created %s in the user's home", e.Name())
	}
}

// TestRefusalKeysHaveBothLanguages parses keys.go, so a key added there without its English
// and French texts fails here.
func TestRefusalKeysHaveBothLanguages(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	en, fr := keySet(i18n.EN), keySet(i18n.FR)
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		lit, ok := node.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		key, _ := strconv.Unquote(lit.Value)
		n++
		if !en[key] || !fr[key] {
			t.Errorf("%s: English %v, French %v", key, en[key], fr[key])
		} else if i18n.T(i18n.EN, key) == i18n.T(i18n.FR, key) {
			t.Errorf("%s: the French text is the English one", key)
		}
		return true
	})
	if n < 20 {
		t.Fatalf("found only %d keys in keys.go", n)
	}
	// Every invoice.* text (the inspect command's too) exists in both languages.
	for _, pair := range [][2]map[string]bool{{en, fr}, {fr, en}} {
		for k := range pair[0] {
			if strings.HasPrefix(k, "invoice.") && !pair[1][k] {
				t.Errorf("%s is registered in one language only", k)
			}
		}
	}
}

func keySet(lang i18n.Lang) map[string]bool {
	m := map[string]bool{}
	for _, k := range i18n.Keys(lang) {
		m[k] = true
	}
	return m
}

func TestReadFile(t *testing.T) {
	p := fixtures.Invoice("FA-2026-0005_Factur-X-Minimum.pdf")
	got, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if SHA256(got) != SHA256(readFile(t, p)) {
		t.Error("ReadFile did not return the file's bytes")
	}
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.xml")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, MaxSize+1); err != nil {
		t.Skipf("sparse files not supported here: %v", err)
	}
	for path, want := range map[string]string{filepath.Join(dir, "nope"): KeyNotFound, dir: KeyNotRegular, huge: KeyTooLarge} {
		if _, err := ReadFile(path); refusalKey(t, err) != want {
			t.Errorf("ReadFile(%s) = %v, want %s", path, err, want)
		}
	}
}
