package transfers

import (
	"strings"
	"testing"
	"time"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/i18n"
	"chorusdesk/outbox"
)

func TestAgeText(t *testing.T) {
	cases := []struct {
		d      time.Duration
		en, fr string
	}{
		{-time.Second, "0 s", "0 s"},
		{0, "0 s", "0 s"},
		{59 * time.Second, "59 s", "59 s"},
		{time.Minute, "1 min", "1 min"},
		{3*time.Minute + 59*time.Second, "3 min", "3 min"},
		{time.Hour, "1 h", "1 h"},
		{47 * time.Hour, "47 h", "47 h"},
		{48 * time.Hour, "2 d", "2 j"},
		{400 * 24 * time.Hour, "400 d", "400 j"},
	}
	for _, c := range cases {
		if got := ageText(i18n.EN, c.d); got != c.en {
			t.Errorf("EN %v: %q, want %q", c.d, got, c.en)
		}
		if got := ageText(i18n.FR, c.d); got != c.fr {
			t.Errorf("FR %v: %q, want %q", c.d, got, c.fr)
		}
	}
}

// The state column, the advice and the buttons say the same thing as the engine: what the item
// is and what the user may do with it (the buttons follow outbox.Item's predicates).
func TestTransfersStateTable(t *testing.T) {
	cases := []struct {
		name                        string
		it                          outbox.Item
		state, todo                 string
		retry, resend, mark, remove bool
		rejected, settled           bool
	}{
		{"queued", outbox.Item{State: outbox.Queued, SHA: "x"}, "waiting to be sent", "", false, false, false, false, false, false},
		{"unroutable", outbox.Item{State: outbox.Held, Hold: outbox.HoldUnroutable, SHA: "x"}, "held: no company", "choose the company", true, false, false, true, false, true},
		{"no setup", outbox.Item{State: outbox.Held, Hold: outbox.HoldNotTransferred, SHA: "x"}, "held: no setup", "enable the company's setup", true, false, false, true, false, true},
		{"preflight", outbox.Item{State: outbox.Held, Hold: outbox.HoldPreflight, SHA: "x"}, "held: recipient check", "service code", true, false, false, true, false, true},
		{"depositing", outbox.Item{State: outbox.Depositing, SHA: "x"}, "sending", "", false, false, false, false, false, false},
		{"not an invoice", outbox.Item{State: outbox.Failed}, "failed", "not an invoice", false, false, false, true, false, true},
		{"failed", outbox.Item{State: outbox.Failed, SHA: "x"}, "failed", "fix the cause", true, false, true, true, false, true},
		{"unsure, still looked up", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x"}, "to confirm", "Chorus Pro portal", false, true, true, true, false, true},
		{"unsure, user decides", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x", AskUser: true}, "to confirm", "Chorus Pro portal", false, true, true, true, false, true},
		{"a_recycler", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusARecycler}, "deposited, followed", "A_RECYCLER means", false, false, false, false, false, true},
		{"suspendue", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusSuspendue}, "deposited, followed", "Compléter", false, false, false, false, false, true},
		{"paid", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusMiseEnPaiement}, "paid", "", false, false, false, true, false, true},
		{"rejected", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusRejetee}, "rejected", "credit note", false, false, false, true, true, true},
		{"flux rejected", outbox.Item{State: outbox.Final, Flux: "F", FluxState: outbox.FluxRejete}, "rejected", "credit note", false, false, false, true, true, true},
		{"incident", outbox.Item{State: outbox.Final, Flux: "F", FluxState: outbox.FluxIncidente}, "rejected", "credit note", false, false, false, true, true, true},
		{"abandoned", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: "ABANDONNEE"}, "finished", "", false, false, false, true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := c.it
			if got := i18n.T(i18n.EN, bridge.StateKey(it)); got != c.state {
				t.Errorf("state %q, want %q", got, c.state)
			}
			todo := ""
			if k := adviceKey(it); k != "" {
				todo = i18n.T(i18n.EN, k)
			}
			if (c.todo == "") != (todo == "") || !strings.Contains(todo, c.todo) {
				t.Errorf("what to do %q, want it to contain %q", todo, c.todo)
			}
			got := [...]bool{it.CanRetry(), it.CanResend(), it.CanMarkDeposited(), it.CanRemove(), it.Rejected(), it.Settled()}
			want := [...]bool{c.retry, c.resend, c.mark, c.remove, c.rejected, c.settled}
			if got != want {
				t.Errorf("retry/resend/mark/remove/rejected/settled = %v, want %v", got, want)
			}
			if stateIcon(it) == nil {
				t.Error("no icon")
			}
		})
	}
}
