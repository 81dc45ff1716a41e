package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"chorusdesk/core"
	"chorusdesk/i18n"
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
		e.PrintJSON(auditJSON(entries))
		return ExitOK
	}
	// For people: local time, the action's name and what changed, in the user's language.
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	for _, a := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", i18n.FormatDateTimeSeconds(e.Lang, a.Time.Local()), a.ActionText(e.Lang), orDash(a.Company), a.Text(e.Lang))
	}
	_ = tw.Flush()
	return ExitOK
}

// auditLine is the documented JSON form of an audit entry: the action's code and what
// changed in English, stable for scripts whatever the user's language.
type auditLine struct {
	Time    time.Time `json:"time"`
	Action  string    `json:"action"`
	Company string    `json:"company,omitempty"`
	Detail  string    `json:"detail"`
}

func auditJSON(entries []core.AuditEntry) []auditLine {
	out := make([]auditLine, 0, len(entries))
	for _, a := range entries {
		out = append(out, auditLine{Time: a.Time, Action: a.Action, Company: a.Company, Detail: a.Text(i18n.EN)})
	}
	return out
}
