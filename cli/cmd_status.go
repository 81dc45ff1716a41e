package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func statusCommand() Command {
	return Command{
		Name:    "status",
		Usage:   "status [--json]",
		Summary: "show the outbox: each invoice's state, flux and Chorus Pro status",
		Run:     runStatus,
	}
}

// statusRow is one invoice of `status --json` and of `send --json`.
type statusRow struct {
	File          string `json:"file"`
	Company       string `json:"company"`
	Number        string `json:"number"`
	State         string `json:"state"`
	Stage         string `json:"stage"` // outbox.Explain's stage (waiting, sent, accepted, refused…)
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
	return statusRow{File: it.File, Company: it.CompanyCode, Number: it.Number, State: string(it.State),
		Stage: string(outbox.Explain(it).Stage), Flux: it.Flux, InvoiceStatus: it.InvoiceStatus, Tag: it.Tag,
		SetupFrom: it.SetupFrom, NomFichier: it.NomFichier, Replaces: it.Replaces, ReplacedBy: it.ReplacedBy,
		ID: it.ID, Message: it.Message.In(lang), Raw: outbox.Explain(it).Raw}
}

func runStatus(e *Env, args []string) int {
	fs := e.FlagSet("status")
	asJSON := fs.Bool("json", false, "print JSON")
	if rest, err := Parse(fs, args); err != nil || len(rest) > 0 {
		return e.usageOf("status", "")
	}
	// Reading the outbox needs no key: no secret is stored there.
	svc, o, code := e.openOutbox(e.Open, OutboxOptions)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	items := o.Items()
	if *asJSON {
		rows := make([]statusRow, 0, len(items))
		for _, it := range items {
			rows = append(rows, rowOf(it, e.Lang))
		}
		e.PrintJSON(rows)
		return ExitOK
	}
	printItems(e, items, svc.Now())
	return ExitOK
}

// printItems prints the human table: one line per invoice; the message is the last column
// (the last cell of a tabwriter line does not widen the others).
func printItems(e *Env, items []outbox.Item, now time.Time) {
	if len(items) == 0 {
		fmt.Fprintln(e.Out, "The outbox is empty.")
		return
	}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tCOMPANY\tTAG\tNUMBER\tSTATE\tFLUX\tSTATUS\tAGE\tMESSAGE")
	for _, it := range items {
		status := it.InvoiceStatus
		if status == "" {
			status = it.FluxState
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", filepath.Base(it.File), orDash(it.CompanyCode), orDash(it.Tag),
			orDash(it.Number), it.State, orDash(it.Flux), orDash(status), age(it.Age(now)), strings.ReplaceAll(it.Message.In(e.Lang), "\t", " "))
	}
	tw.Flush()
}

// age renders a duration the way people read ages: 45s, 12m, 3h, 2d.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
