package cli

import (
	"os"

	"chorusdesk/domain"
)

func exportCommand() Command {
	return Command{
		Name:    "export",
		Usage:   "export FILE [--force]   (passphrase from CHORUSDESK_EXPORT_PASSWORD or a prompt)",
		Summary: "write every company, setup and setting to an encrypted bundle",
		Run:     runExport,
	}
}

func runExport(e *Env, args []string) int {
	fs := e.FlagSet("export")
	force := fs.Bool("force", false, "overwrite FILE if it exists")
	path, code := e.parseOne("export", fs, args, "cli.args.one_file")
	if code != ExitOK {
		return code
	}
	if _, err := os.Lstat(path); err == nil && !*force {
		e.errln(e.t("cli.export.exists", path))
		return ExitUsage
	}
	svc, pass, code := e.openWithPassphrase(true)
	if code != ExitOK {
		return code
	}
	defer domain.Wipe(pass)
	defer svc.Close()
	if err := svc.ExportFile(path, pass); err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.export.done", path))
	return ExitOK
}

// exportPassphrase reads the bundle passphrase from CHORUSDESK_EXPORT_PASSWORD, else from a
// no-echo prompt (asked twice when creating a bundle). Without one the command cannot run:
// a usage error (exit 2), as it is not the master password.
func (e *Env) exportPassphrase(confirm bool) ([]byte, int) {
	const varName = "CHORUSDESK_EXPORT_PASSWORD"
	if !confirm || e.Getenv(varName) != "" {
		p, err := e.MasterPassword(varName, e.t("cli.prompt.export"))
		if err != nil || len(p) == 0 {
			e.errln(e.t("cli.export.no_passphrase", varName))
			return nil, ExitUsage
		}
		return p, ExitOK
	}
	p, code := e.newPassword(varName, "cli.prompt.export", "cli.prompt.export_again")
	if code == ExitAuth {
		e.errln(e.t("cli.export.no_passphrase", varName))
		return nil, ExitUsage
	}
	return p, code
}
