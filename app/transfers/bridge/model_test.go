package bridge

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"chorusdesk/i18n"
	"chorusdesk/outbox"
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

// A batch spans the items with work left and ends once, with its counts; a rejection is
// reported when it happens, not when a rejected item is loaded; the history keeps every state.
func TestModelBatchRejectionsHistory(t *testing.T) {
	m := NewModel(time.Now)
	old := synthetic(0, outbox.Final)
	old.InvoiceStatus = outbox.StatusRejetee
	m.Load([]outbox.Item{old})
	if m.BatchRunning() {
		t.Fatal("loading a finished item started a batch")
	}
	a, b, c := synthetic(1, outbox.Queued), synthetic(2, outbox.Queued), synthetic(3, outbox.Queued)
	if res := m.Apply([]outbox.Event{ev(outbox.EventAdded, a), ev(outbox.EventAdded, b), ev(outbox.EventAdded, c)}); res.BatchEnded || len(res.Rejected) != 0 {
		t.Fatalf("adding three: %+v", res)
	}
	if done, total := m.BatchProgress(); done != 0 || total != 3 {
		t.Fatalf("progress %d/%d, want 0/3", done, total)
	}
	a.State, b.State = outbox.Deposited, outbox.Held
	if res := m.Apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, b)}); res.BatchEnded {
		t.Fatal("the batch ended with an item left")
	}
	if done, total := m.BatchProgress(); done != 2 || total != 3 {
		t.Fatalf("progress %d/%d, want 2/3", done, total)
	}
	c.State = outbox.Failed
	if res := m.Apply([]outbox.Event{ev(outbox.EventChanged, c)}); !res.BatchEnded {
		t.Fatal("the batch did not end")
	}
	if dep, held, failed := m.BatchCounts(); dep != 1 || held != 1 || failed != 1 {
		t.Fatalf("counts %d/%d/%d, want 1/1/1", dep, held, failed)
	}
	// Tracking changes do not start a batch; the rejection is reported once.
	a.State, a.InvoiceID, a.InvoiceStatus = outbox.Tracking, 7, "MISE_A_DISPOSITION"
	m.Apply([]outbox.Event{ev(outbox.EventChanged, a)})
	a.State, a.InvoiceStatus = outbox.Final, outbox.StatusRejetee
	res := m.Apply([]outbox.Event{ev(outbox.EventChanged, a), ev(outbox.EventChanged, a)})
	if len(res.Rejected) != 1 || res.Rejected[0].ID != a.ID || res.BatchEnded {
		t.Fatalf("rejection: %+v", res)
	}
	if m.BatchRunning() {
		t.Error("tracking started a batch")
	}
	// A retried item starts a new batch of its own.
	c.State = outbox.Queued
	m.Apply([]outbox.Event{ev(outbox.EventChanged, c)})
	if done, total := m.BatchProgress(); done != 0 || total != 1 {
		t.Errorf("new batch %d/%d, want 0/1", done, total)
	}
	// Removal forgets the item and its place in the batch.
	m.Apply([]outbox.Event{ev(outbox.EventRemoved, c)})
	if _, ok := m.Item(c.ID); ok || m.BatchRunning() || m.Len() != 3 {
		t.Errorf("after removal: rows %d, batch running %v", m.Len(), m.BatchRunning())
	}
	for i := 0; i < m.Len(); i++ {
		it, _ := m.Row(i)
		if m.RowOf(it.ID) != i {
			t.Fatalf("row of %s is %d, want %d", it.Number, m.RowOf(it.ID), i)
		}
	}
	var states []string
	for _, h := range m.History(a.ID) {
		states = append(states, i18n.T(i18n.EN, h.State))
	}
	if got := strings.Join(states, ", "); got != "added, waiting to be sent, deposited, deposited, followed, rejected" {
		t.Errorf("history %q", got)
	}
}

// An intake keeps the batch open until its last file is read, and its refused files count.
func TestModelIntake(t *testing.T) {
	m := NewModel(time.Now)
	m.BeginIntake()
	bad := synthetic(1, outbox.Failed)
	m.Apply([]outbox.Event{ev(outbox.EventAdded, bad)})
	if !m.BatchRunning() {
		t.Fatal("the batch ended while files were still being added")
	}
	if !m.EndIntake() {
		t.Fatal("the end of the intake did not end the batch")
	}
	if dep, held, failed := m.BatchCounts(); dep != 0 || held != 0 || failed != 1 {
		t.Errorf("counts %d/%d/%d, want 0/0/1", dep, held, failed)
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
	m := NewModel(time.Now)
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
