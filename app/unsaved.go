package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/widgets"
)

// unsavedDialog is the question asked before leaving a form with unsaved changes: Save (the
// default: focused, Enter presses it), Discard, or Cancel (stay). The tests press its buttons.
type unsavedDialog struct {
	discard, cancel *widget.Button
	saveB           *widgets.DefaultButton
	dlg             *dialog.CustomDialog
}

// askUnsaved asks what to do with the current tab's unsaved changes. proceed runs after a
// successful save or a discard; stay runs on Cancel (and when the save is refused: the
// errors are then shown under the fields).
func (u *UI) askUnsaved(msg string, proceed, stay func()) {
	tab := u.main.tab
	d := &unsavedDialog{}
	u.unsavedDlg = d
	done := false
	finish := func(f func()) {
		if done {
			return
		}
		done = true
		d.dlg.Hide()
		if f != nil {
			f()
		}
	}
	d.saveB = widgets.NewDefaultButton(u.t("gui.save"), func() {
		finish(func() { tab.saveAnd(proceed, stay) }) // refused: the form shows why, the tab stays
	})
	d.discard = widget.NewButton(u.t("gui.unsaved.discard_button"), func() {
		finish(func() { tab.revert(); proceed() })
	})
	d.cancel = widget.NewButton(u.t("gui.cancel"), func() { finish(stay) })
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d.dlg = dialog.NewCustomWithoutButtons(u.t("gui.unsaved.title"), label, u.win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancel, d.discard, d.saveB})
	d.dlg.SetOnClosed(func() { finish(stay) }) // Escape is Cancel
	d.dlg.Resize(fyne.NewSize(460, 180))
	u.track(d.dlg)
	u.win.Canvas().Focus(d.saveB)
}
