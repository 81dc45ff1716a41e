package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"chorusdesk/core"
	"chorusdesk/domain"
)

func companyCommand() Command {
	return Command{
		Name: "company",
		Usage: "company add CODE --name N [--siret S]\n" +
			"       chorusdesk company edit CODE [--name N] [--siret S]   (--siret \"\" removes it)\n" +
			"       chorusdesk company list [--json]\n" +
			"       chorusdesk company remove CODE",
		Summary: "add, edit, list or remove companies",
		Run:     runCompany,
	}
}

func runCompany(e *Env, args []string) int {
	return dispatch(e, "company", args, map[string]func(*Env, []string) int{
		"add": companyAdd, "edit": companyEdit, "list": companyList, "remove": companyRemove,
	})
}

func companyAdd(e *Env, args []string) int {
	fs := e.FlagSet("company add")
	name := fs.String("name", "", "company name (1-100 characters)")
	siret := fs.String("siret", "", "SIRET (14 digits, optional)")
	typed, code := e.parseOne("company", fs, args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	c, err := svc.AddCompany(typed, *name, *siret)
	if err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.company.added", c.Code))
	return ExitOK
}

// companyEdit changes the name and/or SIRET of a company; flags not given keep their value.
func companyEdit(e *Env, args []string) int {
	fs := e.FlagSet("company edit")
	name := fs.String("name", "", "new company name")
	siret := fs.String("siret", "", "new SIRET (empty removes it)")
	typed, code := e.parseOne("company", fs, args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	given := givenFlags(fs)
	if !given["name"] && !given["siret"] {
		return e.usageOf("company", e.t("cli.company.nothing"))
	}
	svc, c, code := e.openCompany(typed)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	newName, newSIRET := c.Name, c.SIRET
	if given["name"] {
		newName = *name
	}
	if given["siret"] {
		newSIRET = *siret
	}
	if err := svc.UpdateCompany(c.ID, newName, newSIRET); err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.company.edited", c.Code))
	return ExitOK
}

// companyJSON is the --json shape of `company list`.
type companyJSON struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	SIRET   string `json:"siret"`
	Default bool   `json:"default"`
}

func companyList(e *Env, args []string) int {
	fs := e.FlagSet("company list")
	asJSON := fs.Bool("json", false, "machine-readable output")
	if _, code := e.parseAtMost("company", fs, args, 0); code != ExitOK {
		return code
	}
	svc, code := e.OpenUnlocked()
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	cs, err := svc.Companies()
	if err != nil {
		return e.Fail(err)
	}
	if *asJSON {
		out := make([]companyJSON, 0, len(cs))
		for _, c := range cs {
			out = append(out, companyJSON{Code: c.Code, Name: c.Name, SIRET: c.SIRET, Default: c.IsDefault()})
		}
		e.PrintJSON(out)
		return ExitOK
	}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.t("cli.company.header"))
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Code, c.Name, c.SIRET)
	}
	_ = tw.Flush()
	return ExitOK
}

func companyRemove(e *Env, args []string) int {
	typed, code := e.parseOne("company", e.FlagSet("company remove"), args, "cli.args.one_code")
	if code != ExitOK {
		return code
	}
	svc, c, code := e.openCompany(typed)
	if code != ExitOK {
		return code
	}
	defer svc.Close()
	if c.IsDefault() {
		e.errln(e.t("cli.company.default_remove"))
		return ExitUsage
	}
	if err := svc.RemoveCompany(c.ID); err != nil {
		return e.Fail(err)
	}
	e.outln(e.t("cli.company.removed", c.Code))
	return ExitOK
}

// findCompany looks a company up by the code the user typed (any case, surrounding spaces
// ignored). An unknown or malformed code is a usage error (exit 2) that names the code.
func (e *Env) findCompany(svc *core.Service, typed string) (domain.Company, int) {
	code, err := domain.NormalizeCode(typed)
	if err != nil {
		return domain.Company{}, e.Fail(usageErr(e.t("cli.company.bad_code", typed) + ": " + localized(e, err)))
	}
	c, err := svc.Company(code)
	if errors.Is(err, core.ErrNotFound) {
		e.errln(e.t("cli.company.not_found", code))
		return domain.Company{}, ExitUsage
	}
	if err != nil {
		return domain.Company{}, e.Fail(err)
	}
	return c, ExitOK
}
