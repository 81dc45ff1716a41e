package cli

// Helpers shared by the cmd_*.go files: argument parsing, sub-command dispatch and the
// "open the data directory, then find what the command works on" steps.

import (
	"flag"

	"chorusdesk/core"
	"chorusdesk/domain"
	"chorusdesk/outbox"
)

// dispatch runs the sub-command args[0] of command name; no sub-command or an unknown one is
// a usage error.
func dispatch(e *Env, name string, args []string, subs map[string]func(*Env, []string) int) int {
	if len(args) == 0 {
		return e.usageOf(name, "")
	}
	if run, ok := subs[args[0]]; ok {
		return run(e, args[1:])
	}
	return e.usageOf(name, e.t("cli.args.unknown_sub", args[0]))
}

// parseArgs parses the flags of command name and returns the positionals; a flag error prints
// the command's usage (exit 2).
func (e *Env) parseArgs(name string, fs *flag.FlagSet, args []string) ([]string, int) {
	pos, err := Parse(fs, args)
	if err != nil {
		return nil, e.usageOf(name, "")
	}
	return pos, ExitOK
}

// parseAtMost is parseArgs for a command taking at most max positionals; the first extra one
// is named in the usage error.
func (e *Env) parseAtMost(name string, fs *flag.FlagSet, args []string, max int) ([]string, int) {
	pos, code := e.parseArgs(name, fs, args)
	if code != ExitOK {
		return nil, code
	}
	if len(pos) > max {
		return nil, e.usageOf(name, e.t("cli.args.unexpected", pos[max]))
	}
	return pos, ExitOK
}

// parseOne is parseArgs for a command taking exactly one positional; msgKey explains what is
// missing (e.g. "cli.args.one_code", "cli.args.one_file").
func (e *Env) parseOne(name string, fs *flag.FlagSet, args []string, msgKey string) (string, int) {
	pos, code := e.parseArgs(name, fs, args)
	if code != ExitOK {
		return "", code
	}
	if len(pos) != 1 {
		return "", e.usageOf(name, e.t(msgKey))
	}
	return pos[0], ExitOK
}

// givenFlags reports which flags of fs were set on the command line.
func givenFlags(fs *flag.FlagSet) map[string]bool {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return given
}

// parseEnv parses an environment name typed for command name; a bad one is a usage error.
func (e *Env) parseEnv(name, typed string) (domain.Env, int) {
	env, err := domain.ParseEnv(typed)
	if err != nil {
		return "", e.usageOf(name, localized(e, err))
	}
	return env, ExitOK
}

// optionalEnv is parseEnv for an optional --env flag: empty stays empty.
func (e *Env) optionalEnv(name, flagValue string) (domain.Env, int) {
	if flagValue == "" {
		return "", ExitOK
	}
	return e.parseEnv(name, flagValue)
}

// openUnlockedEnv checks the --env flag of command name, opens and unlocks the data directory
// and returns the environment to use: the --env flag, else the active environment. The
// caller must Close the service when the code is ExitOK.
func (e *Env) openUnlockedEnv(name, flagValue string) (*core.Service, domain.Env, int) {
	env, code := e.optionalEnv(name, flagValue)
	if code != ExitOK {
		return nil, "", code
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return nil, "", code
	}
	if env == "" {
		var err error
		if env, err = svc.ActiveEnv(); err != nil {
			svc.Close()
			return nil, "", e.Fail(err)
		}
	}
	return svc, env, ExitOK
}

// openCompany opens and unlocks the data directory and finds the company the user typed. The
// caller must Close the service when the code is ExitOK.
func (e *Env) openCompany(typed string) (*core.Service, domain.Company, int) {
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return nil, domain.Company{}, code
	}
	c, code := e.findCompany(svc, typed)
	if code != ExitOK {
		svc.Close()
		return nil, domain.Company{}, code
	}
	return svc, c, ExitOK
}

// openOutbox opens the data directory with open (e.Open or e.OpenUnlocked) and loads its
// outbox (not started); a failure is printed and its exit code returned. The caller must
// Close the service when the code is ExitOK (that closes the outbox too).
func (e *Env) openOutbox(open func() (*core.Service, int), opt outbox.Options) (*core.Service, *outbox.Outbox, int) {
	svc, code := open()
	if code != ExitOK {
		return nil, nil, code
	}
	o, err := outbox.Open(svc, opt)
	if err != nil {
		svc.Close()
		return nil, nil, e.Fail(err)
	}
	return svc, o, ExitOK
}

// openSetup is openCompany that also reads the company's setup.
func (e *Env) openSetup(typed string) (*core.Service, domain.Company, domain.Setup, int) {
	svc, c, code := e.openCompany(typed)
	if code != ExitOK {
		return nil, domain.Company{}, domain.Setup{}, code
	}
	st, err := svc.Setup(c.ID)
	if err != nil {
		svc.Close()
		return nil, domain.Company{}, domain.Setup{}, e.Fail(err)
	}
	return svc, c, st, ExitOK
}

// openWithPassphrase reads the bundle passphrase (see exportPassphrase), then opens and
// unlocks the data directory. The caller must wipe the passphrase and Close the service when
// the code is ExitOK.
func (e *Env) openWithPassphrase(confirm bool) (*core.Service, []byte, int) {
	pass, code := e.exportPassphrase(confirm)
	if code != ExitOK {
		return nil, nil, code
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		domain.Wipe(pass)
		return nil, nil, code
	}
	return svc, pass, ExitOK
}
