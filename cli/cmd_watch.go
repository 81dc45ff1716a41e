package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func watchCommand() Command {
	return Command{
		Name:    "watch",
		Usage:   "watch DIR [--company CODE] [--settle DURATION]",
		Summary: "watch an inbox folder and transfer every invoice dropped in it, until interrupted",
		Run:     runWatch,
	}
}

func runWatch(e *Env, args []string) int {
	fs := e.FlagSet("watch")
	company := fs.String("company", "", "company `CODE` for invoices whose seller SIRET matches no company")
	settle := fs.Duration("settle", outbox.DefaultSettle, "how long a file must stay unchanged before it is taken, e.g. 3s or 1m (`DURATION`)")
	rest, err := Parse(fs, args)
	if err != nil || len(rest) != 1 {
		return e.usageOf("watch", "")
	}
	dir := rest[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return e.usageOf("watch", fmt.Sprintf("%s is not a folder", dir))
	}
	svc, o, code := e.openOutbox(e.OpenUnlocked, OutboxOptions)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return watchUntil(ctx, e, o, dir, *company, *settle)
}

// watchUntil runs the engine and the folder watch until ctx ends; it prints each file taken
// and each state change. A setup whose Test fails stops the watch (exit 1) with the verdict:
// the invoices it would carry are held, and nothing is deposited through it.
func watchUntil(ctx context.Context, e *Env, o *outbox.Outbox, dir, company string, settle time.Duration) int {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	printMu := make(chan struct{}, 1)
	// Every line quotes file names, invoice numbers or Chorus Pro's words: one line each,
	// never a control character or a terminal escape (domain.CleanText).
	say := func(s string) {
		printMu <- struct{}{}
		fmt.Fprintln(e.Out, domain.CleanText(s))
		<-printMu
	}
	var held atomic.Bool
	cancel := o.Subscribe(func(ev outbox.Event) {
		if ev.Kind != outbox.EventChanged {
			return
		}
		it := ev.Item
		say(i18n.T(e.Lang, "outbox.cli.result", filepath.Base(it.File), it.State,
			joinNonEmpty(it.Flux, it.InvoiceStatus, itemMessage(e.Lang, it))))
		if it.State == outbox.Held && it.Hold == outbox.HoldSetupTest && !held.Swap(true) {
			fmt.Fprintln(e.Err, domain.CleanText(i18n.T(e.Lang, "engine.cli.watch_held", orDash(it.CompanyCode), it.Message.In(e.Lang))))
			stop()
		}
	})
	defer cancel()
	o.Start()
	say(i18n.T(e.Lang, "outbox.cli.watching", dir, filepath.Join(dir, outbox.ProcessedDir)))
	err := o.Watch(ctx, dir, outbox.WatchOptions{Company: company, Settle: settle, OnNotice: func(n outbox.Notice) {
		say(i18n.T(e.Lang, "intake.cli.notice", n.Localize(e.Lang)))
	}, OnFile: func(p string, it outbox.Item, err error) {
		if err != nil {
			say(i18n.T(e.Lang, "outbox.cli.refused", filepath.Base(p), i18n.Message(e.Lang, err)))
			return
		}
		say(i18n.T(e.Lang, "outbox.cli.queued", filepath.Base(p), it.Number, orDash(it.CompanyCode)))
	}})
	cerr := o.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		return e.Fail(err)
	}
	if held.Load() {
		return ExitFailed
	}
	return ExitOK
}

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += " — "
		}
		out += p
	}
	return out
}
