package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// OutboxOptions is passed to outbox.Open by send, watch and status. Tests shorten the polls
// here; the production binary never changes it.
var OutboxOptions outbox.Options

func sendCommand() Command {
	return Command{
		Name:    "send",
		Usage:   "send FILE|DIR... [--company CODE] [--json] [--force]",
		Summary: "transfer invoices to Chorus Pro; waits until each is deposited or failed",
		Run:     runSend,
	}
}

// What `send` did with each file THIS time, for people and for scripts (--json "result").
const (
	resultDeposited = "deposited"         // deposited in this run (flux)
	resultAlready   = "already_deposited" // Chorus Pro already had it (flux, when): nothing sent
	resultHeld      = "held"              // waits for the user (why)
	resultRefused   = "refused"           // not taken: not an invoice, a duplicate not deposited… (why)
	resultFailed    = "failed"            // could not be deposited (why)
)

// sendEntry is one file of the command line and the outbox item that carries it.
type sendEntry struct {
	file     string
	id       string // the item to wait for ("" when the outcome is known at once)
	deposits int    // the item's deposit count when the file was taken
	result   string // known at once (refused, already deposited)
	why      string
	known    outbox.Item // the item a duplicate was refused for
}

// sendRow is one file of `send --json`.
type sendRow struct {
	statusRow
	Result string `json:"result"`
	// Before is the earlier deposit of the same invoice: the one it was refused for
	// (already_deposited) or the one a forced resend deposited again.
	Before *depositRef `json:"deposited_before,omitempty"`
}

type depositRef struct {
	Flux string `json:"flux"`
	Date string `json:"date"`
}

func runSend(e *Env, args []string) int {
	fs := e.FlagSet("send")
	company := fs.String("company", "", "company `CODE` for invoices whose seller SIRET matches no company")
	asJSON := fs.Bool("json", false, "print JSON")
	force := fs.Bool("force", false, "deposit again an invoice already deposited for the same company, environment and buyer (a deposit left unconfirmed is first looked up in Chorus Pro)")
	files, err := Parse(fs, args)
	if err != nil {
		return e.usageOf("send", "")
	}
	if len(files) == 0 {
		return e.usageOf("send", "send needs at least one FILE")
	}
	files, skippedNamed := gatherFiles(e, files)
	if len(files) == 0 {
		return ExitFailed
	}
	opt := OutboxOptions
	opt.DepositOnly = true // tracking goes on in `watch` or the window
	svc, o, code := e.openOutbox(e.OpenUnlocked, opt)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o.Start()

	entries := make([]sendEntry, 0, len(files))
	var ids []string
	for _, f := range files {
		it, err := o.Add(f, outbox.AddOptions{Company: *company, Force: *force})
		var dup *outbox.DuplicateError
		switch {
		case errors.As(err, &dup) && dup.Existing.Flux != "":
			entries = append(entries, sendEntry{file: f, result: resultAlready, known: dup.Existing})
		case errors.As(err, &dup):
			// Not added twice; what happens to the earlier item in this run is reported.
			entries = append(entries, sendEntry{file: f, id: dup.Existing.ID, deposits: dup.Existing.Deposits})
			ids = append(ids, dup.Existing.ID)
		case err != nil:
			entries = append(entries, sendEntry{file: f, result: resultRefused, why: i18n.Message(e.Lang, err)})
		default:
			entries = append(entries, sendEntry{file: f, id: it.ID, deposits: it.Deposits})
			ids = append(ids, it.ID)
		}
	}
	return e.settleAndReport(ctx, o, ids, entries, *asJSON, skippedNamed)
}

// settleAndReport is the end of send and retry: it waits until the items ids are settled
// (Ctrl+C stops the wait), says what happened to each entry, closes the engine and prints the
// report. failed makes a run whose report is good exit 1 all the same (a file named but not
// taken, an item that could not be retried).
func (e *Env) settleAndReport(ctx context.Context, o *outbox.Outbox, ids []string, entries []sendEntry, asJSON, failed bool) int {
	final := map[string]outbox.Item{}
	if len(ids) > 0 {
		items, err := o.Wait(ctx, outbox.Item.Settled, ids...)
		if err != nil {
			_ = o.Close()
			fmt.Fprintln(e.Err, i18n.T(e.Lang, "outbox.cli.interrupted"))
			return ExitFailed
		}
		for _, it := range items {
			final[it.ID] = it
		}
	}
	rows := make([]sendRow, 0, len(entries))
	for _, en := range entries {
		rows = append(rows, sendOutcome(e, o, en, final))
	}
	if err := o.Close(); err != nil {
		return e.Fail(err)
	}
	if code := reportSend(e, rows, asJSON); code != ExitOK || !failed {
		return code
	}
	return ExitFailed
}

// sendOutcome says what happened to one file in this run.
func sendOutcome(e *Env, o *outbox.Outbox, en sendEntry, final map[string]outbox.Item) sendRow {
	row := sendRow{statusRow: statusRow{File: en.file}, Result: en.result}
	switch en.result {
	case resultAlready:
		row.statusRow = rowOf(en.known, e.Lang)
		row.File, row.Message = en.file, ""
		row.Before = &depositRef{Flux: en.known.Flux, Date: depositDay(en.known)}
		return row
	case resultRefused:
		row.State, row.Message = string(outbox.Failed), en.why
		return row
	}
	it, ok := final[en.id]
	if !ok { // removed meanwhile
		row.Result, row.Message = resultFailed, i18n.T(e.Lang, "outbox.no_item", en.id)
		return row
	}
	row.statusRow = rowOf(it, e.Lang)
	row.File = en.file
	switch {
	case it.WasDeposited() && it.Deposits > en.deposits:
		row.Result = resultDeposited
		if prev, ok := o.Item(it.Replaces); ok && prev.Flux != "" {
			row.Before = &depositRef{Flux: prev.Flux, Date: depositDay(prev)}
		}
	case it.WasDeposited():
		row.Result = resultAlready
		row.Before = &depositRef{Flux: it.Flux, Date: depositDay(it)}
	case it.State == outbox.Held || it.State == outbox.NeedsConfirmation:
		row.Result = resultHeld
	case it.SHA == "" || it.Rejected():
		row.Result = resultRefused
	default:
		row.Result = resultFailed
	}
	return row
}

// depositDay is the day of an item's deposit (Chorus Pro's date, else the attempt's).
func depositDay(it outbox.Item) string {
	if it.DepositDate != "" {
		return it.DepositDate
	}
	if !it.DepositStarted.IsZero() {
		return it.DepositStarted.Format("2006-01-02")
	}
	return "-"
}

// reportSend prints one line (or JSON row) per file and the count of each result; exit 0
// only if every file is deposited now or was already.
func reportSend(e *Env, rows []sendRow, asJSON bool) int {
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Result]++
	}
	if asJSON {
		e.PrintJSON(rows)
	} else {
		for _, r := range rows {
			fmt.Fprintln(e.Out, sendLine(e.Lang, r))
		}
		fmt.Fprintln(e.Out, i18n.T(e.Lang, "engine.cli.summary", counts[resultDeposited], counts[resultAlready],
			counts[resultHeld], counts[resultRefused], counts[resultFailed]))
	}
	if counts[resultDeposited]+counts[resultAlready] < len(rows) {
		return ExitFailed
	}
	return ExitOK
}

// sendLine is the human line of one file: one line whatever the file name, the invoice or
// Chorus Pro's words hold (domain.CleanText).
func sendLine(lang i18n.Lang, r sendRow) string { return domain.CleanText(sendText(lang, r)) }

func sendText(lang i18n.Lang, r sendRow) string {
	switch r.Result {
	case resultDeposited:
		if r.Before != nil {
			return i18n.T(lang, "engine.cli.deposited_again", r.File, r.Flux, r.Before.Flux, r.Before.Date)
		}
		return i18n.T(lang, "engine.cli.deposited", r.File, r.Flux)
	case resultAlready:
		return i18n.T(lang, "engine.cli.already", r.File, r.Before.Flux, r.Before.Date)
	case resultHeld:
		if a := heldAdvice(lang, r.Hold, r.Company, r.ID); a != "" {
			return i18n.T(lang, "engine.cli.held", r.File, i18n.T(lang, "cli.retry.then", orDash(r.Message), a))
		}
	}
	return i18n.T(lang, "engine.cli."+r.Result, r.File, orDash(r.Message))
}
