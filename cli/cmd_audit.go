package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"chorusdesk/core"
)

func auditCommand() Command {
	return Command{
		Name:    "audit",
		Usage:   "audit [--json]",
		Summary: "show the audit log of setting changes, oldest first (secrets never appear)",
		Run:     runAudit,
	}
}

func runAudit(e *Env, args []string) int {
	fs := e.FlagSet("audit")
	asJSON := fs.Bool("json", false, "machine-readable output")
	if _, code := e.parseAtMost("audit", fs, args, 0); code != ExitOK {
		return code
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	entries, err := svc.Audit()
	if err != nil {
		return e.Fail(err)
	}
	if *asJSON {
		if entries == nil {
			entries = []core.AuditEntry{}
		}
		e.PrintJSON(entries)
		return ExitOK
	}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	for _, a := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Time.UTC().Format(time.RFC3339), a.Action, orDash(a.Company), a.Detail)
	}
	_ = tw.Flush()
	return ExitOK
}
