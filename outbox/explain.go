package outbox

import (
	"strings"
	"time"

	"chorusdesk/i18n"
)

// Stage is where an item stands, in the words of the person who sent it. It is derived from
// the item (its state and the state table), never stored.
type Stage string

const (
	StageWaiting   Stage = "waiting"   // queued, ready or being deposited
	StageHeld      Stage = "held"      // not sent: waits for the user
	StageNotSent   Stage = "not_sent"  // failed before Chorus Pro took it
	StageUnsure    Stage = "unsure"    // the deposit may or may not have reached Chorus Pro
	StageSent      Stage = "sent"      // deposited; Chorus Pro has not answered on the flux yet
	StageAccepted  Stage = "accepted"  // accepted by Chorus Pro, on its way to the buyer
	StageAvailable Stage = "available" // made available to the buyer
	StageMandated  Stage = "mandated"  // payment ordered by the buyer
	StagePaid      Stage = "paid"      // payment issued
	StageRefused   Stage = "refused"   // refused by Chorus Pro before any buyer saw it
	StageRejected  Stage = "rejected"  // rejected by the buyer
	StageRecycle   Stage = "recycle"   // sent back by the buyer: recipient, service or commitment
	StageSuspended Stage = "suspended" // suspended by the buyer: something to complete
	StageWithdrawn Stage = "withdrawn" // abandoned or deleted on Chorus Pro
	StageUnknown   Stage = "unknown"   // deposited; the last status query failed (asked again)
	StageStalled   Stage = "stalled"   // Chorus Pro has not moved it for longer than the bound
)

// Text names the stage in every language.
func (s Stage) Text() Text { return msg("engine.stage." + string(s)) }

// Verdict explains an item: where it stands, why, and what the user can do.
type Verdict struct {
	Stage Stage
	// Cause says what happened in plain words: Chorus Pro's own label translated when it
	// gave one, the buyer's comment, or the engine's reason.
	Cause Text
	// Action says what to do; nil when nothing is asked of the user.
	Action Text
	// Raw is Chorus Pro's label or state code as it wrote it ("" when there is none), shown
	// under the sentence.
	Raw string
	// Warning is said before the invoice is sent again: Chorus Pro already has it.
	Warning Text
}

// Explain is the one classification of an item for both faces.
func Explain(it Item) Verdict {
	v := Verdict{Stage: stageOf(it), Raw: it.Raw}
	v.Cause = it.Cause
	switch v.Stage {
	case StageHeld, StageNotSent, StageUnsure, StageUnknown:
		v.Cause = it.Message
	}
	if v.Cause == nil {
		v.Cause = v.Stage.Text()
	}
	if v.Raw == "" {
		v.Raw = it.InvoiceStatus
		if v.Raw == "" {
			v.Raw = it.FluxState
		}
	}
	v.Action = actionOf(it, v.Stage)
	if it.WasDeposited() {
		v.Warning = msg("engine.warn.deposited", orDash(it.Flux), orDash(it.DepositDate))
	}
	return v
}

// stageOf derives the stage from the item and the state table.
func stageOf(it Item) Stage {
	switch it.State {
	case Queued, Ready, Depositing:
		return StageWaiting
	case Held:
		return StageHeld
	case NeedsConfirmation:
		return StageUnsure
	case Failed:
		if it.Flux != "" { // written by an older version: a deposited item never fails now
			return StageUnknown
		}
		return StageNotSent
	}
	if it.InvoiceID != 0 {
		row, _ := InvoiceRow(it.InvoiceStatus, it.PaymentNotReported)
		if it.State != Final && row.Outcome == OutcomeMoving {
			switch {
			case it.Stalled:
				return StageStalled
			case it.StatusUnknown:
				return StageUnknown
			}
		}
		return row.Stage
	}
	if it.State == Final {
		// Ended before the invoice was known: the flux was refused, or this invoice was left
		// out of a partially integrated flux.
		return StageRefused
	}
	switch {
	case it.Stalled:
		return StageStalled
	case it.StatusUnknown:
		return StageUnknown
	}
	row, _ := FluxRow(it.FluxState)
	return row.Stage
}

// actionOf says what the user can do at this stage.
func actionOf(it Item, s Stage) Text {
	switch s {
	case StageHeld:
		switch it.Hold {
		case HoldUnroutable:
			return msg("engine.act.choose_company")
		case HoldNotTransferred:
			return msg("engine.act.fix_setup_retry")
		case HoldSetupTest:
			return msg("engine.act.test_setup")
		case HoldPreflight:
			return msg("engine.act.fix_preflight")
		}
	case StageNotSent:
		switch {
		case it.SHA == "":
			return msg("engine.act.add_fixed_file")
		case !it.Retryable && it.Message != nil:
			return nil // the reason says what to do (the Chorus Pro message, a damaged copy)
		}
		return msg("engine.act.retry")
	case StageUnsure:
		if it.AskUser {
			return msg("engine.act.check_portal_unsure")
		}
	case StageRefused:
		if saysWhatToDo(it.Cause) {
			return nil // the cause is the message table's sentence: it says what to fix
		}
		return msg("engine.fix." + orDefault(it.Fix, fixOther))
	case StageRejected:
		return msg("engine.act.credit_note")
	case StageRecycle:
		return msg("engine.act.recycle")
	case StageSuspended:
		return msg("engine.act.complete_on_portal")
	case StageWithdrawn:
		return msg("engine.act.check_portal")
	case StageStalled:
		return msg("engine.act.stalled", stalledDays(it))
	}
	return nil
}

// stalledDays is how long Chorus Pro has not moved the item, in whole days.
func stalledDays(it Item) int {
	if it.StalledAt.IsZero() || it.Moved.IsZero() {
		return 0
	}
	return int(it.StalledAt.Sub(it.Moved) / (24 * time.Hour))
}

// line joins a cause and an action into the one-line message items carry.
func line(cause, action Text) Text {
	if action == nil {
		return cause
	}
	if c, ok := cause.kept(); ok {
		if a, ok := action.kept(); ok {
			return keep(i18n.M("outbox2.line", c, a))
		}
	}
	out := Text{}
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
		out[l] = strings.TrimSpace(cause.In(l)) + " — " + action.In(l)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
