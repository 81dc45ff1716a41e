package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// passwordDialog changes the master password (only the data key is re-wrapped).
type passwordDialog struct {
	old, new1, new2 *widget.Entry
	strength        *strengthMeter
	message         *widget.Label
	submit          *widget.Button
	dlg             *dialog.CustomDialog
}

func (u *UI) showChangePassword() {
	p := &passwordDialog{old: widgets.NewSecretEntry(), new1: widgets.NewSecretEntry(), new2: widgets.NewSecretEntry(), message: errorLabel(),
		strength: newStrengthMeter(u)}
	u.main.passwordDlg = p
	p.new1.OnChanged = func(s string) { p.strength.setFor(u, s) }
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(u.t("gui.password.old")), p.old,
		widget.NewLabel(u.t("gui.password.new")), container.NewVBox(p.new1, p.strength.label),
		widget.NewLabel(u.t("gui.password.again")), p.new2)
	warn := widget.NewLabel(u.t("gui.unlock.warning"))
	warn.Wrapping = fyne.TextWrapWord
	warn.Importance = widget.WarningImportance
	p.submit = widget.NewButton(u.t("gui.password.change"), func() { u.touch(); u.submitPassword() })
	p.submit.Importance = widget.HighImportance
	p.dlg = dialog.NewCustomWithoutButtons(u.t("gui.password"), container.NewVBox(form, warn, p.message), u.win)
	p.dlg.SetButtons([]fyne.CanvasObject{widget.NewButton(u.t("gui.cancel"), func() { p.wipe(); p.dlg.Hide() }), p.submit})
	p.dlg.Resize(fyne.NewSize(520, 340))
	u.track(p.dlg)
	u.win.Canvas().Focus(p.old)
}

func (p *passwordDialog) wipe() {
	for _, e := range []*widget.Entry{p.old, p.new1, p.new2} {
		widgets.Wipe(e, true)
	}
}

func (u *UI) submitPassword() {
	p := u.main.passwordDlg
	setError(p.message, "")
	if err := domain.CheckMasterPassword([]byte(p.new1.Text)); err != nil {
		setError(p.message, u.errText(err))
		return
	}
	if p.new1.Text != p.new2.Text {
		setError(p.message, u.t("gui.unlock.mismatch"))
		return
	}
	oldPW, newPW := []byte(p.old.Text), []byte(p.new1.Text)
	p.submit.Disable()
	u.background(func() error {
		defer domain.Wipe(oldPW)
		defer domain.Wipe(newPW)
		return u.svc.ChangePassword(oldPW, newPW)
	}, func(err error) {
		p.submit.Enable()
		if err != nil {
			widgets.Wipe(p.old, true)
			setError(p.message, u.errText(err))
			return
		}
		p.wipe()
		p.dlg.Hide()
		u.showInfo(u.t("gui.password"), u.t("gui.password.done"))
	})
}
