package invoice

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// BenchmarkDetect measures detection of one sample per format (benchstat-friendly names).
func BenchmarkDetect(b *testing.B) {
	for _, c := range []struct{ format, file string }{
		{"ubl", "FA-2026-0001_UBL.xml"},
		{"cii", "FA-2026-0002_CII.xml"},
		{"facturx", "FA-2026-0005_Factur-X-Minimum.pdf"},
	} {
		data := sample(b, c.file)
		b.Run("format="+c.format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Detect(c.file, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// scannedFacturX is a Factur-X of size close to maxSize: the CII invoice and a scanned annex
// (random bytes, which no compression shrinks, like a JPEG scan), written by pdfcpu.
func scannedFacturX(b *testing.B, maxSize int) []byte {
	b.Helper()
	rng := rand.New(rand.NewPCG(10, 10))
	annex := make([]byte, maxSize-64<<10)
	for i := range annex {
		annex[i] = byte(rng.Uint32())
	}
	pdf := pdfcpuPDF(b, pdfcpuAttachment{"factur-x.xml", sample(b, "FA-2026-0002_CII.xml"), inBoth},
		pdfcpuAttachment{"annexe-scan.pdf", annex, inBoth})
	if len(pdf) > maxSize {
		b.Fatalf("generated %d bytes, over %d", len(pdf), maxSize)
	}
	return pdf
}

// BenchmarkDetectLargeFacturX detects a 10 MB Factur-X (the Chorus Pro limit) with a scanned
// annex, from a file (streamed: what inspect and the outbox's blob path do) and from memory.
// B/op per file byte is reported as bytes-per-file-byte: detection from a file costs about one
// copy of the PDF's streams (pdfcpu keeps each stream's raw bytes), nothing more.
func BenchmarkDetectLargeFacturX(b *testing.B) {
	api.DisableConfigDir()
	pdf := scannedFacturX(b, MaxSize)
	path := filepath.Join(b.TempDir(), "big.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, detect func() (*Invoice, error)) {
		b.SetBytes(int64(len(pdf)))
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		n := 0
		for b.Loop() {
			inv, err := detect()
			if err != nil || inv.Number != "FA-2026-0002" {
				b.Fatal(inv, err)
			}
			n++
		}
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(len(pdf)), "bytes-per-file-byte")
	}
	b.Run("from=file", func(b *testing.B) { run(b, func() (*Invoice, error) { return DetectFile(path) }) })
	b.Run("from=memory", func(b *testing.B) { run(b, func() (*Invoice, error) { return Detect("big.pdf", pdf) }) })
}

// BenchmarkDetectLargeUBL detects a 10 MB UBL invoice whose annex is embedded in base64 (UBL's
// EmbeddedDocumentBinaryObject), streamed from a file. The decoder holds one text node at a
// time, so the cost is about the annex's size once.
func BenchmarkDetectLargeUBL(b *testing.B) {
	ubl := sample(b, "FA-2026-0001_UBL.xml")
	annex := strings.Repeat("QUJDRA==", (MaxSize-len(ubl)-1024)/8)
	doc := replaceAll(b, ubl, "<cac:AccountingSupplierParty>", `<cac:AdditionalDocumentReference><cbc:ID>scan</cbc:ID><cac:Attachment>`+
		`<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="scan.pdf">`+annex+`</cbc:EmbeddedDocumentBinaryObject>`+
		`</cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>`)
	path := filepath.Join(b.TempDir(), "big.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		if inv, err := DetectFile(path); err != nil || inv.Number != "FA-2026-0001" {
			b.Fatal(inv, err)
		}
		n++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/float64(len(doc)), "bytes-per-file-byte")
}
