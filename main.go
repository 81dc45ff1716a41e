// Chorus Desk keeps, per company, the connection settings to Chorus Pro (through PISTE), tests
// them, and transfers invoices. With no command it opens the window; with one it is the CLI.
package main

import (
	"os"

	"chorusdesk/app"
	"chorusdesk/cli"
	_ "chorusdesk/internal/localefix" // must initialize before fyne.io packages
)

func main() {
	if w, ok := cli.WindowRequest(os.Args[1:]); ok {
		os.Exit(app.Run(app.Args{Data: w.DataFlag, Demo: w.Demo}))
	}
	os.Exit(cli.Run(os.Args[1:], cli.StdIO()))
}
