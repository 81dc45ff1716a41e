// Package invoice detects a dematerialized invoice from its content, never from its file
// name: a Factur-X PDF (CII XML embedded as factur-x.xml), a UBL 2.1 Invoice or a
// UN/CEFACT CII D16B invoice. It reads the few fields the transfer needs and refuses
// everything else with a reason the user can act on (*i18n.Error with an "invoice." key).
package invoice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"chorusdesk/i18n"
)

// MaxSize is the largest file accepted (10 MiB); larger files are refused before they are read.
const MaxSize = 10 << 20

// Format is the family of an invoice file.
type Format string

const (
	FormatFacturX Format = "factur-x"
	FormatUBL     Format = "ubl"
	FormatCII     Format = "cii"
)

// Chorus Pro syntaxeFlux values of the three formats (chorus-api.md §3.3).
const (
	SyntaxeFacturX = "IN_DP_E2_CII_FACTURX"
	SyntaxeUBL     = "IN_DP_E1_UBL_INVOICE"
	SyntaxeCII     = "IN_DP_E1_CII_16B"
)

// Invoice is what detection learns about one file.
type Invoice struct {
	Format      Format
	SyntaxeFlux string // IN_DP_E2_CII_FACTURX | IN_DP_E1_UBL_INVOICE | IN_DP_E1_CII_16B

	Number    string // BT-1
	TypeCode  string // BT-3, e.g. 380 invoice, 381 credit note
	IssueDate string // BT-2 as YYYY-MM-DD

	SellerSIRET string // 14 digits, check digit verified
	BuyerSIRET  string // 14 digits when present, check digit verified
	ServiceCode string // BT-10 buyer reference (Chorus Pro "code service")
	Commitment  string // BT-13 purchase order reference (Chorus Pro "numéro d'engagement")

	Total    string // BT-112 (else BT-115) as decimal text, e.g. "1234.56"
	Currency string // BT-5

	XML []byte // the invoice XML; for Factur-X, the embedded factur-x.xml
}

// Detect identifies the invoice in data. name is only used to make a refusal clearer (a
// ".pdf" that is not a PDF); the decision comes from the content alone. For an XML invoice,
// Invoice.XML is data itself.
func Detect(name string, data []byte) (*Invoice, error) {
	inv, err := DetectReader(name, bytes.NewReader(data), int64(len(data)))
	if err == nil && inv.Format != FormatFacturX {
		inv.XML = data
	}
	return inv, err
}

// DetectReader identifies the invoice in the size bytes of r without loading them whole: an
// XML invoice is streamed through the decoder (which holds one text node at a time), a PDF
// is read object by object. Invoice.XML is set for a Factur-X (the embedded XML) only.
func DetectReader(name string, r io.ReaderAt, size int64) (*Invoice, error) {
	switch {
	case size == 0:
		return nil, i18n.Errorf(KeyEmpty)
	case size > MaxSize:
		return nil, tooLarge(size)
	}
	head := make([]byte, min(size, 1024))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, readFailed(err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return detectPDF(r, size)
	case wideEncoding(head) != "":
		return nil, encodingError(wideEncoding(head))
	case looksLikeXML(head):
		return detectXML(io.NewSectionReader(r, 0, size), false)
	}
	// Readers tolerate bytes before the PDF header (the PDF reference allows 1024), but a
	// file altered in transit is not one to deposit as is: say so rather than "unknown".
	if i := bytes.Index(head, []byte("%PDF-")); i > 0 {
		return nil, i18n.Errorf(KeyPDFLeadingBytes, i)
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".pdf" || ext == ".xml" {
		return nil, i18n.Errorf(KeyMisnamed, ext)
	}
	return nil, i18n.Errorf(KeyUnknownFormat)
}

// DetectFile opens path (without ever blocking on a named pipe or a device, see OpenFile)
// and detects it. The size is checked before the content is read, so a huge file dropped in
// the inbox costs nothing, and the content is streamed, never loaded whole.
func DetectFile(path string) (*Invoice, error) {
	f, st, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DetectReader(filepath.Base(path), f, st.Size())
}

// ReadFile reads an invoice file for Detect, refusing (with the same reasons as DetectFile)
// what is not a regular file or is over MaxSize, before reading it. Callers that keep the
// bytes (the outbox stores what it sends) use it, then Detect.
func ReadFile(path string) ([]byte, error) {
	f, st, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The limit guards against a file that grows between the size check and the read;
	// Detect refuses the extra byte.
	data := make([]byte, 0, st.Size())
	buf := bytes.NewBuffer(data)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxSize+1)); err != nil {
		return nil, readFailed(err)
	}
	return buf.Bytes(), nil
}

// OpenFile opens an invoice file for reading and checks what it is before anything reads
// it: a regular file (never a folder, a named pipe, a device or a socket, whose open or read
// could block forever or have side effects) of at most MaxSize. The open itself never
// blocks (see openNoBlock). On Windows the file is opened denying writers, so a file another
// program is still writing is refused with KeyBusy instead of being read half-written.
func OpenFile(path string) (*os.File, fs.FileInfo, error) {
	// Stat first, so a device or a pipe is refused without even being opened.
	if st, err := os.Stat(path); err != nil {
		return nil, nil, openError(err)
	} else if err := checkKind(st); err != nil {
		return nil, nil, err
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, nil, openError(err)
	}
	st, err := f.Stat() // the descriptor's own answer: the path may have been swapped
	if err != nil {
		f.Close()
		return nil, nil, readFailed(err)
	}
	if err := checkKind(st); err != nil {
		f.Close()
		return nil, nil, err
	}
	if st.Size() > MaxSize {
		f.Close()
		return nil, nil, tooLarge(st.Size())
	}
	return f, st, nil
}

func checkKind(st fs.FileInfo) error {
	switch m := st.Mode(); {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return i18n.Errorf(KeyNotRegular)
	default:
		return i18n.Errorf(KeySpecialFile)
	}
}

// SHA256 is the hex fingerprint of a file's content, used to refuse a double deposit.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ErrBusy says another program holds the file (on Windows, a sharing or lock violation:
// ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION). It is worth waiting for, never a final
// verdict. Test doubles of the file system wrap it to play Windows on any system.
var ErrBusy = errors.New("the file is in use by another program")

// IsBusy reports whether err says another program holds the file: ErrBusy, or the system's
// own sharing-violation errors.
func IsBusy(err error) bool { return errors.Is(err, ErrBusy) || sharingViolation(err) }

func openError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.Errorf(KeyNotFound)
	case IsBusy(err):
		return i18n.Errorf(KeyBusy)
	case errors.Is(err, fs.ErrPermission):
		return i18n.Errorf(KeyPermission)
	}
	return readFailed(err)
}

// readFailed quotes the system's reason, which names the path: the path is the user's, but
// it may carry characters that would garble a terminal.
func readFailed(err error) error {
	return i18n.Errorf(KeyReadFailed, clip(err.Error(), 200))
}

func tooLarge(size int64) error {
	const mb = 1 << 20
	// Round up so a file of 10 MB + 1 byte does not read as "10.0 MB, over 10 MB".
	return i18n.Errorf(KeyTooLarge, float64((size*10+mb-1)/mb)/10, MaxSize/mb)
}

// looksLikeXML accepts an optional UTF-8 byte-order mark and white space before '<'.
func looksLikeXML(data []byte) bool {
	data = bytes.TrimPrefix(data, utf8BOM)
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
