package emulator

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// doc is what the emulator needs from one deposited invoice.
type doc struct {
	Number, TypeCode, IssueDate        string
	Seller, Buyer, Service, Commitment string
	Total, Currency, Syntax            string
}

// Syntaxes the emulator recognises from the content.
const (
	syntaxUBL     = "IN_DP_E1_UBL_INVOICE"
	syntaxCII     = "IN_DP_E1_CII_16B"
	syntaxFacturX = "IN_DP_E2_CII_FACTURX"
)

// The emulator reads deposits with its own small reader, never with the app's invoice
// package: a detection bug in the app must not be mirrored by the judge. It reads only the
// root element (and its namespace) and the few fields its rules look at; a PDF is searched
// for its embedded invoice XML (a stream of /Type /EmbeddedFile). Refusals are in French, as
// Chorus Pro writes its reports.

const (
	nsUBLInvoice = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCredit  = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII        = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	maxXMLDepth  = 64
	maxDocBytes  = 20 << 20 // an embedded XML larger than this is not an invoice
)

func detectDoc(_ string, data []byte) (*doc, error) {
	switch {
	case len(data) == 0:
		return nil, errors.New("fichier vide")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return readPDF(data)
	}
	d, err := readXML(data)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// party collects the identifiers of a seller or buyer, each with its schemeID.
type party struct{ ids []schemedID }

type schemedID struct{ scheme, value string }

// readXML reads a UBL Invoice/CreditNote or a CII CrossIndustryInvoice.
func readXML(data []byte) (*doc, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var stack []string
	var root xml.Name
	var text strings.Builder
	var seller, buyer party
	var d doc
	var scheme string
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("XML illisible : %v", clip(err.Error(), 120))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root.Local == "" {
				root = t.Name
				switch {
				case t.Name.Space == nsUBLInvoice && t.Name.Local == "Invoice",
					t.Name.Space == nsUBLCredit && t.Name.Local == "CreditNote":
					d.Syntax = syntaxUBL
				case t.Name.Space == nsCII && t.Name.Local == "CrossIndustryInvoice":
					d.Syntax = syntaxCII
				default:
					return nil, fmt.Errorf("élément racine %s {%s} inconnu", clip(t.Name.Local, 60), clip(t.Name.Space, 100))
				}
				continue
			}
			if len(stack) >= maxXMLDepth {
				return nil, errors.New("XML trop profond")
			}
			stack = append(stack, t.Name.Local)
			scheme = ""
			for _, a := range t.Attr {
				if a.Name.Local == "schemeID" {
					scheme = a.Value
				}
			}
			text.Reset()
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			p := strings.Join(stack, "/")
			v := strings.TrimSpace(text.String())
			if d.Syntax == syntaxUBL {
				ublField(&d, &seller, &buyer, p, scheme, v, set)
			} else {
				ciiField(&d, &seller, &buyer, p, scheme, v, set)
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if root.Local == "" {
		return nil, errors.New("aucun élément XML")
	}
	if d.Number == "" {
		return nil, errors.New("numéro de facture absent")
	}
	d.Seller, d.Buyer = seller.siret(), buyer.siret()
	if d.Seller == "" {
		return nil, errors.New("SIRET du fournisseur absent")
	}
	return &d, nil
}

func ublField(d *doc, seller, buyer *party, p, scheme, v string, set func(*string, string)) {
	switch p {
	case "ID":
		set(&d.Number, v)
	case "IssueDate":
		set(&d.IssueDate, v)
	case "InvoiceTypeCode", "CreditNoteTypeCode":
		set(&d.TypeCode, v)
	case "DocumentCurrencyCode":
		set(&d.Currency, v)
	case "BuyerReference":
		set(&d.Service, v)
	case "OrderReference/ID":
		set(&d.Commitment, v)
	case "LegalMonetaryTotal/TaxInclusiveAmount":
		set(&d.Total, v)
	case "LegalMonetaryTotal/PayableAmount":
		if d.Total == "" {
			set(&d.Total, v)
		}
	}
	for prefix, pt := range map[string]*party{"AccountingSupplierParty/Party/": seller, "AccountingCustomerParty/Party/": buyer} {
		switch strings.TrimPrefix(p, prefix) {
		case "EndpointID", "PartyIdentification/ID", "PartyLegalEntity/CompanyID":
			if strings.HasPrefix(p, prefix) {
				pt.ids = append(pt.ids, schemedID{scheme, v})
			}
		}
	}
}

func ciiField(d *doc, seller, buyer *party, p, scheme, v string, set func(*string, string)) {
	const agreement = "SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement/"
	const settlement = "SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/"
	switch p {
	case "ExchangedDocument/ID":
		set(&d.Number, v)
	case "ExchangedDocument/TypeCode":
		set(&d.TypeCode, v)
	case "ExchangedDocument/IssueDateTime/DateTimeString":
		if len(v) == 8 {
			v = v[:4] + "-" + v[4:6] + "-" + v[6:]
		}
		set(&d.IssueDate, v)
	case agreement + "BuyerReference":
		set(&d.Service, v)
	case agreement + "BuyerOrderReferencedDocument/IssuerAssignedID":
		set(&d.Commitment, v)
	case settlement + "InvoiceCurrencyCode":
		set(&d.Currency, v)
	case settlement + "SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount":
		set(&d.Total, v)
	}
	for prefix, pt := range map[string]*party{agreement + "SellerTradeParty/": seller, agreement + "BuyerTradeParty/": buyer} {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		switch strings.TrimPrefix(p, prefix) {
		case "GlobalID", "ID", "SpecifiedLegalOrganization/ID", "URIUniversalCommunication/URIID":
			pt.ids = append(pt.ids, schemedID{scheme, v})
		}
	}
}

// siret picks the party's SIRET: scheme 0009 (SIRET) first, then a 14-digit 0002 (SIRENE),
// then any 14-digit identifier without a scheme.
func (p party) siret() string {
	for _, want := range []string{"0009", "0002", ""} {
		for _, id := range p.ids {
			v := strings.ReplaceAll(id.value, " ", "")
			if id.scheme == want && len(v) == 14 && isDigits(v) {
				return v
			}
		}
	}
	return ""
}

// embeddedStream finds the dictionary of each /Type /EmbeddedFile stream.
var embeddedStream = regexp.MustCompile(`/Type\s*/EmbeddedFile\b`)

var lengthDirect = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)

// readPDF finds the invoice XML embedded in a PDF (Factur-X): every /Type /EmbeddedFile stream
// is decoded (FlateDecode or none) and read as invoice XML; exactly one CII invoice must be
// found. The reader does not parse the PDF's object tree: it scans for the stream
// dictionaries, which is enough for a judge and independent of the app's PDF library.
func readPDF(data []byte) (*doc, error) {
	var found []*doc
	var lastErr error
	for _, loc := range embeddedStream.FindAllIndex(data, 64) {
		body, err := streamAfter(data, loc[1])
		if err != nil {
			lastErr = err
			continue
		}
		d, err := readXML(body)
		if err != nil {
			lastErr = err
			continue
		}
		found = append(found, d)
	}
	switch {
	case len(found) == 0 && lastErr != nil:
		return nil, fmt.Errorf("PDF : pièce jointe XML illisible (%v)", lastErr)
	case len(found) == 0:
		return nil, errors.New("PDF sans facture XML jointe (Factur-X attendu)")
	case len(found) > 1 && *found[0] != *found[1]:
		return nil, errors.New("PDF avec plusieurs factures XML différentes")
	case found[0].Syntax != syntaxCII:
		return nil, errors.New("PDF dont la pièce jointe n'est pas une facture CII (Factur-X)")
	}
	d := found[0]
	d.Syntax = syntaxFacturX
	return d, nil
}

// streamAfter returns the decoded content of the stream whose dictionary contains offset at.
func streamAfter(data []byte, at int) ([]byte, error) {
	rest := data[at:]
	kw := bytes.Index(rest, []byte("stream"))
	if kw < 0 || bytes.Contains(rest[:kw], []byte("endobj")) {
		return nil, errors.New("flux introuvable")
	}
	// The dictionary runs from the object's "obj" keyword to "stream" (its /Length and
	// /Filter may come before or after /Type).
	start := bytes.LastIndex(data[:at], []byte("obj"))
	if start < 0 {
		return nil, errors.New("objet introuvable")
	}
	dict := data[start : at+kw]
	p := at + kw + len("stream")
	if p < len(data) && data[p] == '\r' {
		p++
	}
	if p < len(data) && data[p] == '\n' {
		p++
	}
	end := -1
	if m := lengthDirect.FindSubmatch(dict); m != nil && m[2] == nil {
		if n, err := strconv.Atoi(string(m[1])); err == nil && n >= 0 && p+n <= len(data) {
			end = p + n
		}
	}
	if end < 0 { // an indirect /Length: the content ends before "endstream"
		i := bytes.Index(data[p:], []byte("endstream"))
		if i < 0 {
			return nil, errors.New("fin de flux introuvable")
		}
		end = p + i
		for end > p && (data[end-1] == '\n' || data[end-1] == '\r') {
			end--
		}
	}
	raw := data[p:end]
	if !bytes.Contains(dict, []byte("/FlateDecode")) {
		return raw, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("flux compressé illisible : %v", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, maxDocBytes+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("flux compressé illisible : %v", err)
	}
	if len(out) > maxDocBytes {
		return nil, errors.New("pièce jointe trop volumineuse")
	}
	return out, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
