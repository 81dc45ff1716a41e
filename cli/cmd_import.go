package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"chorusdesk/core"
	"chorusdesk/domain"
)

func importCommand() Command {
	return Command{
		Name: "import",
		Usage: "import FILE [--yes] [--overwrite-newer]   (passphrase from CHORUSDESK_EXPORT_PASSWORD or a prompt)\n" +
			"  shows what the import adds, changes and keeps, then asks; --yes applies without asking (scripts);\n" +
			"  what was changed here after the bundle's copy is kept unless --overwrite-newer",
		Summary: "add or update companies and setups from an encrypted bundle, after showing the plan",
		Run:     runImport,
	}
}

func runImport(e *Env, args []string) int {
	fs := e.FlagSet("import")
	yes := fs.Bool("yes", false, "apply without asking")
	overwrite := fs.Bool("overwrite-newer", false, "take the bundle's copy of what was changed here after it")
	path, code := e.parseOne("import", fs, args, "cli.args.one_file")
	if code != ExitOK {
		return code
	}
	f, err := os.Open(path)
	if err != nil {
		e.errln(e.t("cli.import.open", path))
		return ExitUsage
	}
	defer f.Close()
	svc, pass, code := e.openWithPassphrase(false)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	plan, err := svc.PlanImport(f, pass)
	domain.Wipe(pass)
	if err != nil {
		return e.Fail(err)
	}
	opt := core.ImportOptions{OverwriteNewer: *overwrite}
	for _, l := range plan.Lines(e.Lang, opt) {
		e.outln(l)
	}
	if ps := plan.Problems(opt); len(ps) > 0 {
		e.errln(e.t("secrets.cli.import.problems"))
		for _, p := range ps {
			fmt.Fprintln(e.Err, "  -", p.Localized(e.Lang))
		}
		return ExitUsage
	}
	if !plan.Pending(opt) {
		e.outln(e.t("secrets.cli.import.nothing"))
		return ExitOK
	}
	if !*yes {
		if !e.InIsTerminal {
			e.errln(e.t("secrets.cli.import.rerun"))
			return ExitUsage
		}
		if !e.confirm(e.t("secrets.cli.import.confirm")) {
			e.errln(e.t("secrets.cli.import.cancel"))
			return ExitFailed
		}
	}
	rep, err := svc.ApplyImport(plan, opt)
	if err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("secrets.cli.import.done", rep.Added, rep.Changed, rep.Settings, rep.KeptNewer, rep.Overwritten))
	return ExitOK
}

// confirm asks a yes/no question on the terminal; only an explicit yes (y, yes, o, oui) is one.
func (e *Env) confirm(question string) bool {
	fmt.Fprint(e.Err, question)
	line, _ := bufio.NewReader(e.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "o", "oui":
		return true
	}
	return false
}
