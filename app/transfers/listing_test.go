package transfers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// listingFeed is a feed engine whose listing waits for the test to answer it.
type listingFeed struct {
	*feed
	asked   chan outbox.ListingOptions
	answers chan listingAnswer
}

type listingAnswer struct {
	list []outbox.ListingEntry
	err  error
}

func (f *listingFeed) Listing(ctx context.Context, companyID string, opt outbox.ListingOptions) ([]outbox.ListingEntry, error) {
	f.asked <- opt
	select {
	case a := <-f.answers:
		return a.list, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// listingRig is the listing window on a bridge whose engine lists what the test answers; the
// engine's work runs in its own goroutine, its answers come back through the queued hop.
func listingRig(t *testing.T, lang i18n.Lang) (*listingFeed, *ListingView, *uiQueue, *[]string) {
	t.Helper()
	a := test.NewTempApp(t)
	f := &listingFeed{feed: &feed{}, asked: make(chan outbox.ListingOptions, 1), answers: make(chan listingAnswer)}
	q := newUIQueue()
	br := bridge.NewBridge(bridge.Config{
		Engine:   func() (bridge.Engine, error) { return f, nil },
		RunAsync: func(fn func()) { go fn() }, Do: q.do, AgeEvery: -1,
	})
	br.Start()
	<-br.Started()
	q.run()
	var opened []string
	l := NewListing(br, ListingHost{App: a, Lang: lang, ErrText: func(err error) string { return i18n.Message(lang, err) },
		Companies: func() ([]domain.Company, error) {
			return []domain.Company{{ID: "c0", Code: domain.DefaultCode}, {ID: "c1", Code: "ACME", Name: "ACME France"}}, nil
		},
		ShowTransfer: func(id string) { opened = append(opened, id) }})
	l.win.Resize(fyne.NewSize(1024, 700))
	t.Cleanup(func() { br.Stop(); l.Close() })
	return f, l, q, &opened
}

// waitHop runs the queued hops until the engine's answer has come back.
func waitHop(t *testing.T, q *uiQueue, done func() bool) {
	t.Helper()
	for !done() {
		<-q.wake
		q.run()
	}
}

// The listing asks off Fyne's goroutine with a progress bar, the window usable meanwhile; the
// answer marks who deposited each invoice and counts them; an invoice of this app opens in
// Transfers; a failure says why; Stop stops the question.
func TestListingView(t *testing.T) {
	f, l, q, opened := listingRig(t, i18n.EN)
	if len(l.company.Options) != 1 {
		t.Fatalf("companies offered %v, want ACME only (the ***** setup has no invoices of its own)", l.company.Options)
	}
	l.since.SetText("2026-11-01")
	l.Show() // the one company is asked for at once
	opt := <-f.asked
	if got := opt.Since.Format("2006-01-02"); got != "2026-11-01" {
		t.Errorf("since %s", got)
	}
	if !l.busy.Visible() || l.stop.Disabled() || !strings.Contains(l.status.Text, "Asking Chorus Pro") {
		t.Fatalf("while asking: busy %v, stop disabled %v, status %q", l.busy.Visible(), l.stop.Disabled(), l.status.Text)
	}
	test.Type(l.since, "x") // the window answers while the engine works
	f.answers <- listingAnswer{list: []outbox.ListingEntry{
		{Number: "FA-1", Deposited: "2026-11-30 10:00", Buyer: "21750001600019", BuyerName: "Ville de Paris", Amount: 1200, Currency: "EUR",
			Stage: outbox.StageAvailable, Flux: "CPP001", Origin: outbox.OriginApp, ItemID: "item-1", Tag: "ERP-1"},
		{Number: "FA-2", Deposited: "2026-11-29", Buyer: "21750001600019", Stage: outbox.StagePaid, Origin: outbox.OriginPortal},
		{Number: "FA-3", Deposited: "2026-11-28", Buyer: "21750001600019", Stage: outbox.StageAccepted, Origin: outbox.OriginOther},
	}}
	waitHop(t, q, func() bool { return len(l.rows) == 3 })
	if l.busy.Visible() || !l.stop.Disabled() {
		t.Error("still busy after the answer")
	}
	want := [][]string{
		{"FA-1", "2026-11-30", "Ville de Paris (21750001600019)", "", "made available to the buyer", "CPP001", "this app · ERP-1"},
		{"FA-2", "2026-11-29", "21750001600019", "", "paid", "", "by hand (portal)"},
		{"FA-3", "2026-11-28", "21750001600019", "", "accepted by Chorus Pro", "", "another tool (API/EDI)"},
	}
	for r, row := range want {
		for c, w := range row {
			if got := l.cellText(l.rows[r], c); w != "" && got != w {
				t.Errorf("row %d col %s: %q, want %q", r, lcKeys[c], got, w)
			}
		}
	}
	labelHas(t, l.summary, "3 invoices: 1 deposited by this app, 1 by hand on the portal, 1 by another tool")
	l.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if !l.open.Disabled() {
		t.Error("Show in Transfers enabled for a hand deposit")
	}
	l.table.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Tap(l.open)
	if strings.Join(*opened, ",") != "item-1" {
		t.Errorf("opened %v", *opened)
	}

	// A failure says why; Stop ends a question without an answer.
	test.Tap(l.ask)
	labelHas(t, l.status, "is not a day")
	l.since.SetText("")
	test.Tap(l.ask)
	<-f.asked
	f.answers <- listingAnswer{err: errors.New("no network")}
	waitHop(t, q, func() bool { return strings.Contains(l.status.Text, "could not list") })
	labelHas(t, l.status, "no network")
	test.Tap(l.ask)
	<-f.asked
	test.Tap(l.stop)
	labelHas(t, l.status, "Stopped")
	if l.busy.Visible() || len(l.rows) != 3 {
		t.Errorf("after Stop: busy %v, rows %d", l.busy.Visible(), len(l.rows))
	}
}

// The listing against the emulator through the real engine: the invoices this window sent are
// marked as deposited by this app.
func TestListingFromTheEngine(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	dir := t.TempDir()
	r.view.addPaths([]string{ublVariant(t, dir, "LIST-1", emulator.SupplierSIRET1), ublVariant(t, dir, "LIST-2", emulator.SupplierSIRET1)}, false)
	r.until("both are available to the buyer", func() bool {
		return r.rowsWhere(func(it outbox.Item) bool { return it.InvoiceStatus == outbox.StatusMiseADisposition }) == 2
	})
	l := NewListing(r.b, ListingHost{App: r.app, Lang: i18n.EN, ErrText: func(err error) string { return i18n.Message(i18n.EN, err) },
		Companies: r.svc.Companies})
	defer l.Close()
	l.ShowCompany("DEMO1")
	r.until("Chorus Pro answers", func() bool { return l.cancel == nil })
	if len(l.rows) != 2 {
		t.Fatalf("%d rows: %+v (status %q)", len(l.rows), l.rows, l.status.Text)
	}
	for _, e := range l.rows {
		if e.Origin != outbox.OriginApp || e.ItemID == "" {
			t.Errorf("%s: origin %s item %q", e.Number, e.Origin, e.ItemID)
		}
	}
}

// TestDayTextFollowsTheLanguage: the days of the details and the listing are written the
// user's way; what is not a day stays as it came.
func TestDayTextFollowsTheLanguage(t *testing.T) {
	for _, c := range []struct {
		lang     i18n.Lang
		in, want string
	}{
		{i18n.FR, "2026-11-02", "02/11/2026"},
		{i18n.FR, "2026-11-30 10:00", "30/11/2026"},
		{i18n.EN, "2026-11-02", "2026-11-02"},
		{i18n.FR, "", ""},
		{i18n.FR, "20261102", "20261102"},
	} {
		if got := dayText(c.lang, c.in); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}
