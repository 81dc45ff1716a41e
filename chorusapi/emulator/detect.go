package emulator

import (
	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

// doc is what the emulator needs from one deposited invoice (EN 16931 business terms).
type doc struct {
	Number, TypeCode, IssueDate        string
	Seller, Buyer, Service, Commitment string
	Total, Currency, Syntax            string
}

const syntaxCII = invoice.SyntaxeCII

// detectDoc reads a deposited file with the same detector the transfer engine uses, so a
// file the app would send is judged the way the app judged it. Refusals are rendered in
// French, as Chorus Pro writes its reports.
func detectDoc(name string, data []byte) (*doc, error) {
	inv, err := invoice.Detect(name, data)
	if err != nil {
		return nil, frenchError{err}
	}
	return &doc{Number: inv.Number, TypeCode: inv.TypeCode, IssueDate: inv.IssueDate,
		Seller: inv.SellerSIRET, Buyer: inv.BuyerSIRET, Service: inv.ServiceCode, Commitment: inv.Commitment,
		Total: inv.Total, Currency: inv.Currency, Syntax: inv.SyntaxeFlux}, nil
}

type frenchError struct{ err error }

func (f frenchError) Error() string { return i18n.Message(i18n.FR, f.err) }
func (f frenchError) Unwrap() error { return f.err }
