package cli

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

func emulatorCommand() Command {
	return Command{
		Name: "emulator",
		Usage: "emulator [--addr HOST:PORT] [--env sandbox|production] [--latency D] [--token-ttl D]\n" +
			"                  [--processing D] [--business-as-400] [--strict] [--fault SPEC]...\n" +
			"  SPEC = KIND[:endpoint=SUFFIX][:count=N][:retry=D][:code=N][:status=N][:libelle=TEXT]\n" +
			"  KIND = 429 | 503html | timeout | reset | malformed | business | echo | an HTTP status (500, 403...)\n" +
			"  e.g. --fault 429:retry=2s:count=3   --fault 503html   --fault 500:endpoint=deposer/flux:count=1",
		Summary: "run a local PISTE + Chorus Pro emulator (prints its URLs, stops on Ctrl-C)",
		Run:     runEmulator,
	}
}

// emulatorStop returns the channel that ends `chorusdesk emulator` and a function releasing
// it; tests replace it to stop the command without sending signals to the test process.
var emulatorStop = func() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return ch, func() { signal.Stop(ch) }
}

func runEmulator(e *Env, args []string) int {
	fs := e.FlagSet("emulator")
	addr := fs.String("addr", "127.0.0.1:0", "listen address (port 0 = any free port)")
	env := fs.String("env", string(domain.Sandbox), "environment the emulator plays: sandbox or production")
	latency := durationFlag(fs, "latency", 0, "delay added to every API and token response, a `duration` such as 200ms")
	ttl := durationFlag(fs, "token-ttl", time.Hour, "access-token lifetime, a `duration` such as 90s or 1h")
	processing := durationFlag(fs, "processing", 2*time.Second, "time from deposit to the final flux state, a `duration`")
	as400 := fs.Bool("business-as-400", false, "send business errors (codeRetour != 0) with HTTP 400")
	strict := fs.Bool("strict", false, "answer only as the Swagger says (empty lists, oldest-first history) instead of as Chorus Pro really answers")
	var faults []emulator.Fault
	fs.Func("fault", "inject a fault (repeatable), see usage", func(spec string) error {
		f, err := emulator.ParseFaultSpec(spec)
		if err != nil {
			return fmt.Errorf("%s", i18n.T(e.Lang, "emulator.bad_fault", spec, err.Error()))
		}
		faults = append(faults, f)
		return nil
	})
	rest, err := Parse(fs, args)
	if err != nil {
		return e.usageOf("emulator", "")
	}
	if len(rest) > 0 {
		return e.usageOf("emulator", i18n.T(e.Lang, "emulator.unexpected", rest[0]))
	}
	de := domain.Env(*env)
	if de != domain.Sandbox && de != domain.Production {
		return e.usageOf("emulator", i18n.T(e.Lang, "emulator.bad_env", *env))
	}
	for name, d := range map[string]time.Duration{"latency": *latency, "token-ttl": *ttl, "processing": *processing} {
		if d < 0 {
			return e.usageOf("emulator", i18n.T(e.Lang, "emulator.bad_flag", name))
		}
	}
	stop, release := emulatorStop()
	defer release()
	profile := emulator.ProfileRealistic
	if *strict {
		profile = emulator.ProfileStrict
	}
	em, err := emulator.Start(*addr, emulator.Options{Env: de, Latency: *latency, TokenTTL: *ttl,
		ProcessingTime: *processing, BusinessErrorsAs400: *as400, Profile: profile})
	if err != nil {
		fmt.Fprintln(e.Err, "chorusdesk:", i18n.T(e.Lang, "emulator.listen", *addr, err.Error()))
		return ExitFailed
	}
	defer em.Close()
	for _, f := range faults {
		em.InjectFault(f)
	}
	fmt.Fprintf(e.Out, "CHORUS_EMULATOR oauth_url=%s api_url=%s\n", em.OAuthURL(), em.APIURL())
	<-stop
	return ExitOK
}
