package cli

import (
	"bytes"
	"chorusdesk/domain"
	"os"
	"path/filepath"
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
	var bundle bytes.Buffer
	if err := svc.Export(&bundle, pass); err != nil {
		return e.Fail(err)
	}
	if err := writeFileAtomic(path, bundle.Bytes()); err != nil {
		e.errln(e.t("cli.export.write", path, err.Error()))
		return ExitFailed
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

// writeFileAtomic writes data to a private temporary file beside path and renames it into
// place, so a crash never leaves a truncated bundle under the final name.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = tmp.Close()
			_ = os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	ok = true
	return nil
}
