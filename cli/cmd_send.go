package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

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

// sendEntry is one file of the command line and the outbox item that carries it.
type sendEntry struct {
	file string
	id   string
	err  error
}

func runSend(e *Env, args []string) int {
	fs := e.FlagSet("send")
	company := fs.String("company", "", "company `CODE` for invoices whose seller SIRET matches no company")
	asJSON := fs.Bool("json", false, "print JSON")
	force := fs.Bool("force", false, "deposit again content already deposited for the same company and environment")
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
		case errors.As(err, &dup):
			// Not sent twice; the command still reports (and waits for) the earlier item.
			fmt.Fprintln(e.Err, i18n.T(e.Lang, "outbox.cli.refused", f, i18n.Message(e.Lang, err)))
			entries = append(entries, sendEntry{file: f, id: dup.Existing.ID})
			ids = append(ids, dup.Existing.ID)
		case err != nil:
			if !*asJSON {
				fmt.Fprintln(e.Err, i18n.T(e.Lang, "outbox.cli.refused", f, i18n.Message(e.Lang, err)))
			}
			entries = append(entries, sendEntry{file: f, id: it.ID, err: err})
		default:
			entries = append(entries, sendEntry{file: f, id: it.ID})
			ids = append(ids, it.ID)
		}
	}
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
	if err := o.Close(); err != nil {
		return e.Fail(err)
	}
	if code := reportSend(e, entries, final, *asJSON); code != ExitOK || !skippedNamed {
		return code
	}
	return ExitFailed
}

// reportSend prints one line (or JSON row) per file; exit 0 only if every file is deposited.
func reportSend(e *Env, entries []sendEntry, final map[string]outbox.Item, asJSON bool) int {
	deposited, not := 0, 0
	rows := make([]statusRow, 0, len(entries))
	for _, en := range entries {
		it, ok := final[en.id]
		var row statusRow
		switch {
		case ok:
			row = rowOf(it, e.Lang)
			row.File = en.file
		default:
			row = statusRow{File: en.file, State: string(outbox.Failed), Message: i18n.Message(e.Lang, en.err)}
		}
		if ok && it.WasDeposited() {
			deposited++
		} else {
			not++
		}
		rows = append(rows, row)
	}
	if asJSON {
		e.PrintJSON(rows)
	} else {
		for _, r := range rows {
			what := r.Flux
			if r.Message != "" {
				what = r.Message
				if r.Flux != "" {
					what = r.Flux + " — " + r.Message
				}
			}
			fmt.Fprintln(e.Out, i18n.T(e.Lang, "outbox.cli.result", r.File, r.State, what))
		}
		fmt.Fprintln(e.Out, i18n.T(e.Lang, "outbox.cli.summary", deposited, not))
	}
	if not > 0 {
		return ExitFailed
	}
	return ExitOK
}
