package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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

// The state column and the buttons say the same thing as the engine: what the item is and
// what the user may do with it.
func TestTransfersStateTable(t *testing.T) {
	cases := []struct {
		name                         string
		it                           outbox.Item
		state, todo                  string
		retry, resend, mark, remove  bool
		rejected, needsUser, settled bool
	}{
		{"queued", outbox.Item{State: outbox.Queued, SHA: "x"}, "waiting to be sent", "", false, false, false, false, false, false, false},
		{"unroutable", outbox.Item{State: outbox.Held, Hold: outbox.HoldUnroutable, SHA: "x"}, "held: no company", "choose the company", true, false, false, true, false, true, true},
		{"no setup", outbox.Item{State: outbox.Held, Hold: outbox.HoldNotTransferred, SHA: "x"}, "held: no setup", "enable the company's setup", true, false, false, true, false, true, true},
		{"preflight", outbox.Item{State: outbox.Held, Hold: outbox.HoldPreflight, SHA: "x"}, "held: recipient check", "service code", true, false, false, true, false, true, true},
		{"depositing", outbox.Item{State: outbox.Depositing, SHA: "x"}, "sending", "", false, false, false, false, false, false, false},
		{"not an invoice", outbox.Item{State: outbox.Failed}, "failed", "not an invoice", false, false, false, true, false, true, true},
		{"failed", outbox.Item{State: outbox.Failed, SHA: "x"}, "failed", "fix the cause", true, false, true, true, false, true, true},
		{"unsure, still looked up", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x"}, "to confirm", "Chorus Pro portal", false, true, true, true, false, false, true},
		{"unsure, user decides", outbox.Item{State: outbox.NeedsConfirmation, SHA: "x", AskUser: true}, "to confirm", "Chorus Pro portal", false, true, true, true, false, true, true},
		{"a_recycler", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusARecycler}, "deposited, followed", "A_RECYCLER means", false, false, false, false, false, false, true},
		{"suspendue", outbox.Item{State: outbox.Tracking, SHA: "x", Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusSuspendue}, "deposited, followed", "Compléter", false, false, false, false, false, false, true},
		{"paid", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusMiseEnPaiement}, "paid", "", false, false, false, true, false, false, true},
		{"rejected", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: outbox.StatusRejetee}, "rejected", "credit note", false, false, false, true, true, false, true},
		{"flux rejected", outbox.Item{State: outbox.Final, Flux: "F", FluxState: outbox.FluxRejete}, "rejected", "credit note", false, false, false, true, true, false, true},
		{"abandoned", outbox.Item{State: outbox.Final, Flux: "F", InvoiceID: 1, InvoiceStatus: "ABANDONNEE"}, "finished", "", false, false, false, true, false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := c.it
			if got := i18n.T(i18n.EN, stateKey(it)); got != c.state {
				t.Errorf("state %q, want %q", got, c.state)
			}
			todo := ""
			if k := adviceKey(it); k != "" {
				todo = i18n.T(i18n.EN, k)
			}
			if (c.todo == "") != (todo == "") || !strings.Contains(todo, c.todo) {
				t.Errorf("what to do %q, want it to contain %q", todo, c.todo)
			}
			got := [...]bool{canRetry(it), canResend(it), canMark(it), canRemove(it), rejected(it), needsUser(it), batchDone(it)}
			want := [...]bool{c.retry, c.resend, c.mark, c.remove, c.rejected, c.needsUser, c.settled}
			if got != want {
				t.Errorf("retry/resend/mark/remove/rejected/needsUser/settled = %v, want %v", got, want)
			}
			if stateIcon(it) == nil {
				t.Error("no icon")
			}
		})
	}
}

// bareTransfers is a bridge with no engine, fed with synthetic events (the model's rules
// without the network).
func bareTransfers(t testing.TB) (*transfers, *[]*fyne.Notification) {
	a := test.NewTempApp(t)
	u := &UI{app: a, lang: i18n.EN}
	x := &transfers{u: u, do: func(f func()) { f() }, now: time.Now,
		index: map[string]int{}, hist: map[string][]historyEntry{}, batch: map[string]bool{},
		stopC: make(chan struct{}), started: make(chan struct{}), loaded: true}
	var notes []*fyne.Notification
	x.notify = func(n *fyne.Notification) { notes = append(notes, n) }
	return x, &notes
}

func synthetic(i int, s outbox.State) outbox.Item {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return outbox.Item{ID: fmt.Sprintf("%016x%08x", at.UnixNano()+int64(i), i), Number: fmt.Sprintf("INV-%04d", i),
		File: fmt.Sprintf("/in/INV-%04d.xml", i), SHA: "x", CompanyCode: "DEMO1", State: s, Created: at, Changed: at}
}

// A batch spans the items with work left; its end is notified once, with the counts; a
// rejection is notified when it happens, not when a rejected item is loaded.
func TestTransfersBatchAndNotifications(t *testing.T) {
	x, notes := bareTransfers(t)
	old := synthetic(0, outbox.Final)
	old.InvoiceStatus = outbox.StatusRejetee
	x.loaded = false
	x.load([]outbox.Item{old})
	if len(*notes) != 0 || x.batchRunning() {
		t.Fatalf("loading a finished item: notes %v, batch running %v", noteTexts(*notes), x.batchRunning())
	}
	ev := func(k outbox.EventKind, it outbox.Item) outbox.Event { return outbox.Event{Kind: k, Item: it} }
	a, b, c := synthetic(1, outbox.Queued), synthetic(2, outbox.Queued), synthetic(3, outbox.Queued)
	x.apply([]outbox.Event{ev(outbox.EventAdded, a), ev(outbox.EventAdded, b), ev(outbox.EventAdded, c)})
	if done, total := x.batchProgress(); done != 0 || total != 3 {
		t.Fatalf("progress %d/%d, want 0/3", done, total)
	}
	a.State, b.State = outbox.Deposited, outbox.Held
	x.apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, b)})
	if done, total := x.batchProgress(); done != 2 || total != 3 || len(*notes) != 0 {
		t.Fatalf("progress %d/%d, notes %v", done, total, noteTexts(*notes))
	}
	c.State = outbox.Failed
	x.apply([]outbox.Event{ev(outbox.EventChanged, c)})
	if len(*notes) != 1 || (*notes)[0].Content != "1 deposited, 1 waiting for you, 1 failed." {
		t.Fatalf("batch end notes %v", noteTexts(*notes))
	}
	// Tracking changes do not start a batch; the rejection is notified once.
	a.State, a.InvoiceID, a.InvoiceStatus = outbox.Tracking, 7, "MISE_A_DISPOSITION"
	x.apply([]outbox.Event{ev(outbox.EventChanged, a)})
	a.State, a.InvoiceStatus = outbox.Final, outbox.StatusRejetee
	a.Message = outbox.Text{i18n.EN: "the recipient rejected the invoice (comment: wrong PO)"}
	x.apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, a)})
	if len(*notes) != 2 || (*notes)[1].Title != "Invoice INV-0001 rejected" || !strings.Contains((*notes)[1].Content, "wrong PO") {
		t.Fatalf("rejection notes %v", noteTexts(*notes))
	}
	if x.batchRunning() {
		t.Error("tracking started a batch")
	}
	// A retried item starts a new batch of its own.
	c.State = outbox.Queued
	x.apply([]outbox.Event{ev(outbox.EventChanged, c)})
	if done, total := x.batchProgress(); done != 0 || total != 1 {
		t.Errorf("new batch %d/%d, want 0/1", done, total)
	}
	// Removal forgets the item and its place in the batch.
	x.apply([]outbox.Event{ev(outbox.EventRemoved, c)})
	if _, ok := x.item(c.ID); ok || x.batchRunning() || len(x.rows) != 3 {
		t.Errorf("after removal: rows %d, batch running %v", len(x.rows), x.batchRunning())
	}
	for i, it := range x.rows {
		if x.index[it.ID] != i {
			t.Fatalf("index of %s is %d, want %d", it.Number, x.index[it.ID], i)
		}
	}
	// The history keeps every state seen, in order.
	var states []string
	for _, h := range x.hist[a.ID] {
		states = append(states, i18n.T(i18n.EN, h.state))
	}
	if got := strings.Join(states, ", "); got != "added, waiting to be sent, deposited, deposited, followed, rejected" {
		t.Errorf("history %q", got)
	}
}

// Events arriving out of creation order (two intakes at once) keep the rows sorted.
func TestTransfersRowsStaySorted(t *testing.T) {
	x, _ := bareTransfers(t)
	var evs []outbox.Event
	for _, i := range []int{5, 1, 4, 2, 3} {
		evs = append(evs, outbox.Event{Kind: outbox.EventAdded, Item: synthetic(i, outbox.Queued)})
	}
	x.apply(evs)
	for i, it := range x.rows {
		if want := fmt.Sprintf("INV-%04d", i+1); it.Number != want {
			t.Errorf("row %d is %s, want %s", i, it.Number, want)
		}
		if x.rowOf(it.ID) != i {
			t.Errorf("rowOf(%s) = %d, want %d", it.Number, x.rowOf(it.ID), i)
		}
	}
}
