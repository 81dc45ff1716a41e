// Chorus Desk keeps, per company, the connection settings to Chorus Pro (through PISTE), tests
// them, and transfers invoices. With no command it opens the window; with one it is the CLI.
package main

import (
	_ "embed"
	"os"

	"chorusdesk/app"
	"chorusdesk/cli"
	_ "chorusdesk/internal/localefix" // must initialize before fyne.io packages
)

// icon is the app's icon, also in the binaries `go build` makes (the fyne tool embeds it in
// packaged ones): the windows and the second-instance message show it.
//
//go:embed Icon.png
var icon []byte

func main() {
	if w, ok := cli.WindowRequest(os.Args[1:]); ok {
		app.SetIcon(icon)
		os.Exit(app.Run(app.Args{Data: w.DataFlag, Demo: w.Demo}))
	}
	os.Exit(cli.Run(os.Args[1:], cli.StdIO()))
}
