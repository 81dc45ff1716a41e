package cli

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func restoreCommand() Command {
	return Command{
		Name: "restore",
		Usage: "restore [FILE] [--yes] [--json]\n" +
			"          Without FILE: list the automatic backups, newest first. With FILE (a path, or a\n" +
			"          name from the list): show what it holds, secrets masked, and what restoring it\n" +
			"          changes, then restore it after confirmation (--yes in scripts). A damaged data\n" +
			"          directory is set aside (never deleted) and rebuilt from the backup, which opens\n" +
			"          with the master password of the day it was written.",
		Summary: "list the automatic backups of the settings, or restore one",
		Run:     runRestore,
	}
}

func runRestore(e *Env, args []string) int {
	fs := e.FlagSet("restore")
	yes := fs.Bool("yes", false, "restore without asking")
	asJSON := fs.Bool("json", false, "machine-readable output")
	pos, code := e.parseAtMost("restore", fs, args, 1)
	if code != ExitOK {
		return code
	}
	if len(pos) == 0 {
		return e.listBackups(*asJSON)
	}
	path := e.backupPath(pos[0])
	svc, err := core.Open(e.DataDir, CoreOptions)
	switch {
	case errors.Is(err, core.ErrDamaged):
		// Not the damaged directory's own message: it advises restoring a backup, which is
		// what this command is doing.
		e.errln(e.t("cli.restore.damaged"))
		return e.restoreDamaged(path, *yes, *asJSON)
	case err != nil:
		return e.Fail(err)
	case !svc.HasVault():
		svc.Close()
		return e.restoreDamaged(path, *yes, *asJSON)
	}
	defer svc.Close()
	pw, err := e.MasterPassword("CHORUSDESK_PASSWORD", "Master password: ")
	if err != nil {
		e.errln(err.Error())
		return ExitAuth
	}
	defer domain.Wipe(pw)
	if err := svc.Unlock(pw); err != nil {
		return e.Fail(err)
	}
	contents, err := svc.InspectBackup(path, pw)
	if err != nil {
		return e.Fail(err)
	}
	if code := e.showAndConfirm(path, contents, *yes, *asJSON); code != ExitOK {
		return code
	}
	rep, err := svc.RestoreBackup(path, pw)
	if err != nil {
		return e.Fail(err)
	}
	e.printRestored(rep, *asJSON)
	return ExitOK
}

// restoreDamaged rebuilds a data directory that does not open (or holds no vault) from a
// backup.
func (e *Env) restoreDamaged(path string, yes, asJSON bool) int {
	pw, err := e.MasterPassword("CHORUSDESK_PASSWORD", "Master password of the backup: ")
	if err != nil {
		e.errln(err.Error())
		return ExitAuth
	}
	defer domain.Wipe(pw)
	contents, err := core.InspectBackup(path, pw)
	if err != nil {
		return e.Fail(err)
	}
	if code := e.showAndConfirm(path, contents, yes, asJSON); code != ExitOK {
		return code
	}
	rep, err := core.RestoreDamaged(e.DataDir, path, pw, CoreOptions)
	if err != nil {
		return e.Fail(err)
	}
	e.printRestored(rep, asJSON)
	return ExitOK
}

// backupPath accepts a path, or the bare name of a file of the backups folder.
func (e *Env) backupPath(arg string) string {
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, `/\`) {
		return arg
	}
	return filepath.Join(core.BackupsDir(e.DataDir), arg)
}

func (e *Env) listBackups(asJSON bool) int {
	bs, err := core.ListBackups(e.DataDir)
	if err != nil {
		return e.Fail(err)
	}
	if asJSON {
		if bs == nil {
			bs = []core.BackupInfo{}
		}
		e.PrintJSON(bs)
		return ExitOK
	}
	if len(bs) == 0 {
		e.outln(e.t("store.restore.none", core.BackupsDir(e.DataDir)))
		return ExitOK
	}
	e.outln(e.t("store.restore.list", core.BackupsDir(e.DataDir)))
	w := tabwriter.NewWriter(e.Out, 2, 4, 2, ' ', 0)
	for _, b := range bs {
		w.Write([]byte("  " + b.Name + "\t" + i18n.FormatDateTime(e.Lang, b.Time.Local()) + "\t" +
			e.t("store.restore.size", i18n.FormatInt(e.Lang, b.Size)) + "\n"))
	}
	w.Flush()
	return ExitOK
}

// showAndConfirm prints what the backup holds and what restoring changes, then asks (a
// terminal), or needs --yes (a script).
func (e *Env) showAndConfirm(path string, c core.BackupContents, yes, asJSON bool) int {
	if asJSON {
		if !yes {
			e.PrintJSON(c)
			e.errln(e.t("store.restore.need_yes"))
			return ExitUsage
		}
	} else {
		e.printContents(path, c)
	}
	if yes {
		return ExitOK
	}
	if !e.InIsTerminal {
		e.errln(e.t("store.restore.need_yes"))
		return ExitUsage
	}
	e.Err.Write([]byte(e.t("store.restore.ask") + " "))
	line, _ := bufio.NewReader(e.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "o", "oui":
		return ExitOK
	}
	e.errln(e.t("store.restore.cancelled"))
	return ExitFailed
}

func (e *Env) printContents(path string, c core.BackupContents) {
	e.outln(e.t("cli.restore.holds", filepath.Base(path), i18n.FormatDateTime(e.Lang, c.Created.Local()),
		string(c.ActiveEnv), len(c.Companies)))
	w := tabwriter.NewWriter(e.Out, 2, 4, 2, ' ', 0)
	for _, co := range c.Companies {
		state := e.t("store.restore.disabled")
		if co.Enabled {
			state = e.t("store.restore.enabled")
		}
		w.Write([]byte("  " + domain.CleanText(co.Code) + "\t" + domain.CleanText(co.Name) + "\t" + co.SIRET + "\t" + state +
			"\t" + domain.CleanText(co.Tag) + "\n"))
		for _, sl := range []struct {
			env  domain.Env
			slot core.BackupSlot
		}{{domain.Sandbox, co.Sandbox}, {domain.Production, co.Production}} {
			if sl.slot == (core.BackupSlot{}) {
				continue
			}
			w.Write([]byte("  \t" + e.t("store.restore.slot", string(sl.env), domain.CleanText(sl.slot.ClientID),
				orDash(sl.slot.ClientSecret), domain.CleanText(sl.slot.Login), orDash(sl.slot.Password)) + "\n"))
		}
	}
	w.Flush()
	e.outln(c.Changes.Text(e.Lang))
}

func (e *Env) printRestored(rep core.RestoreReport, asJSON bool) {
	if asJSON {
		e.PrintJSON(rep)
		return
	}
	e.outln(e.t("cli.restore.done", rep.Backup, rep.Companies, i18n.N(e.Lang, "cli.restore.setups", rep.Setups)))
}
