package transfers

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

// What the view says about an item beyond its state (bridge.StateKey): pure functions of the
// item. Which actions an item allows is the engine's rule (outbox.Item.CanRetry and its
// siblings), never decided here.

// adviceKey is what the user can do about the item, or "" when nothing is asked of them. The
// engine's message says what happened (and, for A_RECYCLER and SUSPENDUE, what to do in the
// portal); this names the button of this window that answers it.
func adviceKey(it outbox.Item) string {
	switch it.State {
	case outbox.Held:
		switch it.Hold {
		case outbox.HoldUnroutable:
			return "gui.transfers.todo.unroutable"
		case outbox.HoldNotTransferred:
			return "gui.transfers.todo.not_transferred"
		case outbox.HoldPreflight:
			return "gui.transfers.todo.preflight"
		}
	case outbox.Failed:
		if it.SHA == "" {
			return "gui.transfers.todo.not_invoice"
		}
		return "gui.transfers.todo.failed"
	case outbox.NeedsConfirmation:
		return "gui.transfers.todo.confirm"
	case outbox.Tracking:
		switch it.InvoiceStatus {
		case outbox.StatusARecycler:
			return "gui.transfers.todo.a_recycler"
		case outbox.StatusSuspendue:
			return "gui.transfers.todo.suspendue"
		}
	case outbox.Final:
		if it.Rejected() {
			return "gui.transfers.todo.rejected"
		}
	}
	return ""
}

// ageText is a short, rounded-down age for a table cell: "12 s", "3 min", "5 h", "2 d".
func ageText(lang i18n.Lang, d time.Duration) string {
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return i18n.T(lang, "gui.transfers.age.s", int(d/time.Second))
	case d < time.Hour:
		return i18n.T(lang, "gui.transfers.age.min", int(d/time.Minute))
	case d < 48*time.Hour:
		return i18n.T(lang, "gui.transfers.age.h", int(d/time.Hour))
	}
	return i18n.T(lang, "gui.transfers.age.d", int(d/(24*time.Hour)))
}

// stateIcon is the icon of the state column, coloured by what it means to the user: red when
// something failed, orange when the user must act, green when it went through.
func stateIcon(it outbox.Item) fyne.Resource {
	switch it.State {
	case outbox.Queued, outbox.Ready:
		return theme.HistoryIcon()
	case outbox.Depositing:
		return theme.NewPrimaryThemedResource(theme.UploadIcon())
	case outbox.Deposited:
		return theme.NewSuccessThemedResource(theme.UploadIcon())
	case outbox.Tracking:
		if it.InvoiceStatus == outbox.StatusARecycler || it.InvoiceStatus == outbox.StatusSuspendue {
			return theme.NewWarningThemedResource(theme.WarningIcon())
		}
		return theme.NewPrimaryThemedResource(theme.SearchIcon())
	case outbox.Held:
		return theme.NewWarningThemedResource(theme.MediaPauseIcon())
	case outbox.NeedsConfirmation:
		return theme.NewWarningThemedResource(theme.QuestionIcon())
	case outbox.Failed:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case outbox.Final:
		if it.Rejected() {
			return theme.NewErrorThemedResource(theme.CancelIcon())
		}
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	}
	return theme.QuestionIcon()
}
