package cli

import (
	"chorusdesk/core"
	"chorusdesk/domain"
)

func passwdCommand() Command {
	return Command{
		Name:    "passwd",
		Usage:   "passwd",
		Summary: "change the master password (new one from CHORUSDESK_NEW_PASSWORD or a prompt)",
		Run:     runPasswd,
	}
}

// runPasswd re-wraps the vault's data key under a new master password; the sealed records
// are not rewritten, so a crash cannot lose them.
func runPasswd(e *Env, args []string) int {
	if _, code := e.parseAtMost("passwd", e.FlagSet("passwd"), args, 0); code != ExitOK {
		return code
	}
	svc, code := e.Open()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if !svc.HasVault() {
		return e.Fail(core.ErrNoVault)
	}
	old, err := e.MasterPassword("CHORUSDESK_PASSWORD", e.t("cli.prompt.current"))
	if err != nil || len(old) == 0 {
		e.errln(e.t("cli.password.none", "CHORUSDESK_PASSWORD"))
		return ExitAuth
	}
	defer domain.Wipe(old)
	// Check the current password before asking for a new one: a typo is reported at once.
	if err := svc.Unlock(old); err != nil {
		return e.Fail(err)
	}
	svc.Lock()
	pw, code := e.newPassword("CHORUSDESK_NEW_PASSWORD", "cli.prompt.new", "cli.prompt.new_again")
	if code != ExitOK {
		if code == ExitAuth { // no new password given: a usage problem, not a wrong password
			return ExitUsage
		}
		return code
	}
	defer domain.Wipe(pw)
	if err := svc.ChangePassword(old, pw); err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.passwd.done"))
	return ExitOK
}
