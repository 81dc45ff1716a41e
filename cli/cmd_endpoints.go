package cli

import (
	"fmt"

	"chorusdesk/domain"
)

func endpointsCommand() Command {
	return Command{
		Name:    "endpoints",
		Usage:   "endpoints [--env sandbox|production] [--oauth-url U] [--api-url U] [--reset] [--json]",
		Summary: "show or set an environment's OAuth token URL and API base URL",
		Run:     runEndpoints,
	}
}

// endpointsJSON is the --json shape: one entry per environment shown.
type endpointsJSON struct {
	Env      domain.Env `json:"env"`
	OAuthURL string     `json:"oauth_url"`
	APIURL   string     `json:"api_url"`
	Default  bool       `json:"default"`
}

func runEndpoints(e *Env, args []string) int {
	fs := e.FlagSet("endpoints")
	envName := fs.String("env", "", "sandbox or production (required to change URLs)")
	oauth := fs.String("oauth-url", "", "OAuth token URL")
	api := fs.String("api-url", "", "API base URL")
	reset := fs.Bool("reset", false, "restore the PISTE defaults")
	asJSON := fs.Bool("json", false, "machine-readable output")
	if _, code := e.parseAtMost("endpoints", fs, args, 0); code != ExitOK {
		return code
	}
	given := givenFlags(fs)
	change := given["oauth-url"] || given["api-url"] || *reset
	envs := domain.Envs
	if *envName != "" {
		env, code := e.parseEnv("endpoints", *envName)
		if code != ExitOK {
			return code
		}
		envs = []domain.Env{env}
	} else if change {
		return e.usageOf("endpoints", e.t("cli.endpoints.env_required"))
	}
	if *reset && (given["oauth-url"] || given["api-url"]) {
		return e.usageOf("endpoints", e.t("cli.endpoints.reset_and_url"))
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if change {
		env := envs[0]
		ep, err := svc.Endpoints(env)
		if err != nil {
			return e.Fail(err)
		}
		if *reset {
			ep = domain.DefaultEndpoints(env)
		}
		if given["oauth-url"] {
			ep.OAuthURL = *oauth
		}
		if given["api-url"] {
			ep.APIURL = *api
		}
		if err := svc.SetEndpoints(env, ep); err != nil {
			return e.Fail(err)
		}
	}
	out := make([]endpointsJSON, 0, len(envs))
	for _, env := range envs {
		ep, err := svc.Endpoints(env)
		if err != nil {
			return e.Fail(err)
		}
		out = append(out, endpointsJSON{Env: env, OAuthURL: ep.OAuthURL, APIURL: ep.APIURL, Default: ep == domain.DefaultEndpoints(env)})
	}
	if *asJSON {
		if len(out) == 1 {
			e.PrintJSON(out[0])
		} else {
			e.PrintJSON(out)
		}
		return ExitOK
	}
	for _, o := range out {
		note := ""
		if !o.Default {
			note = " " + e.t("cli.endpoints.custom")
		}
		fmt.Fprintf(e.Out, "%s%s\n  %s %s\n  %s %s\n", o.Env, note, e.t("cli.endpoints.oauth"), o.OAuthURL, e.t("cli.endpoints.api"), o.APIURL)
	}
	return ExitOK
}
