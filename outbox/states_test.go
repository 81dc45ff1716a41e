package outbox

import (
	"strings"
	"testing"

	"chorusdesk/i18n"
)

// The state table: every row cites a source; the documented successes and failures are
// classified as their sources say; an unknown state is still moving and flagged unknown.
func TestStateTable(t *testing.T) {
	for _, r := range append(FluxRows(), InvoiceRows()...) {
		if strings.TrimSpace(r.Source) == "" {
			t.Errorf("%s has no source", r.Code)
		}
	}
	for _, r := range InvoiceRows() {
		if !knownInvoice[r.Code] {
			t.Errorf("%s is not in the official enum", r.Code)
		}
	}
	flux := []struct {
		state   string
		outcome Outcome
		known   bool
	}{
		// Tryton: IN_RECU and IN_TRAITE_SE_CPP are successes beside IN_INTEGRE.
		{FluxIntegre, OutcomeDone, true}, {FluxRecu, OutcomeDone, true}, {FluxTraiteSECPP, OutcomeDone, true},
		{FluxIntegrePartiel, OutcomeDone, true},
		{FluxRejete, OutcomeFailed, true}, {FluxIncidente, OutcomeFailed, true},
		{FluxIrrecevable, OutcomeFailed, true}, {FluxRecevableErr, OutcomeFailed, true},
		{FluxDeposePortail, OutcomeMoving, true}, {"IN_EN_ATTENTE_RETRAITEMENT_CPP", OutcomeMoving, true},
		{"QP_RECEVABLE", OutcomeMoving, true}, {"", OutcomeMoving, true},
		{"IN_SOMETHING_NEW", OutcomeMoving, false},
	}
	for _, c := range flux {
		r, known := FluxRow(c.state)
		if r.Outcome != c.outcome || known != c.known {
			t.Errorf("flux %q: outcome %d known %v, want %d %v", c.state, r.Outcome, known, c.outcome, c.known)
		}
	}
	inv := []struct {
		status    string
		noPayment bool
		outcome   Outcome
		stage     Stage
		known     bool
	}{
		{StatusMiseEnPaiement, false, OutcomeDone, StagePaid, true},
		{StatusMandatee, false, OutcomeMoving, StageMandated, true},
		// A structure that never reports payment stops at MANDATEE.
		{StatusMandatee, true, OutcomeDone, StageMandated, true},
		{StatusRejetee, false, OutcomeFailed, StageRejected, true},
		{StatusARecycler, false, OutcomeMoving, StageRecycle, true},
		{StatusSuspendue, false, OutcomeMoving, StageSuspended, true},
		{StatusACompleter, false, OutcomeMoving, StageSuspended, true},
		{StatusMiseADisposition, false, OutcomeMoving, StageAvailable, true},
		{"ABANDONNEE", false, OutcomeFailed, StageWithdrawn, true},
		{"TRANSMISE_MOA", false, OutcomeMoving, StageAvailable, true},
		{"PAYEE_AUTREMENT", false, OutcomeMoving, StageAvailable, false},
	}
	for _, c := range inv {
		r, known := InvoiceRow(c.status, c.noPayment)
		if r.Outcome != c.outcome || r.Stage != c.stage || known != c.known {
			t.Errorf("invoice %q (no payment %v): %d %s %v, want %d %s %v", c.status, c.noPayment, r.Outcome, r.Stage, known, c.outcome, c.stage, c.known)
		}
	}
}

// Explain: one verdict per kind of ending, with the action that fits and the raw label kept.
func TestExplainVerdicts(t *testing.T) {
	refused := Item{State: Final, SHA: "x", Flux: "F", FluxState: FluxRejete, Fix: fixSetup,
		Raw: "L'identifiant fournisseur n'est pas rattache", Cause: Text{i18n.EN: "the seller is not attached", i18n.FR: "le vendeur n'est pas rattaché"}}
	cases := []struct {
		name    string
		it      Item
		stage   Stage
		action  string // fragment of the English action; "" = none
		raw     string
		warning bool
	}{
		{"refused, setup", refused, StageRefused, "fix the setup", "rattache", true},
		{"incident", Item{State: Final, Flux: "F", FluxState: FluxIncidente, Fix: fixIncident}, StageRefused, "send it again as it is", FluxIncidente, true},
		{"rejected by buyer", Item{State: Final, Flux: "F", InvoiceID: 1, InvoiceStatus: StatusRejetee, Raw: "REJETEE montant"}, StageRejected, "credit note", "REJETEE montant", true},
		{"recycle", Item{State: Tracking, Flux: "F", InvoiceID: 1, InvoiceStatus: StatusARecycler}, StageRecycle, "same number", StatusARecycler, true},
		{"suspended", Item{State: Tracking, Flux: "F", InvoiceID: 1, InvoiceStatus: StatusSuspendue}, StageSuspended, "portal (attachments)", StatusSuspendue, true},
		{"status unknown", Item{State: Tracking, Flux: "F", StatusUnknown: true, FluxState: FluxDeposePortail}, StageUnknown, "", FluxDeposePortail, true},
		{"stalled", Item{State: Tracking, Flux: "F", Stalled: true}, StageStalled, "has not moved this for", "", true},
		{"waiting for Chorus Pro", Item{State: Deposited, Flux: "F"}, StageSent, "", "", true},
		{"accepted", Item{State: Tracking, Flux: "F", FluxState: FluxRecu}, StageAccepted, "", FluxRecu, true},
		{"held unroutable", Item{State: Held, Hold: HoldUnroutable}, StageHeld, "choose the company", "", false},
		{"held by a failing Test", Item{State: Held, Hold: HoldSetupTest}, StageHeld, "Test", "", false},
		{"queued", Item{State: Queued}, StageWaiting, "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Explain(c.it)
			if v.Stage != c.stage {
				t.Fatalf("stage %s, want %s", v.Stage, c.stage)
			}
			switch {
			case c.action == "" && v.Action != nil:
				t.Errorf("action %q, want none", v.Action.In(i18n.EN))
			case c.action != "" && !strings.Contains(v.Action.In(i18n.EN), c.action):
				t.Errorf("action %q, want %q", v.Action.In(i18n.EN), c.action)
			case v.Action != nil && v.Action.In(i18n.FR) == v.Action.In(i18n.EN):
				t.Errorf("action not translated: %q", v.Action.In(i18n.FR))
			}
			if !strings.Contains(v.Raw, c.raw) {
				t.Errorf("raw %q, want %q", v.Raw, c.raw)
			}
			if (v.Warning != nil) != c.warning {
				t.Errorf("warning %v, want %v", v.Warning, c.warning)
			}
			if v.Cause == nil || v.Cause.In(i18n.EN) == "" {
				t.Error("no cause")
			}
		})
	}
	// Only a flux Chorus Pro refused may be sent again; the buyer's rejection may not.
	if !refused.CanResend() || !refused.Rejected() {
		t.Error("a refused flux cannot be sent again")
	}
	rej := cases[2].it
	if rej.CanResend() || !rej.Rejected() {
		t.Error("a rejection by the buyer can be sent again")
	}
	refused.ReplacedBy = "other"
	if refused.CanResend() {
		t.Error("a replaced item can be sent again")
	}
}
