package outbox

import "testing"

// The predicates say yes exactly where the engine accepts the action (one meaning for the
// window and the command line).
func TestItemPredicates(t *testing.T) {
	cases := []struct {
		name                                      string
		it                                        Item
		retry, resend, mark, remove, user, reject bool
	}{
		{"queued", Item{State: Queued, SHA: "x"}, false, false, false, false, false, false},
		{"held", Item{State: Held, SHA: "x", Hold: HoldUnroutable}, true, false, false, true, true, false},
		{"failed invoice", Item{State: Failed, SHA: "x"}, true, false, true, true, true, false},
		{"failed not an invoice", Item{State: Failed}, false, false, false, true, true, false},
		{"depositing", Item{State: Depositing, SHA: "x"}, false, false, false, false, false, false},
		{"needs confirmation, engine looking", Item{State: NeedsConfirmation, SHA: "x"}, false, true, true, true, false, false},
		{"needs confirmation, asks user", Item{State: NeedsConfirmation, SHA: "x", AskUser: true}, false, true, true, true, true, false},
		{"deposited", Item{State: Deposited, SHA: "x", Flux: "F"}, false, false, false, false, false, false},
		{"tracking", Item{State: Tracking, SHA: "x", Flux: "F"}, false, false, false, false, false, false},
		{"paid", Item{State: Final, Flux: "F", InvoiceID: 1, InvoiceStatus: StatusMiseEnPaiement}, false, false, false, true, false, false},
		{"rejected by buyer", Item{State: Final, Flux: "F", InvoiceID: 1, InvoiceStatus: StatusRejetee}, false, false, false, true, false, true},
		{"flux rejected", Item{State: Final, Flux: "F", FluxState: FluxRejete}, false, false, false, true, false, true},
		{"left out of a partial flux", Item{State: Final, Flux: "F", FluxState: FluxIntegrePartiel}, false, false, false, true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := c.it
			got := [6]bool{it.CanRetry(), it.CanResend(), it.CanMarkDeposited(), it.CanRemove(), it.NeedsUser(), it.Rejected()}
			want := [6]bool{c.retry, c.resend, c.mark, c.remove, c.user, c.reject}
			if got != want {
				t.Errorf("retry,resend,mark,remove,user,rejected = %v, want %v", got, want)
			}
		})
	}
}
