// Command barewindow is the smallest Fyne program: one window, one label. It is kept as the
// yardstick of the performance targets — Chorus Desk's time to first frame and its memory after
// unlock are reported as ratios against this window, built with the same Fyne version and flags.
package main

import "fyne.io/fyne/v2/app"

// AppID gives the bare window its own preferences, as Chorus Desk has (app.New without an ID
// skips that storage and would start a little faster than any real app).
const AppID = "fr.chorusdesk.barewindow"

func main() {
	newWindow(app.NewWithID(AppID)).ShowAndRun()
}
