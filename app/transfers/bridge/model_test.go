package bridge

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

func TestMain(m *testing.M) {
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}

// synthetic is item i of a batch, created at a fixed time (IDs sort by i).
func synthetic(i int, s outbox.State) outbox.Item {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return outbox.Item{ID: fmt.Sprintf("%016x%08x", at.UnixNano()+int64(i), i), Number: fmt.Sprintf("INV-%04d", i),
		File: fmt.Sprintf("/in/INV-%04d.xml", i), SHA: "x", CompanyCode: "DEMO1", State: s, Created: at, Changed: at}
}

func ev(k outbox.EventKind, it outbox.Item) outbox.Event { return outbox.Event{Kind: k, Item: it} }

// testModel is a model on an outbox held in memory: the events a test applies change that
// outbox first, as the engine's store changes before the engine sends its events.
type testModel struct {
	*Model
	mem *outboxtest.Mem
}

func newTestModel(now func() time.Time) testModel {
	m := testModel{Model: NewModel(now), mem: &outboxtest.Mem{}}
	m.Load(nil)
	return m
}

// Load makes items the outbox, as the bridge loads the engine's.
func (m testModel) Load(items []outbox.Item) {
	*m.mem = slices.Clone(items)
	src, err := openSource(m.mem)
	if err != nil {
		panic(err)
	}
	m.load(src)
}

func (m testModel) Apply(evs []outbox.Event) Applied {
	for _, e := range evs {
		m.mem.Apply(e)
	}
	return m.Model.Apply(evs)
}

// deposited is it with a flux number, waiting for Chorus Pro's answer on it.
func deposited(it outbox.Item, flux string) outbox.Item {
	it.State, it.Flux, it.FluxState = outbox.Deposited, flux, outbox.FluxDeposePortail
	return it
}

// A batch goes through two stages — sent to Chorus Pro, then answered by it — and ends only
// when Chorus Pro answered every deposited item (the others stopped for the user); a
// rejection is reported when it happens, not when a rejected item is loaded; the history
// keeps every stage.
func TestModelBatchStagesRejectionsHistory(t *testing.T) {
	m := newTestModel(time.Now)
	m.SetFilter(Filter{}) // the synthetic items are old: hide none
	old := synthetic(0, outbox.Final)
	old.Flux, old.InvoiceID, old.InvoiceStatus = "F0", 1, outbox.StatusRejetee
	m.Load([]outbox.Item{old})
	if m.BatchRunning() {
		t.Fatal("loading a finished item started a batch")
	}
	a, b, c := synthetic(1, outbox.Queued), synthetic(2, outbox.Queued), synthetic(3, outbox.Queued)
	if res := m.Apply([]outbox.Event{ev(outbox.EventAdded, a), ev(outbox.EventAdded, b), ev(outbox.EventAdded, c)}); res.BatchEnded || len(res.Rejected) != 0 {
		t.Fatalf("adding three: %+v", res)
	}
	want := func(what string, w BatchStatus) {
		t.Helper()
		if got := m.Batch(); got != w {
			t.Fatalf("%s: batch %+v, want %+v", what, got, w)
		}
	}
	want("added", BatchStatus{Total: 3, ToSend: 3, Running: true})
	a, b.State = deposited(a, "F1"), outbox.Held
	if res := m.Apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, b)}); res.BatchEnded {
		t.Fatal("the batch ended with an item left")
	}
	want("one sent, one held", BatchStatus{Total: 3, Sent: 1, NeedsYou: 1, ToSend: 1, Pending: 1, Running: true})
	c = deposited(c, "F3")
	if res := m.Apply([]outbox.Event{ev(outbox.EventChanged, c)}); res.BatchEnded {
		t.Fatal("the batch ended before Chorus Pro answered: it would say finished with answers pending")
	}
	want("all sent", BatchStatus{Total: 3, Sent: 2, NeedsYou: 1, Pending: 2, Running: true})
	// Chorus Pro accepts a's flux and refuses c's: both answered, the batch is over.
	a.State, a.FluxState = outbox.Tracking, outbox.FluxIntegre
	c.State, c.FluxState = outbox.Final, outbox.FluxRejete
	res := m.Apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, c)})
	if !res.BatchEnded || len(res.Rejected) != 1 || res.Rejected[0].ID != c.ID {
		t.Fatalf("answers: %+v", res)
	}
	want("answered", BatchStatus{Total: 3, Sent: 2, Answered: 2, Accepted: 1, Refused: 1, NeedsYou: 1})
	// Tracking changes do not start a batch; the buyer's rejection is reported once.
	a.InvoiceID, a.InvoiceStatus = 7, outbox.StatusMiseADisposition
	m.Apply([]outbox.Event{ev(outbox.EventChanged, a)})
	a.State, a.InvoiceStatus = outbox.Final, outbox.StatusRejetee
	res = m.Apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, a)})
	if len(res.Rejected) != 1 || res.Rejected[0].ID != a.ID || res.BatchEnded {
		t.Fatalf("rejection: %+v", res)
	}
	if m.BatchRunning() {
		t.Error("tracking started a batch")
	}
	// A retried item starts a new batch of its own.
	b.State = outbox.Queued
	m.Apply([]outbox.Event{ev(outbox.EventChanged, b)})
	want("retried", BatchStatus{Total: 1, ToSend: 1, Running: true})
	// Removal forgets the item and its place in the batch.
	m.Apply([]outbox.Event{ev(outbox.EventRemoved, b)})
	if _, ok := m.Item(b.ID); ok || m.BatchRunning() || m.Len() != 3 {
		t.Errorf("after removal: rows %d, batch running %v", m.Len(), m.BatchRunning())
	}
	for i := 0; i < m.Len(); i++ {
		it, _ := m.Row(i)
		if m.RowOf(it.ID) != i {
			t.Fatalf("row of %s is %d, want %d", it.Number, m.RowOf(it.ID), i)
		}
	}
	var stages []string
	for _, h := range m.History(a.ID) {
		if h.Added {
			stages = append(stages, "added")
			continue
		}
		stages = append(stages, string(h.Stage))
	}
	if got := strings.Join(stages, ", "); got != "added, waiting, sent, accepted, available, rejected" {
		t.Errorf("history %q", got)
	}
}

// A flux Chorus Pro only received (IN_RECU) is not answered yet: it may still be refused.
// Once answered, the batch keeps its answer even if a later status query fails.
func TestModelBatchWaitsForTheAnswer(t *testing.T) {
	m := newTestModel(time.Now)
	a := synthetic(1, outbox.Queued)
	m.Apply([]outbox.Event{ev(outbox.EventAdded, a)})
	a = deposited(a, "F1")
	a.State, a.FluxState = outbox.Tracking, outbox.FluxRecu
	if m.Apply([]outbox.Event{ev(outbox.EventChanged, a)}).BatchEnded {
		t.Fatal("IN_RECU ended the batch: Chorus Pro may still refuse the flux")
	}
	a.FluxState = outbox.FluxIntegre
	if !m.Apply([]outbox.Event{ev(outbox.EventChanged, a)}).BatchEnded {
		t.Fatal("IN_INTEGRE did not end the batch")
	}
	a.StatusUnknown = true
	a.FluxState = "IN_EN_COURS_TRAITEMENT_CPP"
	m.Apply([]outbox.Event{ev(outbox.EventChanged, a)})
	if st := m.Batch(); st.Running || st.Total != 1 || st.Accepted != 1 || st.Answered != 1 {
		t.Errorf("batch %+v, want its one answer kept", st)
	}
}

// An item whose deposit is unconfirmed while the engine still looks for it keeps the batch
// open; once the user is asked, it stops for them.
func TestModelBatchUnconfirmed(t *testing.T) {
	m := newTestModel(time.Now)
	a := synthetic(1, outbox.Queued)
	m.Apply([]outbox.Event{ev(outbox.EventAdded, a)})
	a.State = outbox.NeedsConfirmation
	if m.Apply([]outbox.Event{ev(outbox.EventChanged, a)}).BatchEnded {
		t.Fatal("the batch ended while the engine still looks for the deposit")
	}
	a.AskUser = true
	if !m.Apply([]outbox.Event{ev(outbox.EventChanged, a)}).BatchEnded {
		t.Fatal("the batch did not end when the user was asked")
	}
	if st := m.Batch(); st.NeedsYou != 1 || st.Sent != 0 {
		t.Errorf("batch %+v, want one waiting for the user, none sent", st)
	}
}

// An intake keeps the batch open until its last file is read, and its refused files count.
func TestModelIntake(t *testing.T) {
	m := newTestModel(time.Now)
	m.BeginIntake()
	bad := synthetic(1, outbox.Failed)
	m.Apply([]outbox.Event{ev(outbox.EventAdded, bad)})
	if !m.BatchRunning() {
		t.Fatal("the batch ended while files were still being added")
	}
	if !m.EndIntake() {
		t.Fatal("the end of the intake did not end the batch")
	}
	if st := m.Batch(); st.Total != 1 || st.NeedsYou != 1 || st.Running {
		t.Errorf("batch %+v, want one file waiting for the user", st)
	}
	// An intake that added nothing ends no batch.
	m.BeginIntake()
	m.BeginIntake()
	if m.EndIntake() {
		t.Error("the first of two intakes ended the batch")
	}
}

// Events arriving out of creation order (two intakes at once) keep the rows sorted.
func TestModelRowsStaySorted(t *testing.T) {
	m := newTestModel(time.Now)
	m.SetFilter(Filter{})
	var evs []outbox.Event
	for _, i := range []int{5, 1, 4, 2, 3} {
		evs = append(evs, ev(outbox.EventAdded, synthetic(i, outbox.Queued)))
	}
	m.Apply(evs)
	for i := 0; i < m.Len(); i++ {
		it, _ := m.Row(i)
		if want := fmt.Sprintf("INV-%04d", i+1); it.Number != want {
			t.Errorf("row %d is %s, want %s", i, it.Number, want)
		}
		if m.RowOf(it.ID) != i {
			t.Errorf("RowOf(%s) = %d, want %d", it.Number, m.RowOf(it.ID), i)
		}
	}
	if _, ok := m.Row(m.Len()); ok {
		t.Error("a row past the end")
	}
}
