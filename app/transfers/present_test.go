package transfers

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

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

// The state column and what to do say the engine's verdict in the user's words (its stage,
// why for a held item, Chorus Pro's reason for a refusal), and the buttons follow outbox.Item's
// predicates: a refused flux may be sent again, a buyer's rejection may not.
func TestTransfersStateTable(t *testing.T) {
	refused := outbox.Item{State: outbox.Final, SHA: "x", Flux: "F", FluxState: outbox.FluxRejete, Fix: "setup",
		Cause: outbox.Text{i18n.EN: "the seller is not attached to the technical account"}, Raw: "non rattaché"}
	held := outbox.Item{State: outbox.Held, Hold: outbox.HoldSetupTest, SHA: "x",
		Message: outbox.Text{i18n.EN: "the setup's Test fails at Attachment: the technical account is not attached to SIRET 1"}}
	cases := []struct {
		name                        string
		it                          outbox.Item
		state, todo                 string
		retry, resend, mark, remove bool
		fixSetup                    bool
	}{
		{"queued", outbox.Item{State: outbox.Queued, SHA: "x"}, "waiting to be sent", "", false, false, false, false, false},
		{"unroutable", outbox.Item{State: outbox.Held, Hold: outbox.HoldUnroutable, SHA: "x"}, "held: no company", "choose the company", true, false, false, true, false},
		{"no setup", outbox.Item{State: outbox.Held, Hold: outbox.HoldNotTransferred, SHA: "x"}, "held: no setup", "fix the company's setup", true, false, false, true, true},
		{"setup test fails", held, "held: the setup's Test fails at Attachment: the technical account is not attached to SIRET 1", "run the setup's Test", true, false, false, true, true},
		{"preflight", outbox.Item{State: outbox.Held, Hold: outbox.HoldPreflight, SHA: "x"}, "held: recipient check", "recipient's settings", true, false, false, true, false},
		{"depositing", outbox.Item{State: outbox.Depositing, SHA: "x"}, "waiting to be sent", "", false, false, false, false, false},
		{"sent", outbox.Item{State: outbox.Deposited, SHA: "x", Flux: "F"}, "sent, waiting for Chorus Pro", "", false, false, false, false, false},
		{"accepted", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", FluxState: outbox.FluxIntegre}, "accepted by Chorus Pro", "", false, false, false, false, false},
		{"available", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusMiseADisposition}, "made available to the buyer", "", false, false, false, false, false},
		{"not an invoice", outbox.Item{State: outbox.Failed}, "not sent", "add the corrected file", false, false, false, true, false},
		{"failed", outbox.Item{State: outbox.Failed, SHA: "x"}, "not sent", "Retry", true, false, true, true, false},
		{"unsure, still looked up", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x"}, "deposit unconfirmed", "", false, true, true, true, false},
		{"unsure, user decides", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x", AskUser: true}, "deposit unconfirmed", "Chorus Pro portal", false, true, true, true, false},
		{"a_recycler", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusARecycler}, "sent back by the buyer", "same number", false, false, false, false, false},
		{"suspendue", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusSuspendue}, "suspended by the buyer", "complete it on the portal", false, false, false, false, false},
		{"paid", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusMiseEnPaiement}, "paid", "", false, false, false, true, false},
		{"rejected by the buyer", outbox.Item{State: outbox.Final, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusRejetee}, "rejected by the buyer", "credit note", false, false, false, true, false},
		{"refused by Chorus Pro", refused, "refused by Chorus Pro: the seller is not attached to the technical account", "fix the setup", false, true, false, true, true},
		{"refused, replaced", func() outbox.Item { it := refused; it.ReplacedBy = "new"; return it }(), "replaced by a new copy (refused by Chorus Pro)", "fix the setup", false, false, false, true, false},
		{"withdrawn", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: "ABANDONNEE"}, "withdrawn on Chorus Pro", "check it on the Chorus Pro portal", false, false, false, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := c.it
			v := outbox.Explain(it)
			if got := stateText(i18n.EN, it, v); got != c.state {
				t.Errorf("state %q, want %q", got, c.state)
			}
			todo := ""
			if v.Action != nil {
				todo = v.Action.In(i18n.EN)
			}
			if (c.todo == "") != (todo == "") || !strings.Contains(todo, c.todo) {
				t.Errorf("what to do %q, want it to contain %q", todo, c.todo)
			}
			got := [...]bool{it.CanRetry(), it.CanResend(), it.CanMarkDeposited(), it.CanRemove(), setupAtFault(it)}
			want := [...]bool{c.retry, c.resend, c.mark, c.remove, c.fixSetup}
			if got != want {
				t.Errorf("retry/resend/mark/remove/fix setup = %v, want %v", got, want)
			}
			if stateIcon(it) == nil {
				t.Error("no icon")
			}
		})
	}
}

// The setup column says whose setup carried the item and its technical login.
func TestSetupText(t *testing.T) {
	cases := []struct {
		it   outbox.Item
		want string
	}{
		{outbox.Item{}, ""},
		{outbox.Item{CompanyCode: "ACME", SetupFrom: "ACME", Login: "TECH_1@cpro.fr"}, "own · TECH_1@cpro.fr"},
		{outbox.Item{CompanyCode: "ACME", SetupFrom: "*****", Login: "TECH_9@cpro.fr"}, "***** · TECH_9@cpro.fr"},
		{outbox.Item{CompanyCode: "ACME", SetupFrom: "ACME"}, "own"},
		{outbox.Item{Login: "TECH_1@cpro.fr"}, "TECH_1@cpro.fr"},
	}
	for _, c := range cases {
		if got := setupText(i18n.EN, c.it); got != c.want {
			t.Errorf("%+v: %q, want %q", c.it, got, c.want)
		}
	}
	fr := setupLine(i18n.FR, outbox.Item{CompanyCode: "ACME", SetupFrom: "*****", Login: "TECH_9@cpro.fr", Flux: "F", State: outbox.Deposited, Tag: "ACME01"})
	if !strings.Contains(fr, "paramétrage *****") || !strings.Contains(fr, "TECH_9@cpro.fr") || !strings.Contains(fr, "ACME01") {
		t.Errorf("French setup line %q", fr)
	}
}

// The highlight follows the selected item when a filter moves its row, and the details stay
// on it while a filter hides it.
func TestTransfersSelectionFollowsTheFilter(t *testing.T) {
	f, v := shownView(t, 0, nil)
	for i, code := range []string{"DEMO1", "DEMO2", "DEMO1"} {
		it := synthetic(i, outbox.Queued)
		it.CompanyCode = code
		f.emit(outbox.Event{Kind: outbox.EventAdded, Item: it})
	}
	c, _ := v.m.Row(2)
	v.table.Select(widget.TableCellID{Row: 2, Col: colNumber})
	v.m.SetFilter(bridge.Filter{Company: "DEMO1"})
	v.syncSelection()
	if v.selected != c.ID || v.selRow != 1 {
		t.Fatalf("selected %s at row %d, want %s at row 1", v.selected, v.selRow, c.ID)
	}
	v.m.SetFilter(bridge.Filter{Company: "DEMO2"})
	v.syncSelection()
	if v.selected != c.ID || v.selRow != -1 || !strings.Contains(v.title.Text, c.Number) {
		t.Fatalf("hidden: selected %s row %d, details %q", v.selected, v.selRow, v.title.Text)
	}
}
