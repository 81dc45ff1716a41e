package transfers

import (
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The item actions: the view asks what must be asked (a second deposit is a second invoice),
// then the bridge runs them and the outcome lands in the status line.

// retrySelected re-queues the selected item; an unroutable one goes to the chosen company.
func (v *View) retrySelected() { v.b.Retry(v.selected, v.chosenCompany(), v.actionDone) }

// askResend confirms, then deposits again an item whose deposit is unsure. The question says
// plainly that the invoice may already be in Chorus Pro.
func (v *View) askResend(id string) {
	it, ok := v.m.Item(id)
	if !ok || !it.CanResend() {
		return
	}
	v.confirm(v.t("gui.transfers.resend.title"), v.t("gui.transfers.resend.body", orDash(it.Number), it.CompanyCode),
		v.t("gui.transfers.resend.yes"), func() { v.b.ConfirmResend(id, v.actionDone) })
}

// askMark records that the user found the invoice in Chorus Pro under a flux number.
func (v *View) askMark(id string) {
	it, ok := v.m.Item(id)
	if !ok || !it.CanMarkDeposited() {
		return
	}
	flux := widget.NewEntry()
	flux.SetPlaceHolder(v.t("gui.transfers.mark.placeholder"))
	d := dialog.NewForm(v.t("gui.transfers.mark.title"), v.t("gui.transfers.mark.yes"), v.t("gui.cancel"),
		[]*widget.FormItem{widget.NewFormItem(v.t("gui.transfers.f.flux"), flux)},
		func(ok bool) {
			if n := strings.TrimSpace(flux.Text); ok && n != "" {
				v.b.MarkDeposited(id, n, v.actionDone)
			}
		}, v.win)
	v.markEntry = flux
	v.track(d)
}

// askRemove confirms, then forgets an item that is not in flight.
func (v *View) askRemove(id string) {
	it, ok := v.m.Item(id)
	if !ok || !it.CanRemove() {
		return
	}
	v.confirm(v.t("gui.transfers.remove.title"), v.t("setupui.transfers.remove.body", orDash(it.Number), baseName(it.File)),
		v.t("gui.transfers.remove"), func() { v.b.Remove(id, v.actionDone) })
}
