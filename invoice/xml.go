package invoice

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Root namespaces of the accepted syntaxes.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
)

// Limits that keep a hostile XML cheap: real invoices nest about 8 levels deep and no field we
// read is longer than a few dozen characters.
const (
	maxXMLDepth  = 64
	maxFieldText = 512
)

// field is what an element we read means.
type field int

const (
	fNumber field = iota
	fTypeCode
	fIssueDate
	fCurrency
	fServiceCode
	fCommitment
	fTotal   // BT-112, invoice total with VAT
	fPayable // BT-115, amount due: used when BT-112 is absent
	fSellerID
	fBuyerID
)

// btName names a field in refusals, in the EN 16931 vocabulary invoicing software shows.
var btName = map[field]string{
	fNumber: "BT-1", fTypeCode: "BT-3", fIssueDate: "BT-2", fCurrency: "BT-5",
	fServiceCode: "BT-10", fCommitment: "BT-13", fTotal: "BT-112", fPayable: "BT-115",
	fSellerID: "BT-29/BT-30/BT-34", fBuyerID: "BT-46/BT-47/BT-49",
}

// Paths are local names below the root element, joined by '/'. Namespaces are checked on
// the root only: children of a UBL or CII root are unambiguous by local name.
var ublPaths = map[string]field{
	"ID":                                    fNumber,
	"InvoiceTypeCode":                       fTypeCode,
	"IssueDate":                             fIssueDate,
	"DocumentCurrencyCode":                  fCurrency,
	"BuyerReference":                        fServiceCode,
	"OrderReference/ID":                     fCommitment,
	"LegalMonetaryTotal/TaxInclusiveAmount": fTotal,
	"LegalMonetaryTotal/PayableAmount":      fPayable,
	// Where UBL parties carry SIRETs: electronic address, party identifier, legal registration.
	"AccountingSupplierParty/Party/EndpointID":                 fSellerID,
	"AccountingSupplierParty/Party/PartyIdentification/ID":     fSellerID,
	"AccountingSupplierParty/Party/PartyLegalEntity/CompanyID": fSellerID,
	"AccountingCustomerParty/Party/EndpointID":                 fBuyerID,
	"AccountingCustomerParty/Party/PartyIdentification/ID":     fBuyerID,
	"AccountingCustomerParty/Party/PartyLegalEntity/CompanyID": fBuyerID,
}

const (
	ciiAgreement  = "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/"
	ciiSettlement = "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/"
	ciiSummation  = ciiSettlement + "SpecifiedTradeSettlementHeaderMonetarySummation/"
)

var ciiPaths = map[string]field{
	"ExchangedDocument/ID":                                         fNumber,
	"ExchangedDocument/TypeCode":                                   fTypeCode,
	"ExchangedDocument/IssueDateTime/DateTimeString":               fIssueDate,
	ciiSettlement + "InvoiceCurrencyCode":                          fCurrency,
	ciiAgreement + "BuyerReference":                                fServiceCode,
	ciiAgreement + "BuyerOrderReferencedDocument/IssuerAssignedID": fCommitment,
	ciiSummation + "GrandTotalAmount":                              fTotal,
	ciiSummation + "DuePayableAmount":                              fPayable,
	// Where CII parties carry SIRETs: identifier, global identifier, legal organisation,
	// electronic address.
	ciiAgreement + "SellerTradeParty/ID":                              fSellerID,
	ciiAgreement + "SellerTradeParty/GlobalID":                        fSellerID,
	ciiAgreement + "SellerTradeParty/SpecifiedLegalOrganization/ID":   fSellerID,
	ciiAgreement + "SellerTradeParty/URIUniversalCommunication/URIID": fSellerID,
	ciiAgreement + "BuyerTradeParty/ID":                               fBuyerID,
	ciiAgreement + "BuyerTradeParty/GlobalID":                         fBuyerID,
	ciiAgreement + "BuyerTradeParty/SpecifiedLegalOrganization/ID":    fBuyerID,
	ciiAgreement + "BuyerTradeParty/URIUniversalCommunication/URIID":  fBuyerID,
}

// maxPathDepth is the deepest path of the tables above: deeper elements are never joined.
const maxPathDepth = 5

// identifier is one party identifier with its scheme (ISO 6523 ICD: 0009 SIRET, 0002 SIRENE).
type identifier struct{ scheme, value string }

// rawFields are the texts read from the XML, before they are checked.
type rawFields struct {
	first      map[field]string // first occurrence of each single-valued field
	dateFormat string           // CII DateTimeString/@format
	seller     []identifier
	buyer      []identifier
}

// detectXML detects a UBL or CII invoice read from r. embedded is true for the XML taken out
// of a Factur-X PDF, which must be CII.
func detectXML(r io.Reader, embedded bool) (*Invoice, error) {
	format, raw, err := scanXML(r)
	if err != nil {
		return nil, err
	}
	if embedded {
		if format != FormatCII {
			return nil, i18n.Errorf(KeyPDFXMLNotCII)
		}
		format = FormatFacturX
	}
	return raw.invoice(format)
}

// scanXML streams the tokens once, checking the whole document is well formed, and keeps
// the fields of the tables above. Besides what the decoder checks, it refuses what a lenient
// reader downstream could be led astray by: a DOCTYPE (entities, external files), text or
// elements outside the root element, an encoding other than UTF-8.
func scanXML(r io.Reader) (Format, *rawFields, error) {
	dec := xml.NewDecoder(skipBOM(r))
	dec.Strict = true
	dec.CharsetReader = charsetReader

	var (
		format  Format
		paths   map[string]field
		stack   []string
		raw     = &rawFields{first: map[field]string{}}
		inRoot  bool
		rootEnd bool

		capturing    bool
		captureDepth int
		captureField field
		captureAttr  string
		captureText  []byte
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, xmlError(dec, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			// <!DOCTYPE …> (or any other <!…> outside a comment or CDATA section).
			return "", nil, i18n.Errorf(KeyXMLDoctype)
		case xml.StartElement:
			if !inRoot {
				if rootEnd {
					return "", nil, i18n.Errorf(KeyXMLOutside, "<"+clip(t.Name.Local, 40)+">")
				}
				if format, paths, err = rootFormat(t.Name); err != nil {
					return "", nil, err
				}
				inRoot = true
				continue
			}
			if len(stack) >= maxXMLDepth {
				return "", nil, i18n.Errorf(KeyXMLTooDeep, maxXMLDepth)
			}
			stack = append(stack, t.Name.Local)
			if capturing || len(stack) > maxPathDepth {
				continue
			}
			if f, ok := paths[strings.Join(stack, "/")]; ok {
				capturing, captureDepth, captureField = true, len(stack), f
				captureText = captureText[:0]
				captureAttr = attr(t, "schemeID")
				if f == fIssueDate {
					captureAttr = attr(t, "format")
				}
			}
		case xml.CharData:
			if !inRoot {
				// Outside the root only white space may stand (comments and processing
				// instructions are tokens of their own, and allowed).
				if txt := bytes.TrimSpace(t); len(txt) > 0 {
					return "", nil, i18n.Errorf(KeyXMLOutside, clip(string(txt), 40))
				}
				continue
			}
			if capturing && len(stack) == captureDepth {
				if len(captureText)+len(t) > maxFieldText {
					return "", nil, i18n.Errorf(KeyFieldTooLong, btName[captureField], maxFieldText)
				}
				captureText = append(captureText, t...)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				// The root closes: whatever follows may only be comments, processing
				// instructions and white space.
				inRoot, rootEnd = false, true
				continue
			}
			if capturing && len(stack) == captureDepth {
				raw.keep(captureField, captureAttr, strings.TrimSpace(string(captureText)))
				capturing = false
			}
			stack = stack[:len(stack)-1]
		}
	}
	if !rootEnd {
		return "", nil, xmlError(dec, io.ErrUnexpectedEOF)
	}
	return format, raw, nil
}

// skipBOM drops a UTF-8 byte-order mark at the start of r.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	return br
}

// rootFormat decides the syntax from the root element, or refuses with what it is.
func rootFormat(n xml.Name) (Format, map[string]field, error) {
	switch {
	case n.Space == nsUBLInvoice && n.Local == "Invoice":
		return FormatUBL, ublPaths, nil
	case n.Space == nsCII && n.Local == "CrossIndustryInvoice":
		return FormatCII, ciiPaths, nil
	case n.Space == nsUBLCreditNote && n.Local == "CreditNote":
		return "", nil, i18n.Errorf(KeyCreditNoteUBL)
	}
	root := n.Local
	if n.Space != "" {
		root += " (" + n.Space + ")"
	}
	return "", nil, i18n.Errorf(KeyNotInvoice, clip(root, 120))
}

func (r *rawFields) keep(f field, attr, text string) {
	switch f {
	case fSellerID:
		r.seller = append(r.seller, identifier{scheme: attr, value: text})
	case fBuyerID:
		r.buyer = append(r.buyer, identifier{scheme: attr, value: text})
	default:
		if _, seen := r.first[f]; seen || text == "" {
			return
		}
		r.first[f] = text
		if f == fIssueDate {
			r.dateFormat = attr
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// xmlError turns a decoder error into the user's "malformed XML" with the line to look at.
func xmlError(dec *xml.Decoder, err error) error {
	var enc *unsupportedEncoding
	if errors.As(err, &enc) {
		return encodingError(enc.name)
	}
	line, _ := dec.InputPos()
	msg := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line, msg = se.Line, se.Msg
	}
	if msg == "invalid UTF-8" {
		return i18n.Errorf(KeyXMLBadUTF8, line)
	}
	return i18n.Errorf(KeyXMLMalformed, line, clip(msg, 160))
}

type unsupportedEncoding struct{ name string }

func (u *unsupportedEncoding) Error() string { return "unsupported encoding " + u.name }

// charsetReader is called by the decoder for a declared encoding other than UTF-8. Chorus Pro
// reads UTF-8 only, so every other encoding is refused, with one exception: US-ASCII is a
// subset of UTF-8, and a file that declares it and keeps to it is valid UTF-8 as is.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii":
		return asciiOnly{in}, nil
	}
	return nil, &unsupportedEncoding{name: label}
}

// asciiOnly fails on the first byte outside US-ASCII: the declaration was not true.
type asciiOnly struct{ r io.Reader }

func (a asciiOnly) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] >= 0x80 {
			return i, &unsupportedEncoding{name: "US-ASCII (with non-ASCII characters)"}
		}
	}
	return n, err
}

// clip shortens text quoted back to the user from a file that may be hostile, and cleans it
// (control characters, terminal escapes, bidirectional overrides), so a message quoting it
// cannot forge or garble what is shown around it.
func clip(s string, n int) string {
	s = domain.CleanText(s)
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
