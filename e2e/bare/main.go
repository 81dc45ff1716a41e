// Command bare opens an empty Fyne window titled "Bare Fyne". The end-to-end script measures
// it beside Chorus Desk: spec §6 bounds our start time and memory by 1.3 × this.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("fr.chorusdesk.bare")
	w := a.NewWindow("Bare Fyne")
	w.SetContent(widget.NewLabel("bare"))
	w.Resize(fyne.NewSize(1100, 740))
	w.ShowAndRun()
}
