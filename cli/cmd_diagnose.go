package cli

import (
	"path/filepath"
	"time"

	"chorusdesk/diagnose"
)

func diagnoseCommand() Command {
	return Command{
		Name:    "diagnose",
		Usage:   "diagnose [--out FILE]",
		Summary: "write a diagnostics bundle for support (no invoice, no secret)",
		Run:     runDiagnose,
	}
}

// runDiagnose writes the diagnostics bundle. It needs no master password: nothing sealed goes
// into a bundle. Without --out the bundle is written in the current folder with a dated name.
func runDiagnose(e *Env, args []string) int {
	fs := e.FlagSet("diagnose")
	out := fs.String("out", "", "the zip file to write")
	if _, code := e.parseAtMost("diagnose", fs, args, 0); code != ExitOK {
		return code
	}
	path := *out
	if path == "" {
		path = "chorusdesk-diagnostics-" + time.Now().Format("20060102-150405") + ".zip"
	}
	svc, o, code := e.openOutbox(e.Open, OutboxOptions)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	rep, err := diagnose.Gather(diagnose.Inputs{Service: svc, Outbox: o})
	if err != nil {
		return e.Fail(err)
	}
	if err := diagnose.WriteFile(path, rep); err != nil {
		return e.Fail(err)
	}
	abs, _ := filepath.Abs(path)
	e.outln(e.t("api.diag.written", abs, len(rep.Exchanges), len(rep.Warnings)))
	return ExitOK
}
