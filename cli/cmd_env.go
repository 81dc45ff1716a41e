package cli

import "chorusdesk/domain"

func envCommand() Command {
	return Command{
		Name:    "env",
		Usage:   "env [sandbox|production]",
		Summary: "show or set the active environment",
		Run:     runEnv,
	}
}

func runEnv(e *Env, args []string) int {
	pos, code := e.parseAtMost("env", e.FlagSet("env"), args, 1)
	if code != ExitOK {
		return code
	}
	var want domain.Env
	if len(pos) == 1 {
		if want, code = e.parseEnv("env", pos[0]); code != ExitOK {
			return code
		}
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if want != "" {
		if err := svc.SetActiveEnv(want); err != nil {
			return e.Fail(err)
		}
	}
	cur, err := svc.ActiveEnv()
	if err != nil {
		return e.Fail(err)
	}
	// The bare name goes to standard output for scripts; production is flagged on standard
	// error so nobody mistakes it for the sandbox.
	e.outln(string(cur))
	if cur == domain.Production {
		e.errln(e.t("cli.env.production"))
	}
	return ExitOK
}
