package invoice

import (
	"regexp"
	"strings"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// ISO 6523 ICD codes under which French identifiers travel.
const (
	schemeSIRET  = "0009" // SIRET (establishment): Chorus Pro's electronic address
	schemeSIRENE = "0002" // SIRENE: a SIREN (9 digits) or a SIRET (14 digits)
)

var decimalText = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// invoice checks the raw texts and builds the Invoice.
func (r *rawFields) invoice(format Format) (*Invoice, error) {
	// The texts are cleaned here, once, because every face prints them: a number carrying a
	// newline or a terminal escape must not forge a status line (domain.CleanText).
	inv := &Invoice{
		Format:      format,
		SyntaxeFlux: syntaxeOf(format),
		Number:      cleanField(r.first[fNumber]),
		TypeCode:    cleanField(r.first[fTypeCode]),
		ServiceCode: cleanField(r.first[fServiceCode]),
		Commitment:  cleanField(r.first[fCommitment]),
		Currency:    cleanField(r.first[fCurrency]),
	}
	if inv.Number == "" {
		return nil, i18n.Errorf(KeyNoNumber)
	}
	var err error
	if inv.IssueDate, err = issueDate(format, r.first[fIssueDate], r.dateFormat); err != nil {
		return nil, err
	}
	inv.Total = r.first[fTotal]
	if inv.Total == "" {
		inv.Total = r.first[fPayable]
	}
	if inv.Total != "" && !decimalText.MatchString(inv.Total) {
		return nil, i18n.Errorf(KeyBadTotal, clip(inv.Total, 40))
	}

	seller, found := pickSIRET(r.seller)
	if !found {
		return nil, i18n.Errorf(KeyNoSellerSIRET)
	}
	if !domain.ValidSIRET(seller) {
		return nil, i18n.Errorf(KeyBadSellerSIRET, clip(seller, 40))
	}
	inv.SellerSIRET = seller
	// A missing buyer SIRET is left to the pre-flight, which knows whether the recipient
	// needs one; a wrong one is refused here, where the user can still fix the file.
	if buyer, found := pickSIRET(r.buyer); found {
		if !domain.ValidSIRET(buyer) {
			return nil, i18n.Errorf(KeyBadBuyerSIRET, clip(buyer, 40))
		}
		inv.BuyerSIRET = buyer
	}
	return inv, nil
}

func syntaxeOf(f Format) string {
	switch f {
	case FormatFacturX:
		return SyntaxeFacturX
	case FormatUBL:
		return SyntaxeUBL
	}
	return SyntaxeCII
}

// pickSIRET chooses a party's SIRET: the electronic address / identifier with scheme 0009
// first, then a 14-digit SIRENE (0002) registration. A 9-digit 0002 value is a SIREN, which
// does not name an establishment, so it is skipped. found is false when no identifier claims
// to be a SIRET; the value is returned unchecked.
func pickSIRET(ids []identifier) (siret string, found bool) {
	for _, scheme := range []string{schemeSIRET, schemeSIRENE} {
		for _, id := range ids {
			if id.scheme != scheme {
				continue
			}
			v := domain.NormalizeSIRET(id.value)
			if v == "" || (scheme == schemeSIRENE && len(v) == 9 && digitsOnly(v)) {
				continue
			}
			return v, true
		}
	}
	return "", false
}

// issueDate normalises BT-2 to YYYY-MM-DD: UBL writes xsd:date (maybe with a time zone), CII
// writes format 102 (yyyymmdd).
func issueDate(format Format, text, cdFormat string) (string, error) {
	if text == "" {
		return "", i18n.Errorf(KeyNoIssueDate)
	}
	var layout, value string
	if format == FormatUBL {
		layout, value = "2006-01-02", text
		if len(text) > 10 && isTimeZone(text[10:]) {
			value = text[:10]
		}
	} else {
		if cdFormat != "" && cdFormat != "102" {
			return "", i18n.Errorf(KeyUnsupportedDate, clip(cdFormat, 10))
		}
		layout, value = "20060102", text
	}
	d, err := time.Parse(layout, value)
	if err != nil {
		return "", i18n.Errorf(KeyBadIssueDate, clip(text, 40))
	}
	return d.Format("2006-01-02"), nil
}

func isTimeZone(s string) bool {
	if s == "Z" {
		return true
	}
	_, err := time.Parse("-07:00", s)
	return err == nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cleanField makes a text read from the invoice safe to show, and trims the spaces that the
// cleaning may leave where line breaks were.
func cleanField(s string) string { return strings.TrimSpace(domain.CleanText(s)) }
