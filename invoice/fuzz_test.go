package invoice

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/internal/fixtures"
)

// fuzzSeeds adds the sample invoices whose name ends with ext.
func fuzzSeeds(f *testing.F, ext string) {
	for _, p := range fixtures.InvoicePaths() {
		if strings.HasSuffix(p, ext) {
			f.Add(readFile(f, p))
		}
	}
}

// checkDetectOutcome states what any input must give: an accepted invoice that satisfies
// the checks Detect promises, or an invoice.* refusal; never a panic, never a stall.
func checkDetectOutcome(t *testing.T, data []byte) {
	start := time.Now()
	inv, err := Detect("fuzz", data)
	if d := time.Since(start); d > 15*time.Second {
		t.Fatalf("Detect took %v", d)
	}
	if err != nil {
		var ie *i18n.Error
		if !errors.As(err, &ie) || !strings.HasPrefix(ie.Key, "invoice.") {
			t.Fatalf("refusal %v (%T) is not an invoice.* *i18n.Error", err, err)
		}
		return
	}
	switch {
	case inv.Number == "":
		t.Fatal("accepted without a number")
	case !domain.ValidSIRET(inv.SellerSIRET):
		t.Fatalf("accepted seller SIRET %q", inv.SellerSIRET)
	case inv.BuyerSIRET != "" && !domain.ValidSIRET(inv.BuyerSIRET):
		t.Fatalf("accepted buyer SIRET %q", inv.BuyerSIRET)
	case len(inv.IssueDate) != 10:
		t.Fatalf("issue date %q", inv.IssueDate)
	case inv.SyntaxeFlux != syntaxeOf(inv.Format):
		t.Fatalf("format %s with syntaxe %s", inv.Format, inv.SyntaxeFlux)
	case len(inv.XML) == 0:
		t.Fatal("accepted without XML")
	}
}

func FuzzDetectXML(f *testing.F) {
	fuzzSeeds(f, ".xml")
	f.Add([]byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><x/>`))
	f.Add(deepUBL(maxXMLDepth))
	// The refusals of hostile XML, so the fuzzer starts from each branch.
	ubl := sample(f, "FA-2026-0001_UBL.xml")
	f.Add(append([]byte(`<!DOCTYPE Invoice [<!ENTITY e "x">]>`), ubl...))
	f.Add(append(append([]byte{}, ubl...), "trailing"...))
	f.Add(append(append([]byte{}, ubl...), "<!-- fine --><?pi ok?>"...))
	f.Add(utf16Bytes(string(ubl), false, true))
	f.Add(utf16Bytes(string(ubl), true, false))
	f.Add([]byte(`<?xml version="1.0" encoding="US-ASCII"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`))
	f.Add([]byte("<?xml version=\"1.0\"?><x>\xe9</x>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDetectOutcome(t, data)
	})
}

func FuzzDetectPDF(f *testing.F) {
	fuzzSeeds(f, ".pdf")
	cii := sample(f, "FA-2026-0002_CII.xml")
	f.Add(buildPDF())
	f.Add(buildPDF(attachment{name: "factur-x.xml", data: cii, flate: true}))
	f.Add(buildPDF(attachment{name: "factur-x.xml", data: cii, onlyAF: true}))
	f.Add([]byte("%PDF-1.7\n"))
	// Real PDFs written by pdfcpu for the attachment, ambiguity and encryption branches, and
	// hand-made name trees.
	other := replaceAll(f, cii, "FA-2026-0002", "FA-2026-9999")
	f.Add(pdfcpuPDF(f, pdfcpuAttachment{"factur-x.xml", cii, inNameTree}))
	f.Add(pdfcpuPDF(f, pdfcpuAttachment{"factur-x.xml", cii, inAF}))
	f.Add(pdfcpuPDF(f, pdfcpuAttachment{"factur-x.xml", cii, inNameTree}, pdfcpuAttachment{"factur-x.xml", other, inAF}))
	f.Add(encrypted(f, pdfcpuPDF(f, pdfcpuAttachment{"factur-x.xml", cii, inBoth}), model.NewAESConfiguration("", "owner", 256)))
	f.Add(buildPDFTree(cii, func(spec int) string { return "<< /Kids [ << /Names [(factur-x.xml) " + itoa(spec) + " 0 R] >> ] >>" }))
	f.Add(buildPDFTree(cii, func(int) string { return "<< /Kids [ 99 0 R ] >>" }))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDetectOutcome(t, data)
	})
}

// TestDetectSurvivesMutations runs the fuzz property over a fixed set of deterministic
// mutations of the samples (flipped bytes, cuts, repeated chunks), so every `go test` run
// exercises hostile input even where the fuzzing engine is not started.
func TestDetectSurvivesMutations(t *testing.T) {
	cii := sample(t, "FA-2026-0002_CII.xml")
	seeds := [][]byte{
		sample(t, "FA-2026-0001_UBL.xml"),
		cii,
		sample(t, "FA-2026-0005_Factur-X-Minimum.pdf"),
		buildPDF(attachment{name: "factur-x.xml", data: cii, flate: true}),
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for _, seed := range seeds {
		for range 150 {
			checkDetectOutcome(t, mutate(rng, seed))
		}
	}
}

func mutate(rng *rand.Rand, seed []byte) []byte {
	b := append([]byte{}, seed...)
	switch rng.IntN(4) {
	case 0: // flip a few bytes
		for range 1 + rng.IntN(8) {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
	case 1: // cut the end off
		b = b[:rng.IntN(len(b))]
	case 2: // cut a slice out of the middle
		i := rng.IntN(len(b))
		j := i + rng.IntN(len(b)-i)
		b = append(b[:i], b[j:]...)
	case 3: // repeat a chunk
		i := rng.IntN(len(b))
		j := i + rng.IntN(min(len(b)-i, 512))
		b = append(b[:j], append(append([]byte{}, b[i:j]...), b[j:]...)...)
	}
	return b
}
