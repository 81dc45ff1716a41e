package emulator

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// doc is what the emulator needs from one deposited invoice. It is filled by the invoice
// package's Detect once that lands; until then by the private reader below, which extracts the
// same fields (EN 16931 business terms) from UBL, CII and Factur-X.
type doc struct {
	Number, TypeCode, IssueDate        string
	Seller, Buyer, Service, Commitment string
	Total, Currency, Syntax            string
}

const (
	syntaxUBL     = "IN_DP_E1_UBL_INVOICE"
	syntaxCII     = "IN_DP_E1_CII_16B"
	syntaxFacturX = "IN_DP_E2_CII_FACTURX"
	maxXMLDepth   = 64
)

var errNotInvoice = errors.New("not a UBL, CII or Factur-X invoice")

// detectDoc reads an invoice from its content (the name is only used for error messages).
func detectDoc(name string, data []byte) (*doc, error) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		x := facturXML(data)
		if x == nil {
			return nil, errors.New("PDF without an embedded Factur-X XML")
		}
		d, err := readXMLInvoice(x)
		if err != nil {
			return nil, err
		}
		if d.Syntax != syntaxCII {
			return nil, errors.New("PDF whose embedded XML is not CII")
		}
		d.Syntax = syntaxFacturX
		return d, nil
	}
	return readXMLInvoice(data)
}

// facturXML finds the embedded CII document of a Factur-X PDF by inflating its streams; it
// does not need a full PDF parser because the XML is a self-contained stream.
func facturXML(pdf []byte) []byte {
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			return nil
		}
		rest = rest[i+len("stream"):]
		if bytes.HasPrefix(rest, []byte("\r\n")) {
			rest = rest[2:]
		} else if bytes.HasPrefix(rest, []byte("\n")) {
			rest = rest[1:]
		} else {
			continue // "endstream"
		}
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			return nil
		}
		body := rest[:end]
		rest = rest[end:]
		if bytes.Contains(body, []byte("CrossIndustryInvoice")) {
			return body
		}
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			continue
		}
		out, err := io.ReadAll(io.LimitReader(zr, defaultMaxFileSize+1))
		_ = zr.Close()
		if (err == nil || errors.Is(err, io.ErrUnexpectedEOF)) && bytes.Contains(out, []byte("CrossIndustryInvoice")) {
			return out
		}
	}
}

// field paths, as slash-joined local names from the root. A SIRET path may require a scheme.
type xmlField struct {
	path   string
	scheme string // required schemeID attribute value, "" = any
	dst    func(d *doc) *string
}

var ublFields = []xmlField{
	{"Invoice/ID", "", func(d *doc) *string { return &d.Number }},
	{"Invoice/InvoiceTypeCode", "", func(d *doc) *string { return &d.TypeCode }},
	{"Invoice/IssueDate", "", func(d *doc) *string { return &d.IssueDate }},
	{"Invoice/DocumentCurrencyCode", "", func(d *doc) *string { return &d.Currency }},
	{"Invoice/BuyerReference", "", func(d *doc) *string { return &d.Service }},
	{"Invoice/OrderReference/ID", "", func(d *doc) *string { return &d.Commitment }},
	{"Invoice/AccountingSupplierParty/Party/PartyLegalEntity/CompanyID", "0002", func(d *doc) *string { return &d.Seller }},
	{"Invoice/AccountingSupplierParty/Party/EndpointID", "0009", func(d *doc) *string { return &d.Seller }},
	{"Invoice/AccountingCustomerParty/Party/PartyLegalEntity/CompanyID", "0002", func(d *doc) *string { return &d.Buyer }},
	{"Invoice/AccountingCustomerParty/Party/EndpointID", "0009", func(d *doc) *string { return &d.Buyer }},
	{"Invoice/LegalMonetaryTotal/PayableAmount", "", func(d *doc) *string { return &d.Total }},
}

const ciiTx = "CrossIndustryInvoice/SupplyChainTradeTransaction/"

var ciiFields = []xmlField{
	{"CrossIndustryInvoice/ExchangedDocument/ID", "", func(d *doc) *string { return &d.Number }},
	{"CrossIndustryInvoice/ExchangedDocument/TypeCode", "", func(d *doc) *string { return &d.TypeCode }},
	{"CrossIndustryInvoice/ExchangedDocument/IssueDateTime/DateTimeString", "", func(d *doc) *string { return &d.IssueDate }},
	{ciiTx + "ApplicableHeaderTradeAgreement/BuyerReference", "", func(d *doc) *string { return &d.Service }},
	{ciiTx + "ApplicableHeaderTradeAgreement/BuyerOrderReferencedDocument/IssuerAssignedID", "", func(d *doc) *string { return &d.Commitment }},
	{ciiTx + "ApplicableHeaderTradeAgreement/SellerTradeParty/SpecifiedLegalOrganization/ID", "0002", func(d *doc) *string { return &d.Seller }},
	{ciiTx + "ApplicableHeaderTradeAgreement/SellerTradeParty/GlobalID", "0009", func(d *doc) *string { return &d.Seller }},
	{ciiTx + "ApplicableHeaderTradeAgreement/BuyerTradeParty/SpecifiedLegalOrganization/ID", "0002", func(d *doc) *string { return &d.Buyer }},
	{ciiTx + "ApplicableHeaderTradeAgreement/BuyerTradeParty/GlobalID", "0009", func(d *doc) *string { return &d.Buyer }},
	{ciiTx + "ApplicableHeaderTradeSettlement/InvoiceCurrencyCode", "", func(d *doc) *string { return &d.Currency }},
	{ciiTx + "ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount", "", func(d *doc) *string { return &d.Total }},
}

// readXMLInvoice walks the XML once and keeps the first value of each known path.
func readXMLInvoice(data []byte) (*doc, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		stack  []string
		fields []xmlField
		d      = &doc{}
		text   strings.Builder
		want   *xmlField
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				switch t.Name.Local {
				case "Invoice", "CreditNote":
					fields, d.Syntax = ublFields, syntaxUBL
					t.Name.Local = "Invoice" // credit notes share the paths of interest
				case "CrossIndustryInvoice":
					fields, d.Syntax = ciiFields, syntaxCII
				default:
					return nil, errNotInvoice
				}
			}
			if len(stack) >= maxXMLDepth {
				return nil, errors.New("XML nested too deeply")
			}
			stack = append(stack, t.Name.Local)
			want = nil
			path := strings.Join(stack, "/")
			for i := range fields {
				f := &fields[i]
				if f.path == path && *f.dst(d) == "" && (f.scheme == "" || attr(t, "schemeID") == f.scheme) {
					want = f
					text.Reset()
					break
				}
			}
		case xml.CharData:
			if want != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if want != nil {
				*want.dst(d) = strings.TrimSpace(text.String())
				want = nil
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if d.Syntax == "" {
		return nil, errNotInvoice
	}
	if len(d.IssueDate) == 8 && !strings.Contains(d.IssueDate, "-") { // CII format 102
		d.IssueDate = d.IssueDate[:4] + "-" + d.IssueDate[4:6] + "-" + d.IssueDate[6:]
	}
	if d.Number == "" {
		return nil, errors.New("invoice number (BT-1) missing")
	}
	return d, nil
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
