package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func statusCommand() Command {
	return Command{
		Name:    "status",
		Usage:   "status [--all | --find TEXT] [--json]",
		Summary: "show the outbox: each invoice's state, flux and Chorus Pro status",
		Run:     runStatus,
	}
}

// statusPage is how many items status reads from the store at once: the outbox is printed
// page by page, never loaded whole.
const statusPage = 500

// statusRow is one invoice of `status --json` and of `send --json`.
type statusRow struct {
	File          string `json:"file"`
	Company       string `json:"company"`
	Number        string `json:"number"`
	State         string `json:"state"`
	Hold          string `json:"hold,omitempty"` // why a held item is held (setup_test, unroutable…)
	Stage         string `json:"stage"`          // outbox.Explain's stage (waiting, sent, accepted, refused…)
	Flux          string `json:"flux"`
	InvoiceStatus string `json:"invoice_status"`
	Tag           string `json:"tag"`        // the ID tag carried in the deposit's file name
	SetupFrom     string `json:"setup_from"` // whose setup applies: the company's own or *****
	NomFichier    string `json:"nom_fichier,omitempty"`
	Replaces      string `json:"replaces,omitempty"`    // id of the item this one replaces
	ReplacedBy    string `json:"replaced_by,omitempty"` // id of the item that replaced this one
	ID            string `json:"id"`
	Message       string `json:"message"`
	Raw           string `json:"raw,omitempty"` // Chorus Pro's own label or state, as it wrote it
}

func rowOf(it outbox.Item, lang i18n.Lang) statusRow {
	return statusRow{File: it.File, Company: it.CompanyCode, Number: it.Number, State: string(it.State), Hold: string(it.Hold),
		Stage: string(outbox.Explain(it).Stage), Flux: it.Flux, InvoiceStatus: it.InvoiceStatus, Tag: it.Tag,
		SetupFrom: it.SetupFrom, NomFichier: it.NomFichier, Replaces: it.Replaces, ReplacedBy: it.ReplacedBy,
		ID: it.ID, Message: it.Message.In(lang), Raw: outbox.Explain(it).Raw}
}

func runStatus(e *Env, args []string) int {
	fs := e.FlagSet("status")
	asJSON := fs.Bool("json", false, "print JSON")
	all := fs.Bool("all", false, "every invoice, also those finished long ago")
	find := fs.String("find", "", "only the invoices whose number, file name, flux, company or ID tag contains TEXT, finished long ago or not")
	if rest, err := Parse(fs, args); err != nil || len(rest) > 0 || *all && *find != "" {
		return e.usageOf("status", "")
	}
	// Reading the outbox needs no key: no secret is stored there.
	svc, o, code := e.openOutbox(e.Open, OutboxOptions)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	now := svc.Now()
	// The default view is the window's: every invoice but those finished before the last
	// outbox.DefaultHideDone.
	q := outbox.DefaultQuery(now)
	switch {
	case *all:
		q = outbox.Query{}
	case *find != "":
		q = outbox.Query{Search: *find}
	}
	var rows []statusRow
	var tw *tabwriter.Writer
	n := 0
	err := pages(o, q, func(it outbox.Item) {
		n++
		if *asJSON {
			rows = append(rows, rowOf(it, e.Lang))
			return
		}
		if tw == nil {
			tw = tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, i18n.T(e.Lang, "outbox2.status.head"))
		}
		printItem(tw, e.Lang, it, now)
	})
	if err != nil {
		return e.Fail(err)
	}
	if *asJSON {
		if rows == nil {
			rows = []statusRow{}
		}
		e.PrintJSON(rows)
		return ExitOK
	}
	if tw != nil {
		tw.Flush()
	}
	if q.DoneBefore.IsZero() {
		if n == 0 {
			fmt.Fprintln(e.Out, i18n.T(e.Lang, emptyKey(*find)))
		}
		return ExitOK
	}
	c, err := o.Counts(q)
	if err != nil {
		return e.Fail(err)
	}
	switch {
	case n == 0 && c.Hidden == 0:
		fmt.Fprintln(e.Out, i18n.T(e.Lang, "outbox2.status.empty"))
	case c.Hidden > 0:
		fmt.Fprintln(e.Out, i18n.N(e.Lang, "outbox2.status.hidden", c.Hidden, c.Hidden, int(outbox.DefaultHideDone/(24*time.Hour))))
	}
	return ExitOK
}

func emptyKey(find string) string {
	if find != "" {
		return "outbox2.status.none_found"
	}
	return "outbox2.status.empty"
}

// pages calls fn for every item q selects: the rows first (one pass over the store's
// summaries), then the items a page at a time.
func pages(o *outbox.Outbox, q outbox.Query, fn func(outbox.Item)) error {
	rows, err := o.Rows(q)
	if err != nil {
		return err
	}
	ids := make([]string, 0, statusPage)
	for start := 0; start < len(rows); start += statusPage {
		ids = ids[:0]
		for _, r := range rows[start:min(start+statusPage, len(rows))] {
			ids = append(ids, r.ID)
		}
		items, err := o.Lookup(ids)
		if err != nil {
			return err
		}
		for _, it := range items {
			fn(it)
		}
	}
	return nil
}

// printItem prints one line of the human table; the message is the last column (the last
// cell of a tabwriter line does not widen the others). Every text from a file or from Chorus
// Pro goes through domain.CleanText.
func printItem(tw io.Writer, lang i18n.Lang, it outbox.Item, now time.Time) {
	status := it.InvoiceStatus
	if status == "" {
		status = it.FluxState
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", domain.CleanText(filepath.Base(it.File)),
		orDash(it.CompanyCode), orDash(domain.CleanText(it.Tag)), orDash(domain.CleanText(it.Number)), it.State,
		orDash(domain.CleanText(it.Flux)), orDash(domain.CleanText(status)), age(lang, it.Age(now)),
		domain.CleanText(itemMessage(lang, it)))
}

// itemMessage is the item's message and, apart from it, Chorus Pro's own words when it gave
// some beyond the state code already shown (a refusal's label, the buyer's comment).
func itemMessage(lang i18n.Lang, it outbox.Item) string {
	m := it.Message.In(lang)
	if it.State == outbox.Held {
		if a := heldAdvice(lang, string(it.Hold), it.CompanyCode, it.ID); a != "" {
			m = i18n.T(lang, "cli.retry.then", orDash(m), a)
		}
	}
	raw := outbox.Explain(it).Raw
	if raw == "" || raw == it.FluxState || raw == it.InvoiceStatus {
		return m
	}
	return i18n.T(lang, "engine.cli.with_raw", orDash(m), raw)
}

// age renders a duration the way people read ages, in the user's language, to its largest
// unit: 45 s, 12 min, 3 h, 2 days.
func age(lang i18n.Lang, d time.Duration) string {
	switch {
	case d < time.Minute:
		d = d.Truncate(time.Second)
	case d < time.Hour:
		d = d.Truncate(time.Minute)
	case d < 48*time.Hour:
		d = d.Truncate(time.Hour)
	default:
		d = d.Truncate(24 * time.Hour)
	}
	return i18n.FormatDuration(lang, max(d, 0), false)
}
