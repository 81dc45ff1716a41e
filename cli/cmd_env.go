package cli

import (
	"errors"

	"chorusdesk/core"
	"chorusdesk/domain"
)

func envCommand() Command {
	return Command{
		Name:  "env",
		Usage: "env [sandbox|production [--yes]]",
		Summary: "show or set the active environment (a switch that would leave enabled setups without " +
			"credentials lists them and needs --yes)",
		Run: runEnv,
	}
}

func runEnv(e *Env, args []string) int {
	fs := e.FlagSet("env")
	yes := fs.Bool("yes", false, "switch even if enabled setups have no credentials in that environment")
	pos, code := e.parseAtMost("env", fs, args, 1)
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
		// The core decides (SetActiveEnv): a switch that leaves enabled setups without
		// credentials is refused until confirmed; confirmed, it is still said.
		sw, err := svc.SetActiveEnv(want, *yes)
		var refused *core.EnvSwitchError
		if errors.As(err, &refused) {
			e.errln(refused.Localize(e.Lang))
			e.errln(e.t("cli.env.confirm"))
			return ExitUsage
		}
		if err != nil {
			return e.Fail(err)
		}
		if w := sw.Warning(e.Lang); w != "" {
			e.errln(e.t("cli.warning") + " " + w)
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
