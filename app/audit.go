package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

// auditView lists the audit log, newest first.
type auditView struct {
	entries []core.AuditEntry
	list    *widget.List
	dlg     *dialog.CustomDialog
}

func (u *UI) showAudit() {
	all, err := u.svc.Audit()
	if err != nil {
		u.showError(err)
		return
	}
	v := &auditView{entries: make([]core.AuditEntry, len(all))}
	for i, e := range all {
		v.entries[len(all)-1-i] = e
	}
	u.main.auditView = v
	v.list = widget.NewList(func() int { return len(v.entries) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(u.auditLine(v.entries[id]))
		})
	body := fyne.CanvasObject(v.list)
	if len(v.entries) == 0 {
		body = widget.NewLabel(u.t("gui.audit.empty"))
	}
	v.dlg = dialog.NewCustom(u.t("gui.audit"), u.t("gui.close"), container.NewStack(body), u.win)
	v.dlg.Resize(fyne.NewSize(900, 540))
	u.track(v.dlg)
}

// auditLine is one entry: local time in the user's form, the action's name and what changed
// in the user's language (the core renders both, for the CLI too).
func (u *UI) auditLine(e core.AuditEntry) string {
	s := i18n.FormatDateTimeSeconds(u.lang, e.Time.Local()) + "  " + e.ActionText(u.lang)
	if e.Company != "" {
		s += "  [" + e.Company + "]"
	}
	return s + "  " + e.Text(u.lang)
}
