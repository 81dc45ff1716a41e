package cli

import (
	"errors"
	"fmt"
	"strings"

	"chorusdesk/core"
	"chorusdesk/domain"
)

func setupCommand() Command {
	return Command{
		Name: "setup",
		Usage: "setup set CODE --env sandbox|production [--client-id ID] [--client-secret-env VAR] [--login L] [--password-env VAR] [--password-expires YYYY-MM-DD] [--tag T] [--clear]\n" +
			"       chorusdesk setup enable CODE | setup disable CODE\n" +
			"       chorusdesk setup move FROM TO [--yes]\n" +
			"       chorusdesk setup show CODE [--json]\n" +
			"  Secrets come from the environment variable NAMED by --client-secret-env / --password-env\n" +
			"  (\"-\" reads standard input), never from the command line. --password-expires is the day\n" +
			"  Chorus Pro makes the technical password expire (\"\" forgets it); warnings start 15 days before.\n" +
			"  An enabled setup keeps credentials for the active environment: enable refuses an empty\n" +
			"  slot, and set refuses to empty it (--clear) until the setup is disabled (exit 2).",
		Summary: "write, enable, disable, move or show a company's Chorus setup",
		Run:     runSetup,
	}
}

func runSetup(e *Env, args []string) int {
	return dispatch(e, "setup", args, map[string]func(*Env, []string) int{
		"set":     setupSet,
		"enable":  func(e *Env, args []string) int { return setupEnable(e, args, true) },
		"disable": func(e *Env, args []string) int { return setupEnable(e, args, false) },
		"move":    setupMove,
		"show":    setupShow,
	})
}

func setupSet(e *Env, args []string) int {
	fs := e.FlagSet("setup set")
	envName := fs.String("env", "", "sandbox or production")
	clientID := fs.String("client-id", "", "PISTE client ID")
	secretVar := fs.String("client-secret-env", "", "NAME of the environment variable holding the PISTE secret (- = stdin)")
	login := fs.String("login", "", "Chorus Pro technical login")
	passwordVar := fs.String("password-env", "", "NAME of the environment variable holding the Chorus password (- = stdin)")
	tag := fs.String("tag", "", "optional ID tag (0-20 of A-Z a-z 0-9 _ -)")
	expires := fs.String("password-expires", "", "day the Chorus password of --env expires, YYYY-MM-DD (\"\" forgets it)")
	clear := fs.Bool("clear", false, "empty the slot of --env before applying the other flags")
	typed, code := e.parseOne("setup", fs, args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	env, code := e.parseEnv("setup", *envName)
	if code != ExitOK {
		return code
	}
	given := givenFlags(fs)
	if !given["client-id"] && !given["client-secret-env"] && !given["login"] && !given["password-env"] && !given["tag"] &&
		!given["password-expires"] && !*clear {
		return e.usageOf("setup", e.t("cli.setup.nothing"))
	}
	if *secretVar == "-" && *passwordVar == "-" {
		return e.usageOf("setup", e.t("cli.setup.stdin_twice"))
	}
	// Read the secrets before touching the vault so a missing variable changes nothing.
	var secret, password string
	var err error
	if given["client-secret-env"] {
		if secret, err = e.SecretFromEnvVar("client-secret-env", *secretVar); err != nil {
			return e.Fail(usageErr(err.Error()))
		}
	}
	if given["password-env"] {
		if password, err = e.SecretFromEnvVar("password-env", *passwordVar); err != nil {
			return e.Fail(usageErr(err.Error()))
		}
	}
	svc, c, st, code := e.openSetup(typed)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	slot := st.Slot(env)
	if *clear {
		slot = domain.Slot{}
		st.Expires.Set(env, "")
	}
	if given["password-expires"] {
		st.Expires.Set(env, *expires)
	}
	if given["client-id"] {
		slot.ClientID = *clientID
	}
	if given["client-secret-env"] {
		slot.ClientSecret = secret
	}
	if given["login"] {
		slot.Login = *login
	}
	if given["password-env"] {
		slot.Password = password
	}
	st.SetSlot(env, slot)
	if given["tag"] {
		st.Tag = *tag
	}
	rep, err := svc.SaveSetup(c.ID, st)
	if err != nil {
		return e.Fail(err)
	}
	for _, n := range rep.LocalizedNotices(e.Lang) {
		fmt.Fprintln(e.Err, e.t("cli.notice"), n)
	}
	for _, w := range rep.LocalizedWarnings(e.Lang) {
		fmt.Fprintln(e.Err, e.t("cli.warning"), w)
	}
	e.outln(e.t("cli.setup.saved", c.Code, string(env)))
	return ExitOK
}

func setupEnable(e *Env, args []string, enabled bool) int {
	typed, code := e.parseOne("setup", e.FlagSet("setup enable"), args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	svc, c, code := e.openCompany(typed)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if err := svc.SetEnabled(c.ID, enabled); err != nil {
		return e.Fail(err)
	}
	if enabled {
		e.outln(e.t("cli.setup.enabled", c.Code))
	} else {
		e.outln(e.t("cli.setup.disabled", c.Code))
	}
	return ExitOK
}

func setupMove(e *Env, args []string) int {
	fs := e.FlagSet("setup move")
	yes := fs.Bool("yes", false, "overwrite the destination's setup")
	pos, code := e.parseArgs("setup", fs, args)
	if code != ExitOK {
		return code
	}
	if len(pos) != 2 {
		return e.usageOf("setup", e.t("cli.setup.move_args"))
	}
	svc, from, code := e.openCompany(pos[0])
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	to, code := e.findCompany(svc, pos[1])
	if code != ExitOK {
		return code
	}
	if from.ID == to.ID {
		return e.usageOf("setup", e.t("cli.setup.move_same"))
	}
	err := svc.MoveSetup(from.ID, to.ID, *yes)
	if errors.Is(err, core.ErrDestinationHasData) {
		e.errln(e.t("cli.setup.move_confirm", to.Code))
		return ExitUsage
	}
	if err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.setup.moved", from.Code, to.Code))
	return ExitOK
}

// Masked stands for a saved secret in every output: its length is not revealed.
const Masked = "••••••••"

// slotJSON is one environment slot as `setup show` prints it: identifiers in clear, secrets
// masked, an empty secret shown as "" so the user sees what is missing.
type slotJSON struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Login        string `json:"login"`
	Password     string `json:"password"`
	Complete     bool   `json:"complete"`
	// PasswordExpires is the day the Chorus password expires (YYYY-MM-DD, "" = unknown).
	PasswordExpires string `json:"password_expires"`
}

type setupJSON struct {
	Company    string   `json:"company"`
	Name       string   `json:"name"`
	Enabled    bool     `json:"enabled"`
	Tag        string   `json:"tag"`
	Sandbox    slotJSON `json:"sandbox"`
	Production slotJSON `json:"production"`
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return Masked
}

func maskedSlot(st domain.Setup, env domain.Env) slotJSON {
	c := st.Slot(env)
	return slotJSON{ClientID: c.ClientID, ClientSecret: mask(c.ClientSecret), Login: c.Login,
		Password: mask(c.Password), Complete: c.ClientID != "" && c.ClientSecret != "" && c.Login != "" && c.Password != "",
		PasswordExpires: st.Expires.Get(env)}
}

func setupShow(e *Env, args []string) int {
	fs := e.FlagSet("setup show")
	asJSON := fs.Bool("json", false, "machine-readable output")
	typed, code := e.parseOne("setup", fs, args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	svc, c, st, code := e.openSetup(typed)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	out := setupJSON{Company: c.Code, Name: c.Name, Enabled: st.Enabled, Tag: st.Tag,
		Sandbox: maskedSlot(st, domain.Sandbox), Production: maskedSlot(st, domain.Production)}
	if *asJSON {
		e.PrintJSON(out)
		return ExitOK
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", c.Code, c.Name)
	fmt.Fprintf(&b, "  %s %s\n", e.t("cli.setup.enabled_label"), e.yesNo(st.Enabled))
	fmt.Fprintf(&b, "  %s %s\n", e.t("cli.setup.tag_label"), orDash(st.Tag))
	for _, env := range domain.Envs {
		s := maskedSlot(st, env)
		if st.Slot(env).IsEmpty() {
			fmt.Fprintf(&b, "  %s: %s\n", env, e.t("cli.setup.slot_empty"))
			continue
		}
		fmt.Fprintf(&b, "  %s:\n", env)
		for _, row := range [][2]string{{"cli.field.client_id", s.ClientID}, {"cli.field.client_secret", s.ClientSecret},
			{"cli.field.login", s.Login}, {"cli.field.password", s.Password}} {
			fmt.Fprintf(&b, "    %-22s %s\n", e.t(row[0]), orDash(row[1]))
		}
		fmt.Fprintf(&b, "    %-22s %s\n", e.t("setupui.cli.expires"), e.expiryText(s.PasswordExpires, svc.Now()))
	}
	fmt.Fprint(e.Out, b.String())
	return ExitOK
}

func (e *Env) yesNo(b bool) string {
	if b {
		return e.t("cli.yes")
	}
	return e.t("cli.no")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
