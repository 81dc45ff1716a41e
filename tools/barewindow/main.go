// Command barewindow is the smallest Fyne program: one window, one label. It is kept as the
// yardstick of spec §6 — Chorus Desk's time to first frame and its memory after unlock are
// reported as ratios against this window, built with the same Fyne version and flags.
package main

import "fyne.io/fyne/v2/app"

func main() {
	newWindow(app.New()).ShowAndRun()
}
