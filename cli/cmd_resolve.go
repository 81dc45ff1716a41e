package cli

import (
	"fmt"

	"chorusdesk/domain"
)

func resolveCommand() Command {
	return Command{
		Name:    "resolve",
		Usage:   "resolve [CODE] [--env sandbox|production] [--json]   (no CODE: every company)",
		Summary: "say which setup an invoice of a company would use, and why",
		Run:     runResolve,
	}
}

func runResolve(e *Env, args []string) int {
	fs := e.FlagSet("resolve")
	envName := fs.String("env", "", "environment (default: the active one)")
	asJSON := fs.Bool("json", false, "machine-readable output")
	pos, code := e.parseAtMost("resolve", fs, args, 1)
	if code != ExitOK {
		return code
	}
	svc, env, code := e.openUnlockedEnv("resolve", *envName)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	var companies []domain.Company
	var err error
	if len(pos) == 1 {
		c, code := e.findCompany(svc, pos[0])
		if code != ExitOK {
			return code
		}
		companies = []domain.Company{c}
	} else if companies, err = svc.Companies(); err != nil {
		return e.Fail(err)
	}
	results := make([]domain.Resolution, 0, len(companies))
	for _, c := range companies {
		r, err := svc.Resolve(c.ID, env)
		if err != nil {
			return e.Fail(err)
		}
		results = append(results, r)
	}
	switch {
	case *asJSON && len(pos) == 1:
		e.PrintJSON(results[0])
	case *asJSON:
		e.PrintJSON(results)
	default:
		for _, r := range results {
			e.printResolution(r)
		}
	}
	return ExitOK
}

// printResolution prints one company's outcome in the user's language.
func (e *Env) printResolution(r domain.Resolution) {
	verdict := e.t("cli.resolve.transfer")
	if !r.Transfer {
		verdict = e.t("cli.resolve.no_transfer")
	}
	fmt.Fprintf(e.Out, "%s (%s): %s, %s\n", r.Company, r.Env, e.t("cli.source."+string(r.Source)), verdict)
	fmt.Fprintf(e.Out, "  %s\n", r.ReasonError().Localize(e.Lang))
	if w := r.WarningError(); w != nil {
		fmt.Fprintf(e.Out, "  %s %s\n", e.t("cli.warning"), w.Localize(e.Lang))
	}
}
