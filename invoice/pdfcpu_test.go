package invoice

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Where a test attachment is listed: the EmbeddedFiles name tree, the catalog's /AF, or both
// (one file specification named from both places, as Factur-X writers do).
type listing int

const (
	inNameTree listing = 1 << iota
	inAF
	inBoth = inNameTree | inAF
)

// pdfcpuAttachment is one embedded file of a PDF written by pdfcpu.
type pdfcpuAttachment struct {
	name  string
	data  []byte
	where listing
}

// pdfcpuPDF writes a real PDF with pdfcpu: the one-page PDF of buildPDF, read by pdfcpu,
// given the attachments through pdfcpu's own file specification and name tree code, and
// written out by pdfcpu. pdfcpu writes only the catalog entries it knows the structure of,
// and /AF is not one (its entry is kept, the objects it alone points to are not), so the
// attachments listed in /AF only are added the way an editor adds them to a signed or
// archived file: an incremental update (new objects, a new catalog, a cross-reference section
// chained to the previous one). The result is read back and validated by pdfcpu.
func pdfcpuPDF(t testing.TB, atts ...pdfcpuAttachment) []byte {
	t.Helper()
	conf := pdfConfig()
	conf.WriteObjectStream, conf.WriteXRefStream = false, false // a classic file, updatable by appending
	ctx, err := api.ReadContext(bytes.NewReader(buildPDF()), conf)
	if err != nil {
		t.Fatal(err)
	}
	xt := ctx.XRefTable
	var af types.Array
	var afOnly []pdfcpuAttachment
	mod := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, a := range atts {
		if a.where == inAF {
			afOnly = append(afOnly, a)
			continue
		}
		spec, err := xt.NewFileSpecDictForAttachment(model.Attachment{Reader: bytes.NewReader(a.data), ID: a.name, FileName: a.name, ModTime: &mod})
		if err != nil {
			t.Fatal(err)
		}
		spec.InsertName("AFRelationship", "Alternative")
		ref, err := xt.IndRefForNewObject(spec)
		if err != nil {
			t.Fatal(err)
		}
		if err := xt.LocateNameTree("EmbeddedFiles", true); err != nil {
			t.Fatal(err)
		}
		if err := xt.Names["EmbeddedFiles"].Add(xt, a.name, *ref, model.NameMap{a.name: []types.Dict{spec}}, []string{"F", "UF"}); err != nil {
			t.Fatal(err)
		}
		if a.where&inAF != 0 {
			af = append(af, *ref)
		}
	}
	if len(af) > 0 {
		cat, err := xt.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		cat.Insert("AF", af)
	}
	var out bytes.Buffer
	if err := api.WriteContext(ctx, &out); err != nil {
		t.Fatal(err)
	}
	pdf := out.Bytes()
	if len(afOnly) > 0 {
		pdf = appendAFUpdate(t, pdf, afOnly)
	}
	check, err := api.ReadContext(bytes.NewReader(pdf), pdfConfig())
	if err == nil {
		err = api.ValidateContext(check)
	}
	if err != nil {
		t.Fatalf("pdfcpu does not read back the PDF it wrote: %v", err)
	}
	return pdf
}

// appendAFUpdate appends to pdf an incremental update that embeds atts and lists them in the
// catalog's /AF (after whatever /AF already lists).
func appendAFUpdate(t testing.TB, pdf []byte, atts []pdfcpuAttachment) []byte {
	t.Helper()
	ctx, err := api.ReadContext(bytes.NewReader(pdf), pdfConfig())
	if err != nil {
		t.Fatal(err)
	}
	xt := ctx.XRefTable
	cat, err := xt.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	var af types.Array
	if o, found := cat.Find("AF"); found {
		af, _ = xt.DereferenceArray(o)
	}
	i := bytes.LastIndex(pdf, []byte("startxref"))
	var prev int
	if _, err := fmt.Sscanf(string(pdf[i:]), "startxref\n%d", &prev); err != nil {
		t.Fatalf("no startxref in the PDF: %v", err)
	}
	next := *xt.Size
	out := bytes.NewBuffer(append([]byte{}, pdf...))
	out.WriteString("\n")
	offsets := map[int]int{}
	obj := func(n int, body string) {
		offsets[n] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	first := next
	for _, a := range atts {
		stream, spec := next, next+1
		next += 2
		obj(stream, fmt.Sprintf("<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %d >>\nstream\n%s\nendstream", len(a.data), a.data))
		obj(spec, fmt.Sprintf("<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> /AFRelationship /Alternative >>", a.name, a.name, stream))
		af = append(af, *types.NewIndirectRef(spec, 0))
	}
	cat.Update("AF", af)
	root := int(xt.Root.ObjectNumber)
	obj(root, cat.PDFString())
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n%d %d\n", root, offsets[root], first, next-first)
	for n := first; n < next; n++ {
		fmt.Fprintf(out, "%010d 00000 n \n", offsets[n])
	}
	fmt.Fprintf(out, "trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", next, root, prev, xref)
	return out.Bytes()
}

// encrypted writes pdf again encrypted by pdfcpu with the given passwords.
func encrypted(t testing.TB, pdf []byte, conf *model.Configuration) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, conf); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestDetectPDFAttachmentPlaces: the invoice XML is found wherever a Factur-X writer lists it,
// and a PDF listing two different invoices is refused as ambiguous.
func TestDetectPDFAttachmentPlaces(t *testing.T) {
	api.DisableConfigDir()
	cii := sample(t, "FA-2026-0002_CII.xml")
	other := replaceAll(t, cii, "FA-2026-0002", "FA-2026-9999")
	tests := []struct {
		name       string
		atts       []pdfcpuAttachment
		wantNumber string
		wantKey    string
	}{
		{"only in the name tree", []pdfcpuAttachment{{"factur-x.xml", cii, inNameTree}}, "FA-2026-0002", ""},
		{"only in /AF", []pdfcpuAttachment{{"factur-x.xml", cii, inAF}}, "FA-2026-0002", ""},
		{"one specification in both", []pdfcpuAttachment{{"factur-x.xml", cii, inBoth}}, "FA-2026-0002", ""},
		{"the same XML in two specifications", []pdfcpuAttachment{{"factur-x.xml", cii, inNameTree}, {"factur-x.xml", cii, inAF}}, "FA-2026-0002", ""},
		{"two different invoices, tree and /AF", []pdfcpuAttachment{{"factur-x.xml", cii, inNameTree}, {"factur-x.xml", other, inAF}}, "", KeyPDFAmbiguous},
		{"two different invoices in the tree", []pdfcpuAttachment{{"factur-x.xml", cii, inNameTree}, {"zugferd-invoice.xml", other, inNameTree}}, "", KeyPDFAmbiguous},
		{"two different invoices in /AF", []pdfcpuAttachment{{"factur-x.xml", other, inAF}, {"FACTUR-X.XML", cii, inAF}}, "", KeyPDFAmbiguous},
		{"invoice beside an annex", []pdfcpuAttachment{{"annexe.pdf", []byte("%PDF-1.4 annex"), inBoth}, {"factur-x.xml", cii, inBoth}}, "FA-2026-0002", ""},
		{"annex only", []pdfcpuAttachment{{"annexe.xml", cii, inBoth}}, "", KeyPDFNoXML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := pdfcpuPDF(t, tt.atts...)
			inv, err := Detect("a.pdf", pdf)
			if tt.wantKey != "" {
				if err == nil {
					t.Fatalf("accepted %q, want %s", inv.Number, tt.wantKey)
				}
				if got := refusalKey(t, err); got != tt.wantKey {
					t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			checkField(t, "Format", string(inv.Format), string(FormatFacturX))
			checkField(t, "Number", inv.Number, tt.wantNumber)
		})
	}
}

// TestDetectRefusesEncryptedPDF: every kind of encryption is refused, an owner (permissions)
// password alone included, although a reader opens such a file without asking.
func TestDetectRefusesEncryptedPDF(t *testing.T) {
	api.DisableConfigDir()
	fx := pdfcpuPDF(t, pdfcpuAttachment{"factur-x.xml", sample(t, "FA-2026-0002_CII.xml"), inBoth})
	if _, err := Detect("a.pdf", fx); err != nil {
		t.Fatalf("the unencrypted PDF is refused: %v", err)
	}
	tests := []struct {
		name string
		conf *model.Configuration
	}{
		{"AES-256, owner password only", model.NewAESConfiguration("", "owner", 256)},
		{"AES-128, owner password only", model.NewAESConfiguration("", "owner", 128)},
		{"RC4-128, owner password only", model.NewRC4Configuration("", "owner", 128)},
		{"RC4-40, owner password only", model.NewRC4Configuration("", "owner", 40)},
		{"AES-256, user and owner passwords", model.NewAESConfiguration("user", "owner", 256)},
		{"RC4-128, user password", model.NewRC4Configuration("user", "user", 128)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Detect("a.pdf", encrypted(t, fx, tt.conf))
			if got := refusalKey(t, err); got != KeyPDFEncrypted {
				t.Fatalf("refused with %s (%v), want %s", got, err, KeyPDFEncrypted)
			}
		})
	}
	// The sample Factur-X files, encrypted with an owner password only.
	for _, name := range []string{"FA-2026-0003_Factur-X-EN16931.pdf", "FA-2026-0005_Factur-X-Minimum.pdf"} {
		_, err := Detect("a.pdf", encrypted(t, sample(t, name), model.NewAESConfiguration("", "owner", 256)))
		if got := refusalKey(t, err); got != KeyPDFEncrypted {
			t.Errorf("%s: refused with %s (%v), want %s", name, got, err, KeyPDFEncrypted)
		}
	}
}

// TestDetectNameTreeShapes: name trees with intermediate nodes are walked; one that loops or
// nests without end is refused as damaged, never followed for ever.
func TestDetectNameTreeShapes(t *testing.T) {
	cii := sample(t, "FA-2026-0002_CII.xml")
	tests := []struct {
		name    string
		tree    func(spec int) string // the EmbeddedFiles tree object, given the file spec's number
		wantKey string
	}{
		{"leaf in a kid", func(spec int) string {
			return "<< /Kids [ << /Limits [(factur-x.xml) (factur-x.xml)] /Names [(factur-x.xml) " + itoa(spec) + " 0 R] >> ] >>"
		}, ""},
		{"two levels of kids", func(spec int) string {
			return "<< /Kids [ << /Kids [ << /Names [(factur-x.xml) " + itoa(spec) + " 0 R] >> ] >> ] >>"
		}, ""},
		{"key in UTF-16 hex", func(spec int) string {
			return "<< /Names [<FEFF006600610063007400750072002D0078002E0078006D006C> " + itoa(spec) + " 0 R] >>"
		}, ""},
		{"tree that loops", func(spec int) string { return "<< /Kids [ 99 0 R ] >>" }, KeyPDFDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := buildPDFTree(cii, tt.tree)
			inv, err := Detect("a.pdf", pdf)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				checkField(t, "Number", inv.Number, "FA-2026-0002")
				return
			}
			if got := refusalKey(t, err); got != tt.wantKey {
				t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
			}
		})
	}
}

// buildPDFTree writes a one-page PDF whose EmbeddedFiles name tree is object 99, made by tree
// from the number of the invoice's file specification (which has no /F or /UF of its own, so
// only the tree's key names it).
func buildPDFTree(xml []byte, tree func(spec int) string) []byte {
	const spec = 5
	return buildRawPDF(map[int]string{
		1:  "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 99 0 R >> >>",
		2:  "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		3:  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
		4:  fmt.Sprintf("<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length %d >>\nstream\n%s\nendstream", len(xml), xml),
		5:  "<< /Type /Filespec /EF << /F 4 0 R >> >>",
		99: tree(spec),
	}, 1)
}

// buildRawPDF writes the objects (by number) with a correct cross-reference table; numbers
// not given are free entries.
func buildRawPDF(objs map[int]string, root int) []byte {
	last := 0
	for n := range objs {
		last = max(last, n)
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, last+1)
	for n := 1; n <= last; n++ {
		if o, ok := objs[n]; ok {
			offsets[n] = out.Len()
			fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, o)
		}
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", last+1)
	for n := 1; n <= last; n++ {
		if offsets[n] == 0 {
			out.WriteString("0000000000 65535 f \n")
		} else {
			fmt.Fprintf(&out, "%010d 00000 n \n", offsets[n])
		}
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", last+1, root, xref)
	return out.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }
