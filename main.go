// Chorus Desk keeps, per company, the connection settings to Chorus Pro (through PISTE), tests
// them, and transfers invoices. With no command it opens the window; with one it is the CLI
// (Linux and macOS; on Windows the commands are in the console program chorusdesk.com, see
// cmd/chorusdesk-cli, and this program says so).
package main

import (
	_ "embed"
	"os"

	"chorusdesk/app"
	"chorusdesk/cli"
	_ "chorusdesk/internal/localefix" // must initialize before fyne.io packages
)

// commandGivenToWindow, when set, handles a command given to the window program instead of
// running it: on Windows this program is linked as a GUI program (no console: the shell does
// not wait, prints nothing, loses the exit code), so it tells the user to type the command
// for the console program instead (main_windows.go).
var commandGivenToWindow func(args []string) int

// icon is the app's icon, also in the binaries `go build` makes (the fyne tool embeds it in
// packaged ones): the windows and the second-instance message show it.
//
//go:embed Icon.png
var icon []byte

func main() {
	args := os.Args[1:]
	if w, ok := cli.WindowRequest(args); ok {
		app.SetIcon(icon)
		os.Exit(app.Run(app.Args{Data: w.DataFlag, Demo: w.Demo, Background: w.Background}))
	}
	if commandGivenToWindow != nil {
		os.Exit(commandGivenToWindow(args))
	}
	os.Exit(cli.Run(args, cli.StdIO()))
}
