package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

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

// rejected reports whether Chorus Pro or the recipient turned the invoice down: a final item
// whose invoice was rejected, or whose flux ended without an integrated invoice (the outbox
// stops tracking such an item before it learns an invoice identifier).
func rejected(it outbox.Item) bool {
	return it.State == outbox.Final && (it.InvoiceStatus == outbox.StatusRejetee || it.InvoiceID == 0)
}

// needsUser reports whether the item waits for a decision of the user.
func needsUser(it outbox.Item) bool {
	switch it.State {
	case outbox.Held, outbox.Failed:
		return true
	case outbox.NeedsConfirmation:
		return it.AskUser
	}
	return false
}

// stateKey is the catalog key naming where the item stands, finer than the engine state
// where the user cares (why it is held, how it ended).
func stateKey(it outbox.Item) string {
	switch it.State {
	case outbox.Held:
		if it.Hold != "" {
			return "gui.transfers.state.held_" + string(it.Hold)
		}
	case outbox.Final:
		switch {
		case rejected(it):
			return "gui.transfers.state.rejected"
		case it.InvoiceStatus == outbox.StatusMiseEnPaiement:
			return "gui.transfers.state.paid"
		}
	}
	return "gui.transfers.state." + string(it.State)
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
		if rejected(it) {
			return theme.NewErrorThemedResource(theme.CancelIcon())
		}
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	}
	return theme.QuestionIcon()
}

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
		if rejected(it) {
			return "gui.transfers.todo.rejected"
		}
	}
	return ""
}

// canRetry, canResend, canMark and canRemove mirror what the engine accepts, so the buttons
// are enabled only when the action can succeed.
func canRetry(it outbox.Item) bool {
	return it.State == outbox.Held || (it.State == outbox.Failed && it.SHA != "")
}

func canResend(it outbox.Item) bool {
	return it.State == outbox.NeedsConfirmation
}

func canMark(it outbox.Item) bool {
	return it.State == outbox.NeedsConfirmation || (it.State == outbox.Failed && it.SHA != "")
}

func canRemove(it outbox.Item) bool {
	switch it.State {
	case outbox.Held, outbox.Failed, outbox.Final, outbox.NeedsConfirmation:
		return true
	}
	return false
}

// batchDone reports whether an item no longer counts against the batch's progress: deposited,
// or stopped where only the user can move it. Tracking to a final status can take weeks and
// is not part of a batch.
func batchDone(it outbox.Item) bool { return it.Settled() }
