package transfers

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// The details pane: the selected item's verdict (where it stands, why, what to do, Chorus
// Pro's own words below), the link to the other copy of a re-sent invoice, the setup and
// technical login used, every field, its history, and the buttons of the actions the engine
// allows on it.

func (v *View) buildDetails() {
	v.title = widget.NewLabelWithStyle(v.t("gui.transfers.none_selected"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	wrapped := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	v.message = wrapped()
	v.todo = wrapped()
	v.todo.Importance = widget.WarningImportance
	v.raw = wrapped()
	v.raw.TextStyle = fyne.TextStyle{Italic: true}
	v.link = widget.NewHyperlink("", nil)
	v.link.OnTapped = func() { v.selectItem(v.linkTo) }
	v.link.Hide()
	v.setup = wrapped()
	v.fluxLabel = widget.NewLabel("")
	v.copyFlux = widget.NewButtonWithIcon(v.t("transfersui.copy"), theme.ContentCopyIcon(), v.copySelectedFlux)
	v.fluxRow = container.NewHBox(v.fluxLabel, v.copyFlux)
	v.fields = wrapped()
	v.history = wrapped()
	v.retry = widget.NewButtonWithIcon(v.t("gui.transfers.retry"), theme.ViewRefreshIcon(), func() { v.retrySelected() })
	v.resend = widget.NewButtonWithIcon(v.t("gui.transfers.resend"), theme.MailSendIcon(), func() { v.askResend(v.selected) })
	v.mark = widget.NewButtonWithIcon(v.t("gui.transfers.mark"), theme.ConfirmIcon(), func() { v.askMark(v.selected) })
	v.fixSetup = widget.NewButtonWithIcon(v.t("transfersui.fix_setup"), theme.SettingsIcon(), func() { v.openSetup(v.selected) })
	v.remove = widget.NewButtonWithIcon(v.t("gui.transfers.remove"), theme.DeleteIcon(), func() { v.askRemove(v.selected) })
	actions := container.NewHBox(v.retry, v.resend, v.mark, v.fixSetup, v.remove)
	v.detailsBox = container.NewVBox(v.title, actions,
		v.message, v.todo, v.raw, v.link, v.setup, v.fluxRow, v.fields,
		widget.NewLabelWithStyle(v.t("gui.transfers.history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.history)
	v.details = v.detailsBox
	v.showDetails()
}

// showDetails fills the details panel with the selected item.
func (v *View) showDetails() {
	it, ok := v.m.Item(v.selected)
	before := v.detailsSig()
	defer func() {
		// A wrapped label's height follows its text, but its container is laid out only
		// when refreshed: without this, lines of the details overlap.
		if v.detailsSig() != before {
			v.detailsBox.Refresh()
		}
	}()
	if !ok {
		v.selected, v.selRow = "", -1
		setLabel(v.title, v.t("gui.transfers.none_selected"))
		for _, l := range []*widget.Label{v.fields, v.history} {
			setLabel(l, "")
		}
		for _, l := range []*widget.Label{v.message, v.todo, v.raw, v.setup} {
			setShown(l, "")
		}
		v.link.Hide()
		v.fluxRow.Hide()
		v.fixSetup.Hide()
		for _, b := range []*widget.Button{v.retry, v.resend, v.mark, v.remove} {
			b.Disable()
		}
		return
	}
	lang := v.h.Lang
	verdict := outbox.Explain(it)
	setLabel(v.title, v.t("gui.transfers.details_title", orDash(it.Number), baseName(it.File), stageText(lang, it, verdict)))
	if cause := verdict.Cause.In(lang); cause != verdict.Stage.Text().In(lang) {
		setShown(v.message, cause)
	} else {
		setShown(v.message, "") // the title says it all
	}
	v.message.Importance = widget.MediumImportance
	if it.Rejected() || verdict.Stage == outbox.StageNotSent {
		v.message.Importance = widget.DangerImportance
	}
	if verdict.Action != nil {
		setShown(v.todo, v.t("transfersui.todo", verdict.Action.In(lang)))
	} else {
		setShown(v.todo, "")
	}
	if verdict.Raw != "" {
		setShown(v.raw, v.t("transfersui.raw", verdict.Raw))
	} else {
		setShown(v.raw, "")
	}
	v.showLink(it)
	setShown(v.setup, setupLine(lang, it))
	if it.Flux != "" {
		setLabel(v.fluxLabel, v.t("transfersui.field", v.t("gui.transfers.f.flux"), it.Flux))
		v.fluxRow.Show()
	} else {
		v.fluxRow.Hide()
	}
	setLabel(v.fields, v.fieldsText(it))
	var h strings.Builder
	for _, e := range v.m.History(it.ID) {
		fmt.Fprintf(&h, "%s  %s", i18n.FormatDateTimeSeconds(lang, e.At.Local()), historyText(lang, e))
		if e.Extra != "" {
			fmt.Fprintf(&h, " (%s)", e.Extra)
		}
		h.WriteByte('\n')
	}
	setLabel(v.history, strings.TrimSuffix(h.String(), "\n"))
	enable(v.retry, it.CanRetry())
	enable(v.resend, it.CanResend())
	enable(v.mark, it.CanMarkDeposited())
	enable(v.remove, it.CanRemove())
	if v.h.OpenSetup != nil && setupAtFault(it) {
		v.fixSetup.Show()
		v.fixSetup.Enable()
	} else {
		v.fixSetup.Hide()
	}
}

// setupAtFault reports whether the company's setup is what stops the item: its Test fails, no
// setup applies, or Chorus Pro refused the flux for the setup (the seller not attached to the
// technical account).
func setupAtFault(it outbox.Item) bool {
	switch {
	case it.State == outbox.Held:
		return it.Hold == outbox.HoldSetupTest || it.Hold == outbox.HoldNotTransferred
	case it.ReplacedBy != "":
		return false
	}
	return it.Fix == "setup" && it.CanResend()
}

// showLink links the rows of a re-sent invoice: the old one to its replacement, the new one
// to the copy it replaces.
func (v *View) showLink(it outbox.Item) {
	id, key := it.ReplacedBy, "transfersui.link.replaced_by"
	if id == "" {
		id, key = it.Replaces, "transfersui.link.replaces"
	}
	other, ok := v.m.Item(id)
	if id == "" || !ok {
		v.linkTo = ""
		v.link.Hide()
		return
	}
	v.linkTo = id
	text := v.t(key, orDash(other.Number), i18n.FormatDateTime(v.h.Lang, other.Created.Local()),
		outbox.Explain(other).Stage.Text().In(v.h.Lang))
	if v.link.Text != text {
		v.link.SetText(text)
	}
	v.link.Show()
}

// detailsSig identifies what the details show (their text), to lay them out only on change.
func (v *View) detailsSig() string {
	return strings.Join([]string{v.title.Text, v.message.Text, v.todo.Text, v.raw.Text, v.setup.Text,
		v.fields.Text, v.history.Text, fmt.Sprint(v.link.Visible(), v.fluxRow.Visible(), v.fixSetup.Visible())}, "\x00")
}

// fieldsText lists every field of the item, one per line, leaving out the empty ones. Chorus
// Pro's codes (flux state, invoice status) are here, not in the table.
func (v *View) fieldsText(it outbox.Item) string {
	lang := v.h.Lang
	now := v.b.Now()
	env := ""
	if it.Env != "" {
		env = v.t("gui.env." + string(it.Env))
	}
	total := ""
	if it.Total != "" {
		total = i18n.FormatAmount(lang, it.Total, it.Currency) // the user's number format
	}
	rows := []struct{ key, val string }{
		{"gui.transfers.f.file", it.File},
		{"gui.transfers.f.number", it.Number},
		{"gui.transfers.f.format", strings.TrimSpace(it.Format + " " + it.SyntaxeFlux)},
		{"gui.transfers.f.issue_date", dayText(lang, it.IssueDate)},
		{"gui.transfers.f.seller", it.SellerSIRET},
		{"gui.transfers.f.buyer", it.BuyerSIRET},
		{"setupui.transfers.f.service", it.ServiceCode},
		{"transfersui.f.commitment", it.Commitment},
		{"gui.transfers.f.total", total},
		{"gui.transfers.f.company", it.CompanyCode},
		{"gui.transfers.f.env", env},
		{"gui.transfers.f.deposit_date", dayText(lang, it.DepositDate)},
		{"gui.transfers.f.flux_state", it.FluxState},
		{"gui.transfers.f.invoice_id", nonZero(it.InvoiceID)},
		{"gui.transfers.f.invoice_status", it.InvoiceStatus},
		{"gui.transfers.f.attempts", nonZero(int64(it.Attempts))},
		{"gui.transfers.f.age", ageText(lang, it.Age(now))},
		{"gui.transfers.f.idle", ageText(lang, it.Idle(now))},
	}
	if !it.NextTry.IsZero() {
		rows = append(rows, struct{ key, val string }{"gui.transfers.f.next_try", it.NextTry.Local().Format("15:04:05")})
	}
	if it.Forced {
		rows = append(rows, struct{ key, val string }{"gui.transfers.f.forced", v.t("gui.transfers.yes")})
	}
	if it.Reconciled {
		rows = append(rows, struct{ key, val string }{"gui.transfers.f.reconciled", v.t("gui.transfers.yes")})
	}
	var b strings.Builder
	for _, r := range rows {
		if r.val == "" {
			continue
		}
		b.WriteString(v.t("transfersui.field", v.t(r.key), r.val) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// copySelectedFlux puts the selected item's flux number on the clipboard.
func (v *View) copySelectedFlux() {
	it, ok := v.m.Item(v.selected)
	if !ok || it.Flux == "" {
		return
	}
	v.h.App.Clipboard().SetContent(it.Flux)
	v.setStatus(v.t("transfersui.copied", it.Flux), false)
}

// openSetup shows the setup that stops the item (the `*****` one when it applies) on the setup
// window, where the user runs its Test and fixes it.
func (v *View) openSetup(id string) {
	it, ok := v.m.Item(id)
	if !ok || v.h.OpenSetup == nil {
		return
	}
	code := it.SetupFrom
	if code == "" {
		code = it.CompanyCode
	}
	v.h.OpenSetup(code)
}

// setShown sets a details label and hides it while it is empty (an empty wrapped label still
// takes a line).
func setShown(l *widget.Label, s string) {
	setLabel(l, s)
	if s == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// setLabel changes a label's text only when it differs: SetText always lays the text out again
// (wrapped and truncated labels measure it), and the details are repainted at every frame.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// dayText writes a day Chorus Pro or the invoice gives as YYYY-MM-DD (a time may follow) in
// the user's date format (04/03/2026 in French); anything else is shown as it came.
func dayText(lang i18n.Lang, s string) string {
	if len(s) >= 10 {
		if day, ok := i18n.ParseDate(i18n.EN, s[:10]); ok {
			return i18n.FormatDate(lang, day)
		}
	}
	return s
}
