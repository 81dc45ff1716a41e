package cli

// The `test` command lives in this file rather than cmd_test.go: a file whose name ends in
// _test.go is compiled only by `go test`, so the command would be missing from the binary.

import (
	"context"
	"fmt"
	"time"

	"chorusdesk/conntest"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func testCommand() Command {
	return Command{
		Name:    "test",
		Usage:   "test CODE [--env sandbox|production] [--json]",
		Summary: "test the Chorus setup that applies to a company: setup, network, token, account, attachment",
		Run:     runTest,
	}
}

// testJSON is the machine-readable result (its fields are fixed); the setup step's message
// says whose setup was tested.
type testJSON struct {
	Company string         `json:"company"`
	Env     domain.Env     `json:"env"`
	OK      bool           `json:"ok"`
	Steps   []testStepJSON `json:"steps"`
}

type testStepJSON struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	MS      int64  `json:"ms"`
}

func runTest(e *Env, args []string) int {
	fs := e.FlagSet("test")
	envName := fs.String("env", "", "environment (default: the active one)")
	asJSON := fs.Bool("json", false, "machine-readable output")
	typed, code := e.parseOne("test", fs, args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	svc, env, code := e.openUnlockedEnv("test", *envName)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	c, code := e.findCompany(svc, typed)
	if code != ExitOK {
		return code
	}
	opt := conntest.Options{Lang: e.Lang, CheckAPIs: true}
	if !*asJSON {
		fmt.Fprintf(e.Out, "%s — %s\n", c.Code, env)
		opt.OnStep = func(_ int, s domain.TestStep) { e.printTestStep(s) }
	}
	// The same Test as the window's, expiry included: the day read from Chorus Pro after a
	// pass, "expired" rather than "wrong" for a password whose day has come.
	res, err := conntest.ForCompanyWithExpiry(context.Background(), svc, c.ID, env, opt)
	if err != nil && len(res.Steps) == 0 {
		return e.Fail(err)
	}
	if err != nil { // the Test ran but its result could not be kept: say so, keep the verdict
		e.errln(localized(e, err))
	}
	if *asJSON {
		out := testJSON{Company: res.Company, Env: res.Env, OK: res.OK, Steps: []testStepJSON{}}
		for _, s := range res.Steps {
			out.Steps = append(out.Steps, testStepJSON{Name: s.Name, OK: s.OK, Message: s.Text(e.Lang), MS: s.MS})
		}
		e.PrintJSON(out)
	} else {
		verdict := e.t("api.test.cli_failed")
		if res.OK {
			verdict = e.t("api.test.cli_passed")
		}
		e.outln(verdict)
	}
	if !res.OK {
		return ExitFailed
	}
	return ExitOK
}

// printTestStep prints one step as soon as it has its verdict, titled from conntest.Steps.
func (e *Env) printTestStep(s domain.TestStep) {
	mark := e.t("api.test.cli_ok")
	switch {
	case s.Skipped:
		mark = e.t("api.test.cli_skip")
	case !s.OK:
		mark = e.t("api.test.cli_fail")
	}
	ms := ""
	if !s.Skipped || s.OK {
		ms = i18n.FormatDuration(e.Lang, time.Duration(s.MS)*time.Millisecond, false)
	}
	fmt.Fprintf(e.Out, "  %-6s %-14s %7s  %s\n", mark, conntest.Title(s.Name, e.Lang), ms, s.Text(e.Lang))
}
