package outbox

import (
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
)

// The listing marks each invoice on Chorus Pro with who deposited it: this app (its flux is an
// outbox item, with its tag), a person on the portal (modeDepot), or another tool.
func TestListingMarksOrigin(t *testing.T) {
	portal := map[string]bool{"LIST-PORTAL": true}
	r := newRigWrapped(t, emulator.Options{}, rewrite("rechercher/fournisseur", func(m map[string]any) {
		list, _ := m["listeFactures"].([]any)
		for _, x := range list {
			if f, ok := x.(map[string]any); ok && portal[f["numeroFacture"].(string)] {
				f["modeDepot"] = "DEPOT_PDF_PORTAIL"
			}
		}
	}))
	o := r.start(fastOptions())
	dir := t.TempDir()
	ids := map[string]string{}
	for _, n := range []string{"LIST-APP", "LIST-PORTAL", "LIST-OTHER"} {
		it, err := o.Add(writeFile(t, dir, n+".xml", ublVariant(t, n, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = it.ID
	}
	// Two of them leave the outbox: to the app they are someone else's deposits now.
	for _, n := range []string{"LIST-PORTAL", "LIST-OTHER"} {
		it := wait(t, o, invoiceIsAt(StatusMiseADisposition), ids[n])[0]
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, StatusMiseEnPaiement, ""); err != nil {
			t.Fatal(err)
		}
		wait(t, o, isState(Final), ids[n])
		if err := o.Remove(ids[n]); err != nil {
			t.Fatal(err)
		}
	}
	app := wait(t, o, Item.WasDeposited, ids["LIST-APP"])[0]
	list, err := o.Listing(waitCtx(t), r.demo["DEMO1"].ID, ListingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Origin{"LIST-APP": OriginApp, "LIST-PORTAL": OriginPortal, "LIST-OTHER": OriginOther}
	if len(list) != len(want) {
		t.Fatalf("%d entries: %+v", len(list), list)
	}
	for _, e := range list {
		if e.Origin != want[e.Number] {
			t.Errorf("%s: origin %s, want %s", e.Number, e.Origin, want[e.Number])
		}
		if e.Origin == OriginApp && (e.ItemID != app.ID || e.Flux != app.Flux) {
			t.Errorf("%s: item %s flux %s", e.Number, e.ItemID, e.Flux)
		}
	}
	later, err := o.Listing(waitCtx(t), r.demo["DEMO1"].ID, ListingOptions{Since: time.Now().AddDate(0, 0, 2)})
	if err != nil || len(later) != 0 {
		t.Errorf("since the day after tomorrow: %v %+v", err, later)
	}
}
