package app

import (
	"regexp"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

// auditView lists the audit log, newest first, with the time and the action in the user's
// language (the details are the core's record, kept as written).
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

// auditLine is one entry: local time in the user's form, the action's name in the user's
// language, the company, and the detail with any duration written for people.
func (u *UI) auditLine(e core.AuditEntry) string {
	action := e.Action
	if key := "setupui.audit." + e.Action; i18n.T(u.lang, key) != key {
		action = i18n.T(u.lang, key)
	}
	s := i18n.FormatDateTimeSeconds(u.lang, e.Time.Local()) + "  " + action
	if e.Company != "" {
		s += "  [" + e.Company + "]"
	}
	return s + "  " + humanDurations(u.lang, e.Detail)
}

// goDuration matches Go's own duration form in older journal lines ("10m0s", "1h0m0s").
var goDuration = regexp.MustCompile(`\b(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?s\b|\b\d+h\d+m\b`)

// humanDurations rewrites Go durations in text (10m0s → 10 minutes).
func humanDurations(lang i18n.Lang, text string) string {
	return goDuration.ReplaceAllStringFunc(text, func(m string) string {
		d, err := time.ParseDuration(m)
		if err != nil {
			return m
		}
		return i18n.FormatDuration(lang, d, true)
	})
}
