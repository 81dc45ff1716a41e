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

// TestTransfersGolden pins the look of the Transfers view at 1024×700: one item in each kind of
// stage, a running batch, and a flux refused by Chorus Pro selected (fixed clock, Fyne's
// deterministic test renderer). After an intended change, copy testdata/failed/transfers.png
// over testdata/.
func TestTransfersGolden(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f, v := shownView(t, 0, func() time.Time { return at.Add(80 * time.Hour) })
	msg := func(s string) outbox.Text { return outbox.Text{i18n.EN: s} }
	items := []outbox.Item{
		{State: outbox.Final, Flux: "CPP0011100000000000000001", FluxState: outbox.FluxIntegre, InvoiceID: 101, InvoiceStatus: outbox.StatusMiseEnPaiement, Message: msg("payment issued by the recipient")},
		{State: outbox.Final, Flux: "CPP0011100000000000000002", FluxState: outbox.FluxRejete, Fix: "setup",
			Cause: msg("the seller is not referenced for this technical account"),
			Raw:   "L'identifiant fournisseur de la demande de paiement n'est pas reference dans notre systeme."},
		{State: outbox.Tracking, Flux: "CPP0011100000000000000003", FluxState: outbox.FluxIntegre, InvoiceID: 103, InvoiceStatus: outbox.StatusSuspendue, Message: msg("the recipient suspended the invoice (comment: PO missing)")},
		{State: outbox.Held, Hold: outbox.HoldUnroutable, Message: msg("no company has the seller SIRET 44306184100047 and none was chosen: choose the company, then retry")},
		{State: outbox.NeedsConfirmation, AskUser: true, Message: msg("invoice FA-2026-0005 may or may not have reached Chorus Pro and is not listed there")},
		{State: outbox.Deposited, Flux: "CPP0011100000000000000006"},
		{State: outbox.Queued},
	}
	var evs []outbox.Event
	for i, it := range items {
		s := synthetic(i+1, it.State)
		s.Number, s.File = "FA-2026-000"+string(rune('1'+i)), "/invoices/FA-2026-000"+string(rune('1'+i))+".xml"
		s.Hold, s.Flux, s.FluxState, s.InvoiceID, s.InvoiceStatus, s.Message, s.AskUser =
			it.Hold, it.Flux, it.FluxState, it.InvoiceID, it.InvoiceStatus, it.Message, it.AskUser
		s.Cause, s.Raw, s.Fix = it.Cause, it.Raw, it.Fix
		s.Created, s.Changed = at.Add(time.Duration(i)*11*time.Hour), at.Add(time.Duration(i)*11*time.Hour+time.Minute)
		s.Env, s.SellerSIRET, s.BuyerSIRET, s.Total, s.Currency = "sandbox", "73282932000074", "21750001600019", "1200.00", "EUR"
		s.SetupFrom, s.Login, s.Tag = "DEMO1", "TECH_1_demo1@cpro.fr", "ACME01"
		if it.Hold == outbox.HoldUnroutable {
			s.CompanyCode, s.SetupFrom, s.Login, s.Tag = "", "", "", ""
		}
		evs = append(evs, outbox.Event{Kind: outbox.EventAdded, Item: s})
	}
	for _, e := range evs {
		f.emit(e)
	}
	v.win.Resize(fyne.NewSize(1024, 700))
	v.table.Select(widget.TableCellID{Row: 1, Col: colNumber})
	test.AssertImageMatches(t, "transfers.png", v.win.Canvas().Capture())
}
