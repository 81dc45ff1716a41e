package cli

import (
	"fmt"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/invoice"
)

func inspectCommand() Command {
	return Command{
		Name:    "inspect",
		Usage:   "inspect FILE|DIR... [--json]",
		Summary: "detect invoices (Factur-X, UBL, CII) and show what would be sent, without sending",
		Run:     runInspect,
	}
}

// inspection is one file's line of `inspect --json`. Every key is always present,
// empty when unknown, so scripts can rely on the shape.
type inspection struct {
	File        string `json:"file"`
	Format      string `json:"format"`
	SyntaxeFlux string `json:"syntaxeFlux"`
	Number      string `json:"number"`
	SellerSIRET string `json:"seller_siret"`
	BuyerSIRET  string `json:"buyer_siret"`
	ServiceCode string `json:"service_code"`
	Commitment  string `json:"commitment"`
	Error       string `json:"error"`
}

// runInspect needs no vault: detection only reads the files. Exit 0 when every file is an
// invoice, 1 when any is refused, 2 on a usage error.
func runInspect(e *Env, args []string) int {
	fs := e.FlagSet("inspect")
	asJSON := fs.Bool("json", false, "machine-readable output")
	files, err := Parse(fs, args)
	if err != nil {
		return e.usageOf("inspect", "")
	}
	if len(files) == 0 {
		return e.usageOf("inspect", i18n.T(e.Lang, "invoice.inspect.no_file"))
	}
	files = expandFolders(e, files)
	code := ExitOK
	results := make([]inspection, 0, len(files))
	for _, f := range files {
		r := inspection{File: f}
		inv, err := invoice.DetectFile(f)
		if err != nil {
			r.Error = i18n.Message(e.Lang, err)
			code = ExitFailed
		} else {
			r.Format, r.SyntaxeFlux, r.Number = string(inv.Format), inv.SyntaxeFlux, inv.Number
			r.SellerSIRET, r.BuyerSIRET = inv.SellerSIRET, inv.BuyerSIRET
			r.ServiceCode, r.Commitment = inv.ServiceCode, inv.Commitment
		}
		if *asJSON {
			results = append(results, r)
		} else {
			e.printInspection(r, inv)
		}
	}
	if *asJSON {
		e.PrintJSON(results)
	}
	return code
}

// printInspection prints one file's verdict on one line, in the user's language.
func (e *Env) printInspection(r inspection, inv *invoice.Invoice) {
	// The file name is the user's, but may carry characters that would garble the terminal
	// or forge a line; the invoice's own fields were cleaned at detection.
	file := domain.CleanText(r.File)
	if r.Error != "" {
		fmt.Fprintln(e.Out, i18n.T(e.Lang, "invoice.inspect.refused", file, r.Error))
		return
	}
	total := orDash(inv.Total)
	if inv.Total != "" && inv.Currency != "" {
		total += " " + inv.Currency
	}
	fmt.Fprintln(e.Out, i18n.T(e.Lang, "invoice.inspect.line", file, r.Format, r.Number, orDash(inv.IssueDate),
		r.SyntaxeFlux, orDash(r.SellerSIRET), orDash(r.BuyerSIRET), orDash(r.ServiceCode), orDash(r.Commitment), total))
}
