package invoice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"chorusdesk/i18n"
)

// invoiceXMLNames are the embedded file names of the invoice XML, best first: Factur-X,
// ZUGFeRD 2 (same CII content) and XRechnung CII. Compared without case.
var invoiceXMLNames = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"}

// eofWindow is how far from the end readers look for the %%EOF marker (PDF reference,
// implementation notes).
const eofWindow = 1024

// pdfReadTimeout bounds the time pdfcpu may spend on one hostile PDF.
const pdfReadTimeout = 10 * time.Second

var disablePDFConfigDir sync.Once

// pdfConfig is pdfcpu's configuration for reading untrusted files. The config directory is
// disabled once: by default pdfcpu writes a config.yml into the user's config directory on
// first use, which a desktop app reading invoices has no business doing.
func pdfConfig() *model.Configuration {
	// model.ConfigPath = "disable" is what api.DisableConfigDir sets; package api itself is
	// not imported because it drags in pdfcpu's form and font code we never use.
	disablePDFConfigDir.Do(func() { model.ConfigPath = "disable" })
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	// A file is at most MaxSize, so no stream may legitimately be larger; objects decoded
	// from object streams stay well under a few times that.
	conf.Limits.MaxStreamBytes = MaxSize
	conf.Limits.MaxDecodeBytes = 8 * MaxSize
	conf.Limits.MaxImageBytes = 8 * MaxSize
	conf.Limits.MaxObjectCount = 1_000_000
	conf.Limits.MaxObjectStreamCount = 100_000
	conf.Limits.MaxXRefEntries = 1_000_000
	return conf
}

// detectPDF takes the invoice XML out of a Factur-X PDF and detects it.
func detectPDF(data []byte) (*Invoice, error) {
	xmlData, err := embeddedInvoiceXML(data)
	if err != nil {
		return nil, err
	}
	return detectXML(xmlData, true)
}

// embeddedInvoiceXML reads the PDF with pdfcpu (no validation: we only need the embedded
// files, and strict validation refuses many PDFs that Chorus Pro accepts) and returns the
// decoded content of the best-named invoice attachment.
func embeddedInvoiceXML(data []byte) (xmlData []byte, err error) {
	// pdfcpu repairs a truncated file by scanning for objects, and the lost attachment would
	// then read as "no invoice XML": an incomplete copy deserves its own reason.
	if !bytes.Contains(data[max(0, len(data)-eofWindow):], []byte("%%EOF")) {
		return nil, i18n.Errorf(KeyPDFTruncated)
	}
	defer func() {
		// pdfcpu signals some malformations by panicking; a hostile file must only ever be
		// refused, never crash the app.
		if r := recover(); r != nil {
			xmlData, err = nil, damaged(fmt.Errorf("%v", r))
		}
	}()
	c, cancel := context.WithTimeout(context.Background(), pdfReadTimeout)
	defer cancel()
	ctx, err := pdfcpu.ReadWithContext(c, bytes.NewReader(data), pdfConfig())
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, i18n.Errorf(KeyPDFEncrypted)
		}
		return nil, damaged(err)
	}
	specs, broken := embeddedFileSpecs(ctx.XRefTable)
	for _, want := range invoiceXMLNames {
		for _, s := range specs {
			if strings.EqualFold(s.name, want) {
				return decodeEmbedded(ctx.XRefTable, s.dict)
			}
		}
	}
	if broken != nil {
		return nil, damaged(broken)
	}
	return nil, i18n.Errorf(KeyPDFNoXML)
}

// fileSpec is one embedded file: its name and its file specification dictionary.
type fileSpec struct {
	name string
	dict types.Dict
}

// embeddedFileSpecs lists the embedded files of the EmbeddedFiles name tree, then those only
// referenced by the catalog's /AF (associated files) array, which PDF/A-3 writers also use.
func embeddedFileSpecs(xt *model.XRefTable) ([]fileSpec, error) {
	var (
		specs  []fileSpec
		broken error
	)
	add := func(key string, o types.Object) {
		d, err := xt.DereferenceDict(o)
		if err != nil || d == nil {
			// A file specification that does not resolve: remember it, so a PDF whose
			// invoice XML is lost is called damaged rather than "not Factur-X".
			if err == nil {
				err = errors.New("object missing")
			}
			if key == "" {
				key = "/AF"
			}
			broken = fmt.Errorf("file specification of %s: %v", clip(key, 40), err)
			return
		}
		for _, n := range fileSpecNames(xt, d, key) {
			specs = append(specs, fileSpec{name: n, dict: d})
		}
	}
	if err := xt.LocateNameTree("EmbeddedFiles", false); err != nil {
		return nil, err
	}
	if tree := xt.Names["EmbeddedFiles"]; tree != nil {
		err := tree.Process(xt, func(_ *model.XRefTable, key string, o *types.Object) error {
			if o != nil {
				add(key, *o)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	cat, err := xt.Catalog()
	if err != nil {
		return nil, err
	}
	if o, found := cat.Find("AF"); found {
		if arr, err := xt.DereferenceArray(o); err == nil {
			for _, e := range arr {
				add("", e)
			}
		}
	}
	return specs, broken
}

// fileSpecNames are the names a file specification answers to: the name-tree key, /UF and /F.
func fileSpecNames(xt *model.XRefTable, d types.Dict, key string) []string {
	names := []string{}
	if key != "" {
		names = append(names, key)
	}
	for _, k := range []string{"UF", "F"} {
		if o, found := d.Find(k); found {
			if s, err := xt.DereferenceStringOrHexLiteral(o, model.V10, nil); err == nil && s != "" {
				names = append(names, s)
			}
		}
	}
	return names
}

// decodeEmbedded decodes the embedded file stream (/EF /F) of a file specification, bounded
// by MaxSize so a compressed bomb is refused instead of filling the memory.
func decodeEmbedded(xt *model.XRefTable, spec types.Dict) ([]byte, error) {
	efObj, found := spec.Find("EF")
	if !found {
		return nil, i18n.Errorf(KeyPDFNoXML)
	}
	ef, err := xt.DereferenceDict(efObj)
	if err != nil || ef == nil {
		return nil, damaged(err)
	}
	fObj, found := ef.Find("F")
	if !found {
		if fObj, found = ef.Find("UF"); !found {
			return nil, i18n.Errorf(KeyPDFNoXML)
		}
	}
	sd, _, err := xt.DereferenceStreamDict(fObj)
	if err != nil || sd == nil {
		return nil, damaged(err)
	}
	if sd.FilterPipeline == nil {
		if len(sd.Raw) > MaxSize {
			return nil, i18n.Errorf(KeyPDFXMLTooBig, MaxSize>>20)
		}
		return sd.Raw, nil
	}
	if err := sd.DecodeWithLimit(MaxSize); err != nil {
		if errors.Is(err, filter.ErrDecodeLimitExceeded) {
			return nil, i18n.Errorf(KeyPDFXMLTooBig, MaxSize>>20)
		}
		return nil, damaged(err)
	}
	return sd.Content, nil
}

// damaged is the refusal of a PDF pdfcpu cannot read, with its reason for the curious.
func damaged(err error) error {
	detail := "?"
	if err != nil {
		detail = clip(err.Error(), 160)
	}
	return i18n.Errorf(KeyPDFDamaged, detail)
}
