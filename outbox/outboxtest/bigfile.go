package outboxtest

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"chorusdesk/internal/fixtures"
)

// BigFacturX is the Factur-X sample (FA-2026-0003) with a scanned annex attached (random bytes,
// which no compression shrinks), close to size bytes and at most size: the real shape of a
// large invoice, where the bulk is PDF, not XML. dir holds the annex while it is attached.
func BigFacturX(dir string, size int) ([]byte, error) {
	src, err := os.ReadFile(fixtures.Invoice("FA-2026-0003_Factur-X-EN16931.pdf"))
	if err != nil {
		return nil, err
	}
	annex := filepath.Join(dir, "annexe-scan.jpg")
	defer os.Remove(annex)
	rng := rand.New(rand.NewPCG(1, 2))
	for room := size - len(src) - 8<<10; ; room -= 16 << 10 {
		noise := make([]byte, room)
		for i := range noise {
			noise[i] = byte(rng.Uint32())
		}
		if err := os.WriteFile(annex, noise, 0o600); err != nil {
			return nil, err
		}
		var out bytes.Buffer
		if err := api.AddAttachments(bytes.NewReader(src), &out, []string{annex}, false, nil); err != nil {
			return nil, err
		}
		if out.Len() <= size {
			return out.Bytes(), nil
		}
	}
}
