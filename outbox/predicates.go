package outbox

// What the user may do with an item. The engine accepts an action exactly when its predicate
// holds, and both faces (the window's buttons, the command line) ask these instead of reading
// states themselves: one meaning everywhere.

// CanRetry reports whether Retry (or Reroute) applies: the item is held (it is routed again:
// the user may have chosen the company, fixed the setup or the recipient's settings), it
// failed before Chorus Pro got it and its content is kept (the step that failed runs again),
// or its tracking stopped because Chorus Pro did not move it (polling resumes).
func (it Item) CanRetry() bool {
	if it.ReplacedBy != "" && neverDeposited(it) {
		return false // a newer copy took its place
	}
	switch it.State {
	case Held:
		return true
	case Failed:
		return it.SHA != ""
	case Deposited, Tracking:
		return it.Stalled
	}
	return false
}

// CanResend reports whether ConfirmResend (Send again) applies: the deposit is unsure and the
// user, having checked Chorus Pro, asks to deposit again (the engine looks it up once more
// first); or Chorus Pro refused the flux before any buyer saw it, so the same invoice may be
// deposited again (after the fix) without being a duplicate, as a new item linked to this one.
func (it Item) CanResend() bool {
	switch it.State {
	case NeedsConfirmation:
		return true
	case Final:
		return it.SHA != "" && it.ReplacedBy == "" && stageOf(it) == StageRefused
	}
	return false
}

// CanMarkDeposited reports whether MarkDeposited applies: the deposit is unsure (or failed
// before any flux was known) and the user found the flux on the Chorus Pro portal.
func (it Item) CanMarkDeposited() bool {
	switch it.State {
	case NeedsConfirmation:
		return true
	case Failed:
		return it.SHA != "" && it.Flux == "" && it.ReplacedBy == ""
	}
	return false
}

// CanRemove reports whether Remove applies: nothing is in flight for the item (held, failed,
// finished, or waiting for the user's confirmation).
func (it Item) CanRemove() bool {
	switch it.State {
	case Held, Failed, Final, NeedsConfirmation:
		return true
	}
	return false
}

// NeedsUser reports whether the item waits for a decision of the user.
func (it Item) NeedsUser() bool {
	switch it.State {
	case Held, Failed:
		return true
	case NeedsConfirmation:
		return it.AskUser
	}
	return false
}

// Rejected reports whether Chorus Pro or the recipient refused the invoice for good: the
// flux was refused (or this invoice was left out of a partially integrated flux), or the
// recipient rejected it. The window notifies the user of these.
func (it Item) Rejected() bool {
	if it.State != Final {
		return false
	}
	s := stageOf(it)
	return s == StageRefused || s == StageRejected
}
