package outbox

import (
	"context"
	"sync"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
)

// The client cache is a holder of secrets (each client keeps its cpro-account header value
// and a token source), and so are the setup verdicts (each keeps the client it was made
// with): after Lock they hold none, nor does the service's token cache, and the engine picks
// up again after the unlock with new clients.
func TestLockEmptiesTheClientCache(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	add := func(num string) string {
		it, err := o.Add(writeFile(t, dir, num+".xml", ublVariant(t, num, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	wait(t, o, Item.WasDeposited, add("LOCK-1"))
	if o.clients.len() == 0 || r.svc.Tokens().Len() == 0 {
		t.Fatalf("nothing cached while unlocked (%d clients, %d token sources): the probe proves nothing",
			o.clients.len(), r.svc.Tokens().Len())
	}
	proofClients := func() (n int) {
		o.proofs.mu.Lock()
		defer o.proofs.mu.Unlock()
		for _, e := range o.proofs.m {
			if e.client != nil {
				n++
			}
		}
		return n
	}
	if proofClients() == 0 {
		t.Fatal("no setup verdict holds a client while unlocked: the probe proves nothing")
	}
	r.svc.Lock()
	if n := o.clients.len(); n != 0 {
		t.Fatalf("%d clients cached after Lock", n)
	}
	if n := proofClients(); n != 0 {
		t.Fatalf("%d setup verdicts still hold their client after Lock", n)
	}
	if r.svc.Tokens().Len() != 0 || r.svc.Tokens().HeldTokens() != 0 {
		t.Fatal("the service's token cache holds something after Lock")
	}
	if err := r.svc.Unlock([]byte("test master password")); err != nil {
		t.Fatal(err)
	}
	wait(t, o, Item.WasDeposited, add("LOCK-2"))
	if n := r.emu.Requests().Deposits["LOCK-2"]; n != 1 {
		t.Fatalf("deposited %d times after the unlock", n)
	}
}

// Clients asked for while locks and unlocks race: once the last Lock has returned and the
// askers have stopped, the cache is empty, and no client built from credentials read just
// before a lock was put back (run under -race).
func TestClientCacheRacingWithLock(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.open(fastOptions())
	items := []*Item{
		{CompanyID: r.demo["DEMO1"].ID, Env: domain.Sandbox},
		{CompanyID: r.demo["DEMO2"].ID, Env: domain.Sandbox},
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if c, err := o.client(items[i%2]); err == nil {
					_ = c.CheckToken(ctx, false)
				}
				o.clients.mu.Lock()
				for k, c := range o.clients.m { // age the entries so the next call reads again
					c.at = c.at.Add(-clientFresh)
					o.clients.m[k] = c
				}
				o.clients.mu.Unlock()
			}
		}()
	}
	for range 20 {
		r.svc.Lock()
		if err := r.svc.Unlock([]byte("test master password")); err != nil {
			t.Fatal(err)
		}
	}
	r.svc.Lock()
	cancel()
	wg.Wait()
	if n := o.clients.len(); n != 0 {
		t.Fatalf("%d clients cached after the last Lock", n)
	}
	if r.svc.Tokens().Len() != 0 {
		t.Fatalf("%d token sources after the last Lock", r.svc.Tokens().Len())
	}
}
