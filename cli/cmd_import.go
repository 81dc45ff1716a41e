package cli

import (
	"os"
)

func init() {
	Register(Command{
		Name:    "import",
		Usage:   "import FILE   (passphrase from CHORUSDESK_EXPORT_PASSWORD or a prompt)",
		Summary: "add or update companies and setups from an encrypted bundle",
		Run:     runImport,
	})
}

func runImport(e *Env, args []string) int {
	pos, err := Parse(e.FlagSet("import"), args)
	if err != nil {
		return e.usageOf("import", "")
	}
	if len(pos) != 1 {
		return e.usageOf("import", e.t("cli.args.one_file"))
	}
	f, err := os.Open(pos[0])
	if err != nil {
		e.errln(e.t("cli.import.open", pos[0]))
		return ExitUsage
	}
	defer f.Close()
	pass, code := e.exportPassphrase(false)
	if code != ExitOK {
		return code
	}
	defer wipe(pass)
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	rep, err := svc.Import(f, pass)
	if err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.import.done", rep.Companies, rep.Setups))
	return ExitOK
}
