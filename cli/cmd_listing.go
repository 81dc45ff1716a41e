package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func listingCommand() Command {
	return Command{
		Name:    "listing",
		Usage:   "listing CODE [--since YYYY-MM-DD] [--json]",
		Summary: "list the company's invoices on Chorus Pro, marking those this app deposited and those deposited by hand",
		Run:     runListing,
	}
}

// listingRow is one invoice of `listing --json`.
type listingRow struct {
	Number    string  `json:"number"`
	InvoiceID int64   `json:"invoice_id"`
	Status    string  `json:"status"`
	Stage     string  `json:"stage"`
	Deposited string  `json:"deposited"`
	Flux      string  `json:"flux"`
	ModeDepot string  `json:"mode_depot"`
	Buyer     string  `json:"buyer"`
	BuyerName string  `json:"buyer_name"`
	Amount    float64 `json:"amount"`
	Currency  string  `json:"currency"`
	// Origin: "app" (deposited by this app), "portal" (by hand on the Chorus Pro portal),
	// "other" (through the API or EDI by something else).
	Origin string `json:"origin"`
	Item   string `json:"item,omitempty"` // the outbox item, for "app"
	Tag    string `json:"tag,omitempty"`
}

func runListing(e *Env, args []string) int {
	fs := e.FlagSet("listing")
	since := fs.String("since", "", "only invoices deposited on or after this day (YYYY-MM-DD)")
	asJSON := fs.Bool("json", false, "print JSON")
	code, c := e.parseOne("listing", fs, args, "cli.args.one_code")
	if c != ExitOK {
		return c
	}
	var from time.Time
	if *since != "" {
		var err error
		if from, err = time.Parse(time.DateOnly, *since); err != nil {
			return e.usageOf("listing", i18n.T(e.Lang, "engine.cli.bad_since", *since))
		}
	}
	svc, co, c := e.openCompany(code)
	if c != ExitOK {
		return c
	}
	defer svc.Close()
	o, err := outbox.Open(svc, OutboxOptions)
	if err != nil {
		return e.Fail(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	list, err := o.Listing(ctx, co.ID, outbox.ListingOptions{Since: from})
	if err != nil {
		return e.Fail(err)
	}
	rows := make([]listingRow, 0, len(list))
	for _, l := range list {
		rows = append(rows, listingRow{Number: l.Number, InvoiceID: l.InvoiceID, Status: l.Status, Stage: string(l.Stage),
			Deposited: l.Deposited, Flux: l.Flux, ModeDepot: l.ModeDepot, Buyer: l.Buyer, BuyerName: l.BuyerName,
			Amount: l.Amount, Currency: l.Currency, Origin: string(l.Origin), Item: l.ItemID, Tag: l.Tag})
	}
	if *asJSON {
		e.PrintJSON(rows)
		return ExitOK
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.Out, i18n.T(e.Lang, "engine.cli.listing_empty", co.Code))
		return ExitOK
	}
	counts := map[string]int{}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T(e.Lang, "engine.cli.listing_head"))
	for _, r := range rows {
		counts[r.Origin]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", orDash(r.Number), orDash(dayOf(r.Deposited)), orDash(r.Buyer),
			orDash(r.Status), orDash(r.Flux), i18n.T(e.Lang, "engine.origin."+r.Origin))
	}
	tw.Flush()
	fmt.Fprintln(e.Out, i18n.T(e.Lang, "engine.cli.listing_summary", len(rows), counts["app"], counts["portal"], counts["other"]))
	return ExitOK
}

// dayOf keeps the date of a Chorus Pro date or date-time.
func dayOf(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}
