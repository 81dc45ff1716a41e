package cli

import (
	"bytes"
	"fmt"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func initCommand() Command {
	return Command{
		Name:    "init",
		Usage:   "init",
		Summary: "create the vault (master password from CHORUSDESK_PASSWORD or a prompt)",
		Run:     runInit,
	}
}

func runInit(e *Env, args []string) int {
	if _, code := e.parseAtMost("init", e.FlagSet("init"), args, 0); code != ExitOK {
		return code
	}
	svc, code := e.Open()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if svc.HasVault() {
		e.errln(e.t("cli.init.exists", e.DataDir))
		return ExitUsage
	}
	pw, code := e.newPassword("CHORUSDESK_PASSWORD", "cli.prompt.master", "cli.prompt.master_again")
	if code != ExitOK {
		return code
	}
	defer domain.Wipe(pw)
	if err := svc.Init(pw); err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.init.done", e.DataDir))
	return ExitOK
}

// newPassword reads a new password from varName, else prompts twice without echo. A missing
// password gives exit 3, a mismatch or a password the master-password policy refuses (the
// same domain.CheckMasterPassword as the window) exit 2.
func (e *Env) newPassword(varName, promptKey, againKey string) ([]byte, int) {
	pw, err := e.MasterPassword(varName, e.t(promptKey))
	if err != nil || len(pw) == 0 {
		e.errln(e.t("cli.password.none", varName))
		return nil, ExitAuth
	}
	if e.Getenv(varName) == "" { // typed at a prompt: confirm it
		again, err := e.MasterPassword(varName, e.t(againKey))
		if err != nil || !bytes.Equal(pw, again) {
			domain.Wipe(pw)
			domain.Wipe(again)
			e.errln(e.t("cli.password.mismatch"))
			return nil, ExitUsage
		}
		domain.Wipe(again)
	}
	if err := domain.CheckMasterPassword(pw); err != nil {
		domain.Wipe(pw)
		e.errln(localized(e, err))
		return nil, ExitUsage
	}
	return pw, ExitOK
}

// t renders a cli.* message in the user's language.
func (e *Env) t(key string, args ...any) string { return i18n.T(e.Lang, key, args...) }

func (e *Env) outln(s string) { fmt.Fprintln(e.Out, s) }

// errln prints a diagnostic prefixed like every other CLI diagnostic.
func (e *Env) errln(s string) { fmt.Fprintln(e.Err, "chorusdesk:", s) }

// usageOf prints msg and the usage of the named command; it returns ExitUsage.
func (e *Env) usageOf(name, msg string) int {
	c, _ := lookup(name)
	return e.Usage(c, msg)
}

// usageErr wraps a message as a usage error (exit 2 through Fail).
func usageErr(msg string) error { return &UsageError{Msg: msg} }

// localized renders any error in the user's language.
func localized(e *Env, err error) string { return i18n.Message(e.Lang, err) }
