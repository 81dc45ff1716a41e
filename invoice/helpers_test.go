package invoice

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sample reads one of the repository's sample invoices.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, fixtures.Invoice(name))
}

// refusalKey returns the catalog key of a refusal, failing the test if err is not an
// *i18n.Error of this package.
func refusalKey(t testing.TB, err error) string {
	t.Helper()
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *i18n.Error", err, err)
	}
	if !strings.HasPrefix(ie.Key, "invoice.") {
		t.Fatalf("error key %q is not an invoice.* key", ie.Key)
	}
	// The text must exist in both languages and take exactly the arguments given.
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		if msg := ie.Localize(lang); msg == "" || strings.HasPrefix(msg, "invoice.") || strings.Contains(msg, "%!") {
			t.Errorf("%s message of %s badly rendered: %q", lang, ie.Key, msg)
		}
	}
	return ie.Key
}

// replaceAll replaces old by new in s and fails if old is absent, so a sample edit that no
// longer applies cannot silently turn a refusal test into a no-op.
func replaceAll(t testing.TB, s []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(s, []byte(old)) {
		t.Fatalf("sample does not contain %q", old)
	}
	return bytes.ReplaceAll(s, []byte(old), []byte(new))
}

// attachment is one embedded file of a test PDF.
type attachment struct {
	name    string
	data    []byte
	flate   bool // store it FlateDecode-compressed, as real Factur-X writers do
	onlyAF  bool // reference it from the catalog's /AF only, not the EmbeddedFiles name tree
	noEFKey bool // file specification without its /EF stream
}

// buildPDF writes a minimal but well-formed one-page PDF 1.7 with the given attachments and
// a correct cross-reference table. It exists so the refusal tests can build exactly the PDF
// they need instead of shipping binary fixtures; reading stays pdfcpu's job.
func buildPDF(atts ...attachment) []byte {
	var objs []string // objs[i] is object number i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled in last, when the attachment object numbers are known
	pages := add("")
	page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>", pages))
	objs[pages-1] = fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page)

	var names, af []string
	for _, a := range atts {
		data, filter := a.data, ""
		if a.flate {
			var buf bytes.Buffer
			w := zlib.NewWriter(&buf)
			_, _ = w.Write(a.data)
			_ = w.Close()
			data, filter = buf.Bytes(), " /Filter /FlateDecode"
		}
		stream := add(fmt.Sprintf("<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %d%s >>\nstream\n%s\nendstream",
			len(data), filter, data))
		ef := fmt.Sprintf(" /EF << /F %d 0 R >>", stream)
		if a.noEFKey {
			ef = ""
		}
		spec := add(fmt.Sprintf("<< /Type /Filespec /F (%s) /UF (%s)%s /AFRelationship /Data >>", a.name, a.name, ef))
		if !a.onlyAF {
			names = append(names, fmt.Sprintf("(%s) %d 0 R", a.name, spec))
		}
		af = append(af, fmt.Sprintf("%d 0 R", spec))
	}
	cat := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R", pages)
	if len(names) > 0 {
		cat += " /Names << /EmbeddedFiles << /Names [" + strings.Join(names, " ") + "] >> >>"
	}
	if len(af) > 0 {
		cat += " /AF [" + strings.Join(af, " ") + "]"
	}
	objs[catalog-1] = cat + " >>"

	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return out.Bytes()
}
