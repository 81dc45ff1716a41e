package transfers

import (
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/outbox"
)

// The item actions: the view asks what must be asked (a second deposit is a second invoice),
// then the bridge runs them and the outcome lands in the status line.

// retrySelected re-queues the selected item; an unroutable one goes to the chosen company.
func (v *View) retrySelected() { v.b.Retry(v.selected, v.chosenCompany(), v.actionDone) }

// askResend confirms, then sends an item again. Two cases, told apart by the engine's stage:
// Chorus Pro refused the flux before any buyer saw it (sending again after the fix is not a
// duplicate; a corrected file is added instead), or the deposit is unconfirmed (it may already
// be in Chorus Pro, and the engine looks once more before depositing).
func (v *View) askResend(id string) {
	it, ok := v.m.Item(id)
	if !ok || !it.CanResend() {
		return
	}
	verdict := outbox.Explain(it)
	number := orDash(it.Number)
	if verdict.Stage == outbox.StageRefused {
		paras := []string{v.t("transfersui.resend.refused", number, it.CompanyCode, verdict.Cause.In(v.h.Lang))}
		if verdict.Action != nil {
			paras = append(paras, v.t("transfersui.todo", verdict.Action.In(v.h.Lang)))
		}
		paras = append(paras, v.t("transfersui.resend.refused_file"))
		v.ask(v.t("gui.transfers.resend.title"), paras, nil, v.t("transfersui.resend.refused_yes"),
			func() { v.b.ConfirmResend(id, v.resent) })
		return
	}
	v.ask(v.t("gui.transfers.resend.title"), []string{v.t("gui.transfers.resend.body", number, it.CompanyCode)}, nil,
		v.t("gui.transfers.resend.yes"), func() { v.b.ConfirmResend(id, v.resent) })
}

// resent shows the outcome of Send again and selects the new copy when the engine made one.
func (v *View) resent(it outbox.Item, err error) {
	v.actionDone(err)
	if err == nil && it.ID != "" && it.ID != v.selected {
		v.selectItem(it.ID)
	}
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
	v.ask(v.t("gui.transfers.remove.title"), []string{v.t("setupui.transfers.remove.body", orDash(it.Number), baseName(it.File))}, nil,
		v.t("gui.transfers.remove"), func() { v.b.Remove(id, v.actionDone) })
}
