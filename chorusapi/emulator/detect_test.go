package emulator

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// TestOwnReader: the emulator's reader finds the fields its rules need in UBL, CII and
// Factur-X, whatever the order of the PDF's stream dictionary, and refuses what is not an
// invoice — without the app's invoice package.
func TestOwnReader(t *testing.T) {
	ubl := testdataFile(t, "FA-2026-0001_UBL.xml")
	cii := testdataFile(t, "FA-2026-0002_CII.xml")
	pdf := testdataFile(t, "FA-2026-0003_Factur-X-EN16931.pdf")
	cases := []struct {
		name   string
		data   []byte
		syntax string
		number string
	}{
		{"UBL", ubl, syntaxUBL, "FA-2026-0001"},
		{"CII", cii, syntaxCII, "FA-2026-0002"},
		{"Factur-X", pdf, syntaxFacturX, "FA-2026-0003"},
		{"Factur-X, /Length after /Type, uncompressed", fakePDF(cii, false, "/Length %d /Type /EmbeddedFile"), syntaxFacturX, "FA-2026-0002"},
		{"Factur-X, indirect /Length, Flate", fakePDF(cii, true, "/Filter /FlateDecode /Length 99 0 R /Type /EmbeddedFile"), syntaxFacturX, "FA-2026-0002"},
	}
	for _, tc := range cases {
		d, err := detectDoc("f", tc.data)
		if err != nil || d.Syntax != tc.syntax || d.Number != tc.number || d.Seller != SupplierSIRET1 || d.Buyer == "" {
			t.Errorf("%s: %+v %v", tc.name, d, err)
		}
	}
	refused := []struct {
		name, want string
		data       []byte
	}{
		{"empty", "vide", nil},
		{"not XML", "aucun élément", []byte("hello")},
		{"broken XML", "XML illisible", []byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><a></Invoice>`)},
		{"other root", "racine", []byte(`<Order xmlns="urn:x"/>`)},
		{"no number", "numéro", []byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`)},
		{"PDF without XML", "sans facture", []byte("%PDF-1.7\n1 0 obj <<>> endobj")},
		{"PDF with UBL", "n'est pas une facture CII", fakePDF(ubl, false, "/Type /EmbeddedFile /Length %d")},
		{"PDF with two invoices", "plusieurs", append(fakePDF(cii, false, "/Type /EmbeddedFile /Length %d"),
			fakePDF(bytes.Replace(cii, []byte("FA-2026-0002"), []byte("FA-2026-9999"), 1), false, "/Type /EmbeddedFile /Length %d")...)},
		{"too deep", "profond", []byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">` + strings.Repeat("<a>", 70) + strings.Repeat("</a>", 70) + `</Invoice>`)},
	}
	for _, tc := range refused {
		if d, err := detectDoc("f", tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %+v %v, want %q", tc.name, d, err, tc.want)
		}
	}
}

// fakePDF embeds xml in a minimal PDF stream object with the given dictionary entries (a %d
// in dict receives the length).
func fakePDF(xml []byte, flate bool, dict string) []byte {
	body := xml
	if flate {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write(xml)
		w.Close()
		body = b.Bytes()
	}
	if strings.Contains(dict, "%d") {
		dict = fmt.Sprintf(dict, len(body))
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "%%PDF-1.7\n7 0 obj\n<< %s >>\nstream\n", dict)
	out.Write(body)
	out.WriteString("\nendstream\nendobj\n")
	return out.Bytes()
}

func FuzzOwnXMLReader(f *testing.F) {
	f.Add(testdataFile(f, "FA-2026-0001_UBL.xml"))
	f.Add(testdataFile(f, "FA-2026-0002_CII.xml"))
	f.Add([]byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readXML(data)
		if err == nil && (d.Number == "" || d.Seller == "" || (d.Syntax != syntaxUBL && d.Syntax != syntaxCII)) {
			t.Fatalf("accepted an invoice without number, seller or syntax: %+v", d)
		}
	})
}

func FuzzOwnPDFReader(f *testing.F) {
	cii := testdataFile(f, "FA-2026-0002_CII.xml")
	f.Add(testdataFile(f, "FA-2026-0003_Factur-X-EN16931.pdf"))
	f.Add(fakePDF(cii, true, "/Type /EmbeddedFile /Filter /FlateDecode /Length %d"))
	f.Add([]byte("%PDF-1.7 /Type /EmbeddedFile stream\nendstream"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readPDF(data)
		if err == nil && (d.Syntax != syntaxFacturX || d.Number == "") {
			t.Fatalf("%+v", d)
		}
	})
}
