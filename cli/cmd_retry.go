package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func retryCommand() Command {
	return Command{
		Name:    "retry",
		Usage:   "retry ID...|--held [--company CODE] [--json]",
		Summary: "try held or failed invoices again (after fixing the setup); waits until each is deposited or stops again",
		Run:     runRetry,
	}
}

// runRetry is the window's Retry on the command line: the engine's one rule (outbox.Retry, or
// Reroute with --company), then the same wait and the same lines as send.
func runRetry(e *Env, args []string) int {
	fs := e.FlagSet("retry")
	held := fs.Bool("held", false, "every held invoice")
	company := fs.String("company", "", "company `CODE` for invoices held because no company has their seller SIRET")
	asJSON := fs.Bool("json", false, "print JSON")
	ids, code := e.parseArgs("retry", fs, args)
	if code != ExitOK {
		return code
	}
	if len(ids) == 0 && !*held {
		return e.usageOf("retry", e.t("cli.retry.what"))
	}
	if len(ids) > 0 && *held {
		return e.usageOf("retry", e.t("cli.args.unexpected", ids[0]))
	}
	opt := OutboxOptions
	opt.DepositOnly = true // tracking goes on in `watch` or the window
	svc, o, code := e.openOutbox(e.OpenUnlocked, opt)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if *held {
		rows, err := o.Rows(outbox.Query{States: []outbox.State{outbox.Held}})
		if err != nil {
			return e.Fail(err)
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		if len(ids) == 0 {
			fmt.Fprintln(e.Out, e.t("cli.retry.none_held"))
			return ExitOK
		}
	}
	// Retried before the engine starts, so that its own re-test of a held item does not
	// race the user's.
	failed := false
	var entries []sendEntry
	var wait []string
	for _, id := range ids {
		before, _ := o.Item(id)
		var err error
		if *company != "" {
			_, err = o.Reroute(id, *company)
		} else {
			_, err = o.Retry(id)
		}
		if err != nil {
			fmt.Fprintln(e.Err, domain.CleanText(e.t("cli.retry.not_retried", orDash(before.File), id, i18n.Message(e.Lang, err))))
			failed = true
			continue
		}
		entries = append(entries, sendEntry{file: before.File, id: id, deposits: before.Deposits})
		wait = append(wait, id)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o.Start()
	if len(entries) == 0 {
		return ExitFailed
	}
	return e.settleAndReport(ctx, o, wait, entries, *asJSON, failed)
}

// heldAdvice is what to type for a held item, in the command line's words ("" when the item
// is not held or nothing is to be typed). The window says the same with its own buttons
// (outbox.Explain's action).
func heldAdvice(lang i18n.Lang, hold, company, id string) string {
	switch outbox.HoldKind(hold) {
	case outbox.HoldSetupTest:
		return i18n.T(lang, "cli.retry.advice.setup_test", orDash(company))
	case outbox.HoldNotTransferred:
		return i18n.T(lang, "cli.retry.advice.not_transferred")
	case outbox.HoldUnroutable:
		return i18n.T(lang, "cli.retry.advice.unroutable", id)
	case outbox.HoldPreflight:
		return i18n.T(lang, "cli.retry.advice.preflight")
	}
	return ""
}
