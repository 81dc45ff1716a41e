package invoice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
func detectPDF(r io.ReaderAt, size int64) (*Invoice, error) {
	xmlData, err := embeddedInvoiceXML(r, size)
	if err != nil {
		return nil, err
	}
	inv, err := detectXML(bytes.NewReader(xmlData), true)
	if err != nil {
		return nil, err
	}
	inv.XML = xmlData
	return inv, nil
}

// embeddedInvoiceXML reads the PDF with pdfcpu (no validation: we only need the embedded
// files, and strict validation refuses many PDFs that Chorus Pro accepts) and returns the
// decoded content of its invoice attachment. pdfcpu reads the file through r object by
// object; what it keeps is each stream's raw bytes, so a PDF costs about its own size once.
func embeddedInvoiceXML(r io.ReaderAt, size int64) (xmlData []byte, err error) {
	// pdfcpu repairs a truncated file by scanning for objects, and the lost attachment would
	// then read as "no invoice XML": an incomplete copy deserves its own reason.
	tail := make([]byte, min(size, eofWindow))
	if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil && err != io.EOF {
		return nil, readFailed(err)
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
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
	ctx, err := pdfcpu.ReadWithContext(c, io.NewSectionReader(r, 0, size), pdfConfig())
	if err != nil {
		if protectionError(err) {
			return nil, i18n.Errorf(KeyPDFEncrypted)
		}
		return nil, damaged(err)
	}
	// pdfcpu opens a PDF protected by an owner (permissions) password alone without asking,
	// since the empty user password decrypts it; Chorus Pro refuses it all the same.
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, i18n.Errorf(KeyPDFEncrypted)
	}
	specs, broken, err := embeddedFileSpecs(ctx.XRefTable)
	if err != nil {
		return nil, damaged(err)
	}
	return pickInvoiceXML(ctx.XRefTable, specs, broken)
}

// protectionError tells an encrypted PDF pdfcpu could not open (a user password, an
// encryption it does not support) from a damaged one.
func protectionError(err error) bool {
	return errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(strings.ToLower(err.Error()), "encrypt")
}

// maxInvoiceXMLs bounds how many invoice attachments are decoded (each up to MaxSize) before
// a PDF is called ambiguous: a real Factur-X has one, named in both the name tree and /AF.
const maxInvoiceXMLs = 4

// pickInvoiceXML decodes every attachment named like an invoice XML and returns its
// content. The same XML reached twice (the name tree and /AF naming one file specification,
// or two copies with the same bytes) is one invoice; two different contents are refused as
// ambiguous, since a reader would take one or the other depending on where it looks.
func pickInvoiceXML(xt *model.XRefTable, specs []fileSpec, broken error) ([]byte, error) {
	var (
		found      [][]byte
		foundNames []string
		seen       = map[int]bool{} // embedded file streams already decoded, by object number
	)
	for _, s := range specs {
		name := invoiceName(s.names)
		if name == "" {
			continue
		}
		if nr, ok := embeddedStreamObject(xt, s.dict); ok {
			if seen[nr] {
				continue
			}
			seen[nr] = true
		}
		data, err := decodeEmbedded(xt, s.dict)
		if err != nil {
			return nil, err
		}
		if len(found) > 0 && bytes.Equal(found[0], data) {
			continue
		}
		found = append(found, data)
		foundNames = append(foundNames, name)
		if len(found) > maxInvoiceXMLs {
			break
		}
	}
	switch {
	case len(found) > 1:
		return nil, i18n.Errorf(KeyPDFAmbiguous, len(found), clip(strings.Join(foundNames, ", "), 120))
	case len(found) == 1:
		return found[0], nil
	case broken != nil:
		return nil, damaged(broken)
	}
	return nil, i18n.Errorf(KeyPDFNoXML)
}

// invoiceName is the name among names that says "invoice XML" (compared without case), or "".
func invoiceName(names []string) string {
	for _, want := range invoiceXMLNames {
		for _, n := range names {
			if strings.EqualFold(n, want) {
				return n
			}
		}
	}
	return ""
}

// fileSpec is one embedded file: the names it answers to and its file specification.
type fileSpec struct {
	names []string
	dict  types.Dict
}

// Limits of the EmbeddedFiles name tree walk: real invoices have one or two attachments in a
// single node; a hostile tree must not loop or cost more than a glance.
const (
	maxNameTreeDepth = 32
	maxNameTreeNodes = 10_000
)

// embeddedFileSpecs lists the file specifications of the EmbeddedFiles name tree, which it
// walks itself (pdfcpu fills its own copy of the tree only while validating, which is
// skipped), then those of the catalog's /AF (associated files) array, which PDF/A-3 writers
// also use. A specification that does not resolve is returned as broken, so a PDF whose
// invoice XML is lost is called damaged rather than "not Factur-X"; a tree that loops or
// goes too deep is an error.
func embeddedFileSpecs(xt *model.XRefTable) (specs []fileSpec, broken, err error) {
	add := func(key string, o types.Object) {
		d, err := xt.DereferenceDict(o)
		if err != nil || d == nil {
			if err == nil {
				err = errors.New("object missing")
			}
			if key == "" {
				key = "/AF"
			}
			broken = fmt.Errorf("file specification of %s: %v", clip(key, 40), err)
			return
		}
		specs = append(specs, fileSpec{names: fileSpecNames(xt, d, key), dict: d})
	}
	cat, err := xt.Catalog()
	if err != nil {
		return nil, nil, err
	}
	if o, found := cat.Find("Names"); found {
		names, err := xt.DereferenceDict(o)
		if err != nil {
			return nil, nil, fmt.Errorf("catalog /Names: %v", err)
		}
		if tree, found := names.Find("EmbeddedFiles"); found {
			w := nameTreeWalk{xt: xt, seen: map[int]bool{}, visit: add}
			if err := w.node(tree, 0); err != nil {
				return nil, nil, fmt.Errorf("EmbeddedFiles name tree: %v", err)
			}
		}
	}
	if o, found := cat.Find("AF"); found {
		if arr, err := xt.DereferenceArray(o); err == nil {
			for _, e := range arr {
				add("", e)
			}
		}
	}
	return specs, broken, nil
}

// nameTreeWalk visits the leaves of a name tree (PDF reference, "Name Trees"): each node has
// either /Kids (more nodes) or /Names [key1 value1 key2 value2 …], keys being strings.
type nameTreeWalk struct {
	xt    *model.XRefTable
	seen  map[int]bool // nodes visited, by object number: a tree must not loop
	nodes int
	visit func(key string, value types.Object)
}

func (w *nameTreeWalk) node(o types.Object, depth int) error {
	if depth > maxNameTreeDepth {
		return fmt.Errorf("deeper than %d levels", maxNameTreeDepth)
	}
	if w.nodes++; w.nodes > maxNameTreeNodes {
		return fmt.Errorf("more than %d nodes", maxNameTreeNodes)
	}
	if ir, ok := o.(types.IndirectRef); ok {
		nr := ir.ObjectNumber.Value()
		if w.seen[nr] {
			return fmt.Errorf("node %d is reached twice", nr)
		}
		w.seen[nr] = true
	}
	d, err := w.xt.DereferenceDict(o)
	if err != nil {
		return err
	}
	if d == nil {
		return errors.New("node missing")
	}
	if kids, found := d.Find("Kids"); found {
		arr, err := w.xt.DereferenceArray(kids)
		if err != nil {
			return fmt.Errorf("/Kids: %v", err)
		}
		for _, k := range arr {
			if err := w.node(k, depth+1); err != nil {
				return err
			}
		}
	}
	if names, found := d.Find("Names"); found {
		arr, err := w.xt.DereferenceArray(names)
		if err != nil {
			return fmt.Errorf("/Names: %v", err)
		}
		for i := 0; i+1 < len(arr); i += 2 {
			key, err := w.xt.DereferenceStringOrHexLiteral(arr[i], model.V10, nil)
			if err != nil {
				key = "" // the specification's own /UF or /F may still name it
			}
			w.visit(key, arr[i+1])
		}
	}
	return nil
}

// embeddedStreamObject is the object number of the embedded file stream of a file
// specification, when it is an indirect object (as writers always make it).
func embeddedStreamObject(xt *model.XRefTable, spec types.Dict) (int, bool) {
	efObj, found := spec.Find("EF")
	if !found {
		return 0, false
	}
	ef, err := xt.DereferenceDict(efObj)
	if err != nil || ef == nil {
		return 0, false
	}
	f, found := ef.Find("F")
	if !found {
		f, found = ef.Find("UF")
	}
	if ir, ok := f.(types.IndirectRef); found && ok {
		return ir.ObjectNumber.Value(), true
	}
	return 0, false
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
