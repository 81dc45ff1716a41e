package transfers

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// TestTransfersGolden pins the look of the Transfers view: one item in each kind of state,
// a running batch, and a rejected invoice selected (fixed clock, Fyne's deterministic test
// renderer). After an intended change, copy testdata/failed/transfers.png over testdata/.
func TestTransfersGolden(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f, v := shownView(t, 0, func() time.Time { return at.Add(80 * time.Hour) })
	msg := func(s string) outbox.Text { return outbox.Text{i18n.EN: s} }
	items := []outbox.Item{
		{State: outbox.Final, Flux: "CPP2026000001", FluxState: outbox.FluxIntegre, InvoiceID: 101, InvoiceStatus: outbox.StatusMiseEnPaiement, Message: msg("payment issued by the recipient")},
		{State: outbox.Final, Flux: "CPP2026000002", FluxState: outbox.FluxIntegre, InvoiceID: 102, InvoiceStatus: outbox.StatusRejetee, Message: msg("the recipient rejected the invoice (comment: montant errone): issue a credit note or a corrected invoice")},
		{State: outbox.Tracking, Flux: "CPP2026000003", FluxState: outbox.FluxIntegre, InvoiceID: 103, InvoiceStatus: outbox.StatusSuspendue, Message: msg("the recipient suspended the invoice (comment: PO missing)")},
		{State: outbox.Held, Hold: outbox.HoldUnroutable, Message: msg("no company has the seller SIRET 44306184100047 and none was chosen: choose the company, then retry")},
		{State: outbox.NeedsConfirmation, AskUser: true, Message: msg("invoice FA-2026-0005 may or may not have reached Chorus Pro and is not listed there")},
		{State: outbox.Depositing},
		{State: outbox.Queued},
	}
	var evs []outbox.Event
	for i, it := range items {
		s := synthetic(i+1, it.State)
		s.Number, s.File = "FA-2026-000"+string(rune('1'+i)), "/invoices/FA-2026-000"+string(rune('1'+i))+".xml"
		s.Hold, s.Flux, s.FluxState, s.InvoiceID, s.InvoiceStatus, s.Message, s.AskUser =
			it.Hold, it.Flux, it.FluxState, it.InvoiceID, it.InvoiceStatus, it.Message, it.AskUser
		s.Created, s.Changed = at.Add(time.Duration(i)*11*time.Hour), at.Add(time.Duration(i)*11*time.Hour+time.Minute)
		s.Env, s.SellerSIRET, s.BuyerSIRET, s.Total, s.Currency = "sandbox", "73282932000074", "21750001600019", "1200.00", "EUR"
		if it.Hold == outbox.HoldUnroutable {
			s.CompanyCode = ""
		}
		evs = append(evs, outbox.Event{Kind: outbox.EventAdded, Item: s})
	}
	for _, e := range evs {
		f.emit(e)
	}
	v.table.Select(widget.TableCellID{Row: 1, Col: colNumber})
	v.win.Resize(fyne.NewSize(1200, 720))
	test.AssertImageMatches(t, "transfers.png", v.win.Canvas().Capture())
}
