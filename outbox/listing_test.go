package outbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
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

// The listing asks Chorus Pro for the period and for the company's own supplier structure,
// and leaves out another company's invoices when a technical account (a shared `*****` one)
// answers with them anyway.
func TestListingAsksLessAndKeepsToTheCompany(t *testing.T) {
	var mu sync.Mutex
	var asked []map[string]any
	record := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "rechercher/fournisseur") {
				b, _ := io.ReadAll(r.Body)
				var m map[string]any
				_ = json.Unmarshal(b, &m)
				mu.Lock()
				asked = append(asked, m)
				mu.Unlock()
				r.Body = io.NopCloser(bytes.NewReader(b))
			}
			next.ServeHTTP(w, r)
		})
	}
	foreign := rewrite("rechercher/fournisseur", func(m map[string]any) {
		list, _ := m["listeFactures"].([]any)
		if len(list) == 0 {
			return
		}
		other := map[string]any{}
		for k, v := range list[0].(map[string]any) {
			other[k] = v
		}
		other["numeroFacture"], other["codeFournisseur"], other["numeroFluxDepot"] = "OTHER-CO", emulator.SupplierSIRET2, "CPP-OTHER"
		m["listeFactures"] = append(list, other)
	})
	r := newRigWrapped(t, emulator.Options{}, func(h http.Handler) http.Handler { return record(foreign(h)) })
	o := r.start(fastOptions())
	it, err := o.Add(writeFile(t, t.TempDir(), "MINE.xml", ublVariant(t, "MINE", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)
	mu.Lock()
	asked = nil
	mu.Unlock()
	since := time.Now().AddDate(0, 0, -1)
	list, err := o.Listing(waitCtx(t), r.demo["DEMO1"].ID, ListingOptions{Since: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Number != "MINE" || list[0].Origin != OriginApp {
		t.Fatalf("listing %+v", list)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) == 0 || asked[0]["idFournisseur"] != float64(25000001) ||
		!strings.HasPrefix(fmt.Sprint(asked[0]["periodeDateDepotDu"]), since.Format(time.DateOnly)) {
		t.Fatalf("asked %v", asked)
	}
}
