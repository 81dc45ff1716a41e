package transfers

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// The details pane: the selected item's message, what to do, every field, its history, and
// the buttons of the actions the engine allows on it.

func (v *View) buildDetails() {
	v.title = widget.NewLabelWithStyle(v.t("gui.transfers.none_selected"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.fields = widget.NewLabel("")
	v.fields.Wrapping = fyne.TextWrapWord
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.todo = widget.NewLabel("")
	v.todo.Wrapping = fyne.TextWrapWord
	v.todo.Importance = widget.WarningImportance
	v.history = widget.NewLabel("")
	v.retry = widget.NewButtonWithIcon(v.t("gui.transfers.retry"), theme.ViewRefreshIcon(), func() { v.retrySelected() })
	v.resend = widget.NewButtonWithIcon(v.t("gui.transfers.resend"), theme.MailSendIcon(), func() { v.askResend(v.selected) })
	v.mark = widget.NewButtonWithIcon(v.t("gui.transfers.mark"), theme.ConfirmIcon(), func() { v.askMark(v.selected) })
	v.remove = widget.NewButtonWithIcon(v.t("gui.transfers.remove"), theme.DeleteIcon(), func() { v.askRemove(v.selected) })
	actions := container.NewHBox(v.retry, v.resend, v.mark, v.remove)
	v.detailsBox = container.NewVBox(container.NewBorder(nil, nil, nil, actions, v.title),
		v.message, v.todo, v.fields,
		widget.NewLabelWithStyle(v.t("gui.transfers.history"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		v.history)
	v.details = v.detailsBox
	v.showDetails()
}

// showDetails fills the details panel with the selected item.
func (v *View) showDetails() {
	it, ok := v.m.Item(v.selected)
	if !ok {
		v.selected = ""
		setLabel(v.title, v.t("gui.transfers.none_selected"))
		for _, l := range []*widget.Label{v.fields, v.message, v.todo, v.history} {
			setLabel(l, "")
		}
		for _, b := range []*widget.Button{v.retry, v.resend, v.mark, v.remove} {
			b.Disable()
		}
		return
	}
	lang := v.h.Lang
	before := v.detailsSig()
	defer func() {
		// A wrapped label's height follows its text, but its container is laid out only
		// when refreshed: without this, lines of the details overlap.
		if v.detailsSig() != before {
			v.detailsBox.Refresh()
		}
	}()
	setLabel(v.title, v.t("gui.transfers.details_title", orDash(it.Number), baseName(it.File), v.t(bridge.StateKey(it))))
	setLabel(v.message, it.Message.In(lang))
	if k := adviceKey(it); k != "" {
		setLabel(v.todo, v.t(k))
	} else {
		setLabel(v.todo, "")
	}
	setLabel(v.fields, v.fieldsText(it))
	var h strings.Builder
	for _, e := range v.m.History(it.ID) {
		fmt.Fprintf(&h, "%s  %s", e.At.Local().Format("2006-01-02 15:04:05"), v.t(e.State))
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
}

// detailsSig identifies what the details show (their text), to lay them out only on change.
func (v *View) detailsSig() string {
	return v.title.Text + "\x00" + v.message.Text + "\x00" + v.todo.Text + "\x00" + v.fields.Text + "\x00" + v.history.Text
}

// fieldsText lists every field of the item, one per line, leaving out the empty ones.
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
		{"file", it.File},
		{"number", it.Number},
		{"format", strings.TrimSpace(it.Format + " " + it.SyntaxeFlux)},
		{"issue_date", it.IssueDate},
		{"seller", it.SellerSIRET},
		{"buyer", it.BuyerSIRET},
		{"service", it.ServiceCode},
		{"commitment", it.Commitment},
		{"total", total},
		{"company", it.CompanyCode},
		{"env", env},
		{"state", v.t(bridge.StateKey(it))},
		{"flux", it.Flux},
		{"deposit_date", it.DepositDate},
		{"flux_state", it.FluxState},
		{"invoice_id", nonZero(it.InvoiceID)},
		{"invoice_status", it.InvoiceStatus},
		{"attempts", nonZero(int64(it.Attempts))},
		{"age", ageText(lang, it.Age(now))},
		{"idle", ageText(lang, it.Idle(now))},
	}
	if !it.NextTry.IsZero() {
		rows = append(rows, struct{ key, val string }{"next_try", it.NextTry.Local().Format("15:04:05")})
	}
	if it.Forced {
		rows = append(rows, struct{ key, val string }{"forced", v.t("gui.transfers.yes")})
	}
	if it.Reconciled {
		rows = append(rows, struct{ key, val string }{"reconciled", v.t("gui.transfers.yes")})
	}
	var b strings.Builder
	for _, r := range rows {
		if r.val == "" {
			continue
		}
		key := "gui.transfers.f." + r.key
		if r.key == "service" {
			key = "setupui.transfers.f.service" // without the standard's field number
		}
		fmt.Fprintf(&b, "%s: %s\n", v.t(key), r.val)
	}
	return strings.TrimSuffix(b.String(), "\n")
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

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func nonZero(n int64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}
