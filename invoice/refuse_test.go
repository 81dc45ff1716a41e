package invoice

import (
	"bytes"
	"strings"
	"testing"
)

const (
	durandSIRET = "73282932000074"
	buyerSIRET  = "21750001600019"
)

// TestDetectRefusals builds broken and borderline files from the samples and checks each is
// refused with the reason a user needs.
func TestDetectRefusals(t *testing.T) {
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	cii := sample(t, "FA-2026-0002_CII.xml")
	fx := sample(t, "FA-2026-0005_Factur-X-Minimum.pdf")

	tests := []struct {
		name    string
		file    string
		data    []byte
		wantKey string
	}{
		{"empty", "a.xml", nil, KeyEmpty},
		{"over 10 MB in memory", "a.xml", append(bytes.Repeat([]byte(" "), MaxSize), ubl...), KeyTooLarge},
		{"text file", "notes.txt", []byte("Invoice FA-1 for 12 EUR"), KeyUnknownFormat},
		{"PNG named .pdf", "scan.pdf", []byte("\x89PNG\r\n\x1a\n\x00\x00"), KeyMisnamed},
		{"zip named .xml", "x.XML", []byte("PK\x03\x04rest"), KeyMisnamed},
		{"UTF-16 XML", "a.xml", []byte("\xff\xfe<\x00I\x00"), KeyXMLUTF16},

		// PDF
		{"PDF header only", "a.pdf", []byte("%PDF-1.7\n"), KeyPDFTruncated},
		{"truncated Factur-X", "a.pdf", fx[:len(fx)*9/10], KeyPDFTruncated},
		{"PDF header and garbage", "a.pdf", []byte("%PDF-1.7\n" + strings.Repeat("garbage ", 500) + "\n%%EOF\n"), KeyPDFDamaged},
		{"Factur-X missing its middle", "a.pdf", append(append([]byte{}, fx[:len(fx)/4]...), fx[len(fx)*3/4:]...), KeyPDFDamaged},
		{"Factur-X with its object stream clobbered", "a.pdf", replaceAll(t, fx, "/Type /ObjStm", "/Type /Nothin"), KeyPDFDamaged},
		{"Factur-X after a blank line", "a.pdf", append([]byte("\r\n"), fx...), KeyPDFLeadingBytes},
		{"Factur-X after a mail header", "a.pdf", append([]byte("Content-Type: application/pdf\n\n"), fx...), KeyPDFLeadingBytes},
		{"plain PDF", "a.pdf", buildPDF(), KeyPDFNoXML},
		{"PDF with another attachment", "a.pdf", buildPDF(attachment{name: "order.xml", data: cii}), KeyPDFNoXML},
		{"PDF with factur-x.xml missing its stream", "a.pdf", buildPDF(attachment{name: "factur-x.xml", data: cii, noEFKey: true}), KeyPDFNoXML},
		{"PDF with UBL as factur-x.xml", "a.pdf", buildPDF(attachment{name: "factur-x.xml", data: ubl, flate: true}), KeyPDFXMLNotCII},
		{"PDF with ZUGFeRD 1 XML", "a.pdf", buildPDF(attachment{name: "ZUGFeRD-invoice.xml", data: []byte(`<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>`)}), KeyNotInvoice},
		{"PDF with malformed factur-x.xml", "a.pdf", buildPDF(attachment{name: "factur-x.xml", data: cii[:len(cii)/2], flate: true}), KeyXMLMalformed},
		{"PDF with bad seller SIRET", "a.pdf", buildPDF(attachment{name: "factur-x.xml", data: replaceAll(t, cii, durandSIRET, "73282932000075"), flate: true}), KeyBadSellerSIRET},
		{"PDF with decompression bomb", "a.pdf", buildPDF(attachment{name: "factur-x.xml", data: bytes.Repeat([]byte{' '}, MaxSize+1), flate: true}), KeyPDFXMLTooBig},

		// XML that is not an invoice
		{"HTML", "a.xml", []byte("<html><body>Invoice</body></html>"), KeyNotInvoice},
		{"HTML with its DOCTYPE", "a.xml", []byte("<!DOCTYPE html><html><body>Invoice</body></html>"), KeyXMLDoctype},
		{"Invoice without namespace", "a.xml", []byte(`<Invoice><ID>1</ID></Invoice>`), KeyNotInvoice},
		{"Invoice in UBL 2 Order namespace", "a.xml", []byte(`<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`), KeyNotInvoice},
		{"CII root in wrong namespace", "a.xml", []byte(`<CrossIndustryInvoice xmlns="urn:example"/>`), KeyNotInvoice},
		{"UBL CreditNote", "a.xml", []byte(`<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>`), KeyCreditNoteUBL},
		{"truncated UBL", "a.xml", ubl[:len(ubl)/2], KeyXMLMalformed},
		{"mismatched tag", "a.xml", replaceAll(t, ubl, "</cbc:IssueDate>", "</cbc:IssueDat>"), KeyXMLMalformed},
		{"undeclared entity", "a.xml", replaceAll(t, ubl, "SERV-COMPTA", "&xxe;"), KeyXMLMalformed},
		{"two roots", "a.xml", append(append([]byte{}, ubl...), "<Invoice/>"...), KeyXMLOutside},
		{"unsupported encoding", "a.xml", replaceAll(t, ubl, `encoding="utf-8"`, `encoding="shift_jis"`), KeyXMLEncoding},
		{"too deep", "a.xml", deepUBL(maxXMLDepth + 1), KeyXMLTooDeep},
		{"huge field", "a.xml", replaceAll(t, ubl, "SERV-COMPTA", strings.Repeat("S", maxFieldText+1)), KeyFieldTooLong},

		// Invoices with missing or wrong fields
		{"UBL without number", "a.xml", replaceAll(t, ubl, "<cbc:ID>FA-2026-0001</cbc:ID>", "<cbc:ID> </cbc:ID>"), KeyNoNumber},
		{"CII without number", "a.xml", replaceAll(t, cii, "<ram:ID>FA-2026-0002</ram:ID>", ""), KeyNoNumber},
		{"UBL without issue date", "a.xml", replaceAll(t, ubl, "<cbc:IssueDate>2026-11-02</cbc:IssueDate>", ""), KeyNoIssueDate},
		{"UBL impossible date", "a.xml", replaceAll(t, ubl, "<cbc:IssueDate>2026-11-02", "<cbc:IssueDate>2026-02-30"), KeyBadIssueDate},
		{"CII date not format 102", "a.xml", replaceAll(t, cii, `format="102">20261102`, `format="610">202611`), KeyUnsupportedDate},
		{"CII garbled date", "a.xml", replaceAll(t, cii, `format="102">20261102`, `format="102">2026-11-02`), KeyBadIssueDate},
		{"UBL total with a comma", "a.xml", replaceAll(t, ubl, ">24919.99</cbc:TaxInclusiveAmount>", ">24919,99</cbc:TaxInclusiveAmount>"), KeyBadTotal},
		{"UBL without seller SIRET", "a.xml", noSellerSIRETUBL(t, ubl), KeyNoSellerSIRET},
		{"UBL seller with SIREN only", "a.xml", replaceAll(t, noSellerSIRETUBL(t, ubl), `schemeID="0088">`+durandSIRET, `schemeID="0002">732829320`), KeyNoSellerSIRET},
		{"CII without seller SIRET", "a.xml", replaceAll(t, replaceAll(t, cii, `schemeID="0002">`+durandSIRET, `schemeID="0088">`+durandSIRET), `schemeID="0009">`+durandSIRET, `schemeID="0088">`+durandSIRET), KeyNoSellerSIRET},
		{"UBL seller SIRET check digit", "a.xml", replaceAll(t, ubl, durandSIRET, "73282932000075"), KeyBadSellerSIRET},
		{"UBL seller SIRET 13 digits", "a.xml", replaceAll(t, ubl, durandSIRET, "7328293200007"), KeyBadSellerSIRET},
		{"UBL seller SIRET letters", "a.xml", replaceAll(t, ubl, durandSIRET, "7328293200007A"), KeyBadSellerSIRET},
		{"CII seller SIRET check digit", "a.xml", replaceAll(t, cii, durandSIRET, "73282932000070"), KeyBadSellerSIRET},
		{"UBL buyer SIRET check digit", "a.xml", replaceAll(t, ubl, buyerSIRET, "21750001600018"), KeyBadBuyerSIRET},
		{"CII buyer SIRET check digit", "a.xml", replaceAll(t, cii, buyerSIRET, "21750001600018"), KeyBadBuyerSIRET},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Detect(tt.file, tt.data)
			if err == nil {
				t.Fatalf("accepted as %s %q, want refusal %s", inv.Format, inv.Number, tt.wantKey)
			}
			if got := refusalKey(t, err); got != tt.wantKey {
				t.Fatalf("refused with %s (%v), want %s", got, err, tt.wantKey)
			}
		})
	}
}

// TestDetectAccepts covers borderline files that must still be accepted.
func TestDetectAccepts(t *testing.T) {
	ubl := sample(t, "FA-2026-0001_UBL.xml")
	cii := sample(t, "FA-2026-0002_CII.xml")
	// La Poste SIRETs fail Luhn but pass La Poste's digit-sum rule (domain.ValidateSIRET).
	const laPoste = "35600000000001"

	tests := []struct {
		name    string
		data    []byte
		format  Format
		seller  string
		buyer   string
		date    string
		service string
	}{
		{"BOM and blank lines before the XML", append([]byte("\xef\xbb\xbf\r\n\n  "), ubl...), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"UBL date with time zone", replaceAll(t, ubl, "<cbc:IssueDate>2026-11-02", "<cbc:IssueDate>2026-11-02+01:00"), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"SIRET written with spaces", replaceAll(t, ubl, durandSIRET, "732 829 320 00074"), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"La Poste seller", replaceAll(t, ubl, durandSIRET, laPoste), FormatUBL, laPoste, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"UBL seller known only by legal registration", replaceAll(t, ubl, `<cbc:EndpointID schemeID="0009">`+durandSIRET, `<cbc:EndpointID schemeID="0088">5060012349998`), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"UBL without buyer SIRET", replaceAll(t, ubl, `">`+buyerSIRET, `">`), FormatUBL, durandSIRET, "", "2026-11-02", "SERV-COMPTA"},
		{"UBL without buyer reference", replaceAll(t, ubl, "<cbc:BuyerReference>SERV-COMPTA</cbc:BuyerReference>", ""), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", ""},
		{"UBL with a prefixed root", replaceAll(t, replaceAll(t, ubl, `<Invoice xmlns="`, `<ubl:Invoice xmlns:ubl="`), "</Invoice>", "</ubl:Invoice>"), FormatUBL, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"CII with comments and processing instructions", replaceAll(t, cii, "<rsm:ExchangedDocument>", "<!-- ERP 9.1 --><?erp x?><rsm:ExchangedDocument>"), FormatCII, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"Factur-X with compressed zugferd-invoice.xml", buildPDF(attachment{name: "zugferd-invoice.xml", data: cii, flate: true}), FormatFacturX, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"Factur-X referenced by /AF only", buildPDF(attachment{name: "factur-x.xml", data: cii, onlyAF: true}), FormatFacturX, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"Factur-X name in capitals beside another file", buildPDF(attachment{name: "logo.xml", data: ubl}, attachment{name: "FACTUR-X.XML", data: cii}), FormatFacturX, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
		{"XRechnung CII in a PDF", buildPDF(attachment{name: "xrechnung.xml", data: cii, flate: true}), FormatFacturX, durandSIRET, buyerSIRET, "2026-11-02", "SERV-COMPTA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Detect("x", tt.data)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			checkField(t, "Format", string(inv.Format), string(tt.format))
			checkField(t, "SellerSIRET", inv.SellerSIRET, tt.seller)
			checkField(t, "BuyerSIRET", inv.BuyerSIRET, tt.buyer)
			checkField(t, "IssueDate", inv.IssueDate, tt.date)
			checkField(t, "ServiceCode", inv.ServiceCode, tt.service)
		})
	}
}

// noSellerSIRETUBL moves the sample seller's SIRETs to a scheme that is not a SIRET.
func noSellerSIRETUBL(t *testing.T, ubl []byte) []byte {
	out := replaceAll(t, ubl, `<cbc:EndpointID schemeID="0009">`+durandSIRET, `<cbc:EndpointID schemeID="0088">`+durandSIRET)
	return replaceAll(t, out, `<cbc:CompanyID schemeID="0002">`+durandSIRET, `<cbc:CompanyID schemeID="0088">`+durandSIRET)
}

// deepUBL is a UBL invoice whose extension nests depth elements below the root.
func deepUBL(depth int) []byte {
	var b strings.Builder
	b.WriteString(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">`)
	b.WriteString(strings.Repeat("<x>", depth))
	b.WriteString(strings.Repeat("</x>", depth))
	b.WriteString(`</Invoice>`)
	return []byte(b.String())
}
