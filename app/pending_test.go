package app

import (
	"testing"

	"chorusdesk/core"
	"chorusdesk/outbox"
	"chorusdesk/outbox/outboxtest"
)

// The tray's pending count, read from the active items only, is what counting every item of
// the outbox gave: items to send, on their way, sent and waiting for Chorus Pro's verdict on
// the flux; not the finished, failed, held or answered ones.
func TestPendingCountsTheActiveItems(t *testing.T) {
	svc, err := core.Open(t.TempDir(), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.Init([]byte("pending test master password")); err != nil {
		t.Fatal(err)
	}
	items := outboxtest.Year(2000, svc.Now(), nil)
	for i, edit := range []func(*outbox.Item){
		func(it *outbox.Item) { it.State, it.Flux, it.FluxState, it.InvoiceID = outbox.Queued, "", "", 0 },
		func(it *outbox.Item) { it.State, it.Flux, it.FluxState, it.InvoiceID = outbox.Ready, "", "", 0 },
		func(it *outbox.Item) {
			it.State, it.FluxState, it.InvoiceID, it.InvoiceStatus = outbox.Deposited, outbox.FluxDeposePortail, 0, ""
		},
		func(it *outbox.Item) {
			it.State, it.FluxState, it.InvoiceID, it.InvoiceStatus = outbox.Tracking, outbox.FluxDeposePortail, 0, ""
		},
		func(it *outbox.Item) {
			it.State, it.Flux, it.ResendAsked, it.ResendPending = outbox.NeedsConfirmation, "", true, false
		},
	} {
		edit(&items[len(items)-1-i])
	}
	if err := outboxtest.Fill(svc, items); err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(svc, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, it := range items {
		if pendingItem(it) {
			want++
		}
	}
	if got := pendingIn(ob); got != want || want != 5 {
		t.Fatalf("%d pending, want %d (of 5 made pending)", got, want)
	}
}
