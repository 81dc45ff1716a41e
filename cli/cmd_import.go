package cli

import (
	"chorusdesk/domain"
	"os"
)

func importCommand() Command {
	return Command{
		Name:    "import",
		Usage:   "import FILE   (passphrase from CHORUSDESK_EXPORT_PASSWORD or a prompt)",
		Summary: "add or update companies and setups from an encrypted bundle",
		Run:     runImport,
	}
}

func runImport(e *Env, args []string) int {
	path, code := e.parseOne("import", e.FlagSet("import"), args, "cli.args.one_file")
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
	defer domain.Wipe(pass)
	defer svc.Close()
	rep, err := svc.Import(f, pass)
	if err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.import.done", rep.Companies, rep.Setups))
	return ExitOK
}
