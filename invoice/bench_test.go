package invoice

import "testing"

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
