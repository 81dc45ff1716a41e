// Package invoice detects a dematerialized invoice from its content, never from its file
// name (spec §3): a Factur-X PDF (CII XML embedded as factur-x.xml), a UBL 2.1 Invoice or a
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

// MaxSize is the largest file accepted (spec §3: files over 10 MB are refused).
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
// ".pdf" that is not a PDF); the decision comes from the content alone.
func Detect(name string, data []byte) (*Invoice, error) {
	switch {
	case len(data) == 0:
		return nil, i18n.Errorf(KeyEmpty)
	case len(data) > MaxSize:
		return nil, tooLarge(int64(len(data)))
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return detectPDF(data)
	case looksLikeXML(data):
		return detectXML(data, false)
	}
	// Readers tolerate bytes before the PDF header (the PDF reference allows 1024), but a
	// file altered in transit is not one to deposit as is: say so rather than "unknown".
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		return nil, i18n.Errorf(KeyPDFLeadingBytes, i)
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".pdf" || ext == ".xml" {
		return nil, i18n.Errorf(KeyMisnamed, ext)
	}
	return nil, i18n.Errorf(KeyUnknownFormat)
}

// DetectFile reads path and detects it. The size is checked before the content is read, so
// a huge file dropped in the inbox costs nothing.
func DetectFile(path string) (*Invoice, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Detect(filepath.Base(path), data)
}

// ReadFile reads an invoice file for Detect, refusing (with the same reasons as DetectFile)
// what is not a regular file or is over MaxSize, before reading it. Callers that keep the
// bytes (the outbox stores what it sends) use it, then Detect.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, i18n.Errorf(KeyReadFailed, err.Error())
	}
	if !st.Mode().IsRegular() {
		return nil, i18n.Errorf(KeyNotRegular)
	}
	if st.Size() > MaxSize {
		return nil, tooLarge(st.Size())
	}
	// The limit guards against a file that grows between Stat and ReadAll; Detect refuses
	// the extra byte.
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, i18n.Errorf(KeyReadFailed, err.Error())
	}
	return data, nil
}

// SHA256 is the hex fingerprint of a file's content, used to refuse a double deposit.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func openError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return i18n.Errorf(KeyNotFound)
	}
	if errors.Is(err, fs.ErrPermission) {
		return i18n.Errorf(KeyPermission)
	}
	return i18n.Errorf(KeyReadFailed, err.Error())
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
