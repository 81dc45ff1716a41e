package outbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
	"chorusdesk/invoice"
	"chorusdesk/storage"
)

// checkIndexes compares the summaries and index keys in the store with those the item records
// call for: every key present, none left over, values equal.
func checkIndexes(t testing.TB, kv storage.KV) {
	t.Helper()
	want := map[string]string{}
	got := map[string]string{}
	err := kv.View(func(tx storage.Tx) error {
		if err := tx.Scan([]byte(prefixItem), func(k, v []byte) error {
			var it Item
			if err := json.Unmarshal(v, &it); err != nil {
				return err
			}
			s := summaryOf(&it)
			want[prefixRow+it.ID] = string(s.encode())
			for _, e := range s.entries(it.ID) {
				want[e.key] = e.val
			}
			return nil
		}); err != nil {
			return err
		}
		for _, p := range []string{prefixRow, "x/"} {
			if err := tx.Scan([]byte(p), func(k, v []byte) error {
				got[string(k)] = string(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("index key %q missing", k)
		} else if g != v {
			t.Errorf("index key %q holds another value", k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("index key %q left over", k)
		}
	}
}

// Every write of the store keeps the summary and the index keys of the item in step with it,
// whatever changed: state, company, change time, flux, replaced; a removal leaves none.
func TestIndexesFollowEveryWrite(t *testing.T) {
	o := bareOutbox(t, nil)
	st := o.st
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	base := Item{ID: newID(t0), File: `C:\in\FA-1.xml`, Number: "FA-1", CompanyID: "c1", CompanyCode: "ACME",
		Env: domain.Sandbox, Tag: "ACME-API", State: Queued, Created: t0, Changed: t0}
	other := base
	other.ID, other.Number, other.CompanyCode = newID(t0.Add(time.Second)), "FA-2", "BETA"
	steps := []struct {
		name string
		do   func(it *Item) error
	}{
		{"insert", func(it *Item) error { _, err := st.insert(it, nil); return err }},
		{"held", func(it *Item) error {
			it.State, it.Hold, it.Changed = Held, HoldPreflight, t0.Add(time.Minute)
			return st.put(it)
		}},
		{"rerouted", func(it *Item) error {
			it.State, it.CompanyCode, it.CompanyID = Queued, "ACME2", "c2"
			return st.putIndexed(it)
		}},
		{"deposited, lazily", func(it *Item) error {
			it.State, it.Flux, it.Changed = Deposited, "CPP/1 2", t0.Add(time.Hour)
			if err := st.putLazy(it); err != nil {
				return err
			}
			return st.flush()
		}},
		{"tracking", func(it *Item) error {
			it.State, it.InvoiceID, it.InvoiceStatus = Tracking, 42, StatusMiseADisposition
			return st.put(it)
		}},
		{"final", func(it *Item) error {
			it.State, it.InvoiceStatus, it.Changed = Final, StatusMiseEnPaiement, t0.Add(48*time.Hour)
			return st.putDropContent(it)
		}},
		{"replaced", func(it *Item) error { it.ReplacedBy = "newer"; return st.put(it) }},
		{"removed", func(it *Item) error { return st.remove(it) }},
	}
	if _, err := st.insert(&other, nil); err != nil {
		t.Fatal(err)
	}
	it := base
	for _, s := range steps {
		if err := s.do(&it); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		checkIndexes(t, st.kv)
		if t.Failed() {
			t.Fatalf("after %s", s.name)
		}
	}
	rows, err := o.Rows(Query{})
	if err != nil || len(rows) != 1 || rows[0].ID != other.ID {
		t.Fatalf("after the removal: %v %+v", err, rows)
	}
}

// A data directory written by the previous layout (items only) is brought up to date when the
// outbox opens: summaries and indexes built, the layout recorded, only the active items in
// memory; a crash part-way through the migration leaves what the next open finishes.
func TestMigrateFromPreviousLayout(t *testing.T) {
	for _, crashAfter := range []int{0, 1, 3} {
		t.Run(fmt.Sprintf("crash after %d batches", crashAfter), func(t *testing.T) {
			dir := t.TempDir()
			svc := openService(t, dir)
			now := svc.Now()
			items := yearItems(now, 2*migrateBatch+137)
			if err := writeLegacy(svc.OutboxKV(), items); err != nil {
				t.Fatal(err)
			}
			if crashAfter > 0 {
				st := &store{kv: &crashingKV{KV: svc.OutboxKV(), left: crashAfter}, blobs: svc.Blobs()}
				if err := st.migrateLayout(); !errors.Is(err, errCrash) {
					t.Fatalf("migration went through a crash: %v", err)
				}
			}
			o, err := Open(svc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			checkIndexes(t, svc.OutboxKV())
			var v []byte
			_ = svc.OutboxKV().View(func(tx storage.Tx) error { v, err = tx.Get([]byte(keyLayout)); return err })
			if string(v) != layoutVersion {
				t.Errorf("layout %q", v)
			}
			active := 0
			for _, it := range items {
				if it.active() {
					active++
				}
			}
			o.mu.Lock()
			inMemory := len(o.items)
			o.mu.Unlock()
			if inMemory != active || active == 0 {
				t.Errorf("%d items in memory, %d active", inMemory, active)
			}
			rows, err := o.Rows(Query{})
			if err != nil || len(rows) != len(items) {
				t.Fatalf("%d rows of %d: %v", len(rows), len(items), err)
			}
			final := items[len(items)/3]
			if final.State != Final {
				t.Fatalf("fixture: %s", final.State)
			}
			if got, ok := o.Item(final.ID); !ok || got.Number != final.Number {
				t.Errorf("a final item is not read from the store: %v %+v", ok, got)
			}
		})
	}
}

// A damaged record stops the migration with its ID, as it stopped the old load.
func TestMigrateReportsDamagedRecord(t *testing.T) {
	svc := openService(t, t.TempDir())
	if err := svc.OutboxKV().Update(func(tx storage.Tx) error { return tx.Set(itemKey("bad1"), []byte("{not json")) }); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(svc, Options{}); err == nil || !strings.Contains(err.Error(), "bad1") {
		t.Fatalf("Open = %v, want the damaged record named", err)
	}
}

var errCrash = errors.New("crash")

// crashingKV fails every Update after the first left ones (a crash part-way through).
type crashingKV struct {
	storage.KV
	left int
}

func (c *crashingKV) Update(fn func(storage.Tx) error) error {
	if c.left == 0 {
		return errCrash
	}
	c.left--
	return c.KV.Update(fn)
}

// The queries read from the indexes select exactly what Query.Match selects on the items, in
// the same order; pages put together make the whole; the counts add up.
func TestQueriesMatchTheItems(t *testing.T) {
	o := bareOutbox(t, nil)
	now := o.svc.Now()
	items := yearItems(now, 3000)
	if err := o.seed(items); err != nil {
		t.Fatal(err)
	}
	// One active item in memory whose state the store does not know yet (a lazy write).
	fresh := items[len(items)-1]
	if fresh.State != Tracking {
		t.Fatalf("fixture: %s", fresh.State)
	}
	fresh.State, fresh.InvoiceStatus = Final, StatusRejetee
	o.items[fresh.ID] = &fresh
	items[len(items)-1] = fresh
	def := DefaultQuery(now)
	queries := []struct {
		name string
		q    Query
	}{
		{"all", Query{}},
		{"default view", def},
		{"default, newest first", Query{DoneBefore: def.DoneBefore, Newest: true}},
		{"active", Query{Active: true}},
		{"needs the user", Query{NeedsUser: true}},
		{"held", Query{States: []State{Held}}},
		{"held or failed", Query{States: []State{Held, Failed}}},
		{"one company", Query{Company: "CO001"}},
		{"one company, default", Query{Company: "CO001", DoneBefore: def.DoneBefore}},
		{"refused or rejected", Query{Stages: []Stage{StageRefused, StageRejected}}},
		{"search a number", Query{Search: "fa-co002-00012"}},
		{"search a flux, hidden done too", Query{Search: "CPP0001000000", DoneBefore: def.DoneBefore}},
		{"search a tag, newest first", Query{Search: "co003-api", Newest: true}},
		{"nothing", Query{Search: "no such invoice"}},
	}
	for _, qc := range queries {
		t.Run(qc.name, func(t *testing.T) {
			var want []string
			wide := qc.q
			wide.DoneBefore = time.Time{}
			hidden := 0
			stages := map[Stage]int{}
			for _, it := range items {
				switch {
				case qc.q.Match(it):
					want = append(want, it.ID)
					stages[stageOf(it)]++
				case wide.Match(it):
					hidden++
				}
			}
			if qc.q.Newest {
				slices.Reverse(want)
			}
			rows, err := o.Rows(qc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowIDs(rows); !slices.Equal(got, want) {
				t.Fatalf("rows: %d, want %d (first %v, want %v)", len(got), len(want), head(got), head(want))
			}
			var paged []string
			cursor := ""
			for range 1000 {
				page, next, err := o.Page(qc.q, cursor, 37)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range page {
					paged = append(paged, it.ID)
				}
				if next == "" {
					break
				}
				cursor = next
			}
			if !slices.Equal(paged, want) {
				t.Fatalf("pages: %d items, want %d", len(paged), len(want))
			}
			c, err := o.Counts(qc.q)
			if err != nil {
				t.Fatal(err)
			}
			if c.All != len(items) || c.Matched != len(want) || c.Hidden != hidden || len(c.ByStage) != len(stages) {
				t.Fatalf("counts %d/%d/%d %v, want %d/%d/%d %v", c.All, c.Matched, c.Hidden, c.ByStage, len(items), len(want), hidden, stages)
			}
			for s, n := range stages {
				if c.ByStage[s] != n {
					t.Errorf("stage %s: %d, want %d", s, c.ByStage[s], n)
				}
			}
		})
	}
	found, err := o.Find("FA-CO004-0000", 5)
	if err != nil || len(found) != 5 || !sort.SliceIsSorted(found, func(i, j int) bool { return found[i].ID > found[j].ID }) {
		t.Fatalf("Find: %v %d", err, len(found))
	}
	got, err := o.Lookup([]string{items[10].ID, "missing", fresh.ID, items[5].ID})
	if err != nil || len(got) != 3 || got[0].ID != items[10].ID || got[1].State != Final || got[2].ID != items[5].ID {
		t.Fatalf("Lookup: %v %+v", err, got)
	}
}

func rowIDs(rows []Row) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func head(s []string) []string { return s[:min(3, len(s))] }

// Summaries survive their encoding whatever their texts hold.
func FuzzSummary(f *testing.F) {
	f.Add("held", "ACME", "CPP1", "a/b\x00c", int64(1), true)
	f.Add("", "", "", "", int64(-5), false)
	f.Fuzz(func(t *testing.T, state, company, flux, search string, changed int64, done bool) {
		s := summary{State: State(state), Stage: StageHeld, Company: company, CompanyID: company + "id", Env: domain.Sandbox,
			Changed: changed, Done: done, NeedsUser: !done, Active: done, Flux: flux, Tag: flux + "t", Search: search}
		got, err := decodeSummary(s.encode())
		if err != nil || got != s {
			t.Fatalf("decoded %+v, %v; want %+v", got, err, s)
		}
		if _, err := decodeSummary([]byte(search)); err == nil && !bytes.HasPrefix([]byte(search), []byte{summaryFormat}) {
			t.Fatal("a text that is not a summary decoded")
		}
	})
}

// yearItems is a year of items (the outboxtest mix, without its import cycle): most final,
// the last weeks' tracked, a few held, failed, unconfirmed.
func yearItems(now time.Time, n int) []Item {
	out := make([]Item, 0, n)
	span := 365 * 24 * time.Hour
	for i := range n {
		code := fmt.Sprintf("CO%03d", i%5)
		created := now.Add(-span + time.Duration(int64(span)/int64(n)*int64(i)))
		it := Item{ID: fmt.Sprintf("%016x%08x", created.UnixNano(), i), File: fmt.Sprintf("/in/FA-%s-%06d.xml", code, i),
			Number: fmt.Sprintf("FA-%s-%06d", code, i), CompanyID: "id-" + code, CompanyCode: code, Env: domain.Sandbox,
			Tag: code + "-API", Created: created, Changed: created.Add(24 * time.Hour), Flux: fmt.Sprintf("CPP%010d", 1000000+i),
			FluxState: FluxIntegre, InvoiceID: int64(i + 1), Message: msg("outbox.st.mandatee")}
		age := now.Sub(created)
		switch {
		case age < 20*24*time.Hour:
			it.State, it.InvoiceStatus = Tracking, StatusMiseADisposition
		case i%97 == 0:
			it.State, it.Hold, it.Flux, it.InvoiceID = Held, HoldPreflight, "", 0
		case i%89 == 0:
			it.State, it.Flux, it.InvoiceID = Failed, "", 0
		case i%83 == 0:
			it.State, it.Flux, it.InvoiceID, it.AskUser = NeedsConfirmation, "", 0, true
		case i%31 == 0:
			it.State, it.FluxState, it.InvoiceID = Final, FluxRejete, 0
		case i%29 == 0:
			it.State, it.InvoiceStatus, it.ReplacedBy = Final, StatusRejetee, "x"
		default:
			it.State, it.InvoiceStatus = Final, StatusMiseEnPaiement
		}
		out = append(out, it)
	}
	return out
}

// writeLegacy writes items as the previous layout did: item records only.
func writeLegacy(kv storage.KV, items []Item) error {
	return kv.Update(func(tx storage.Tx) error {
		for i := range items {
			if err := putJSON(tx, itemKey(items[i].ID), &items[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// seed writes items into a bare engine's store (Seed, without the Service's attachment).
func (o *Outbox) seed(items []Item) error {
	if err := o.st.migrateLayout(); err != nil {
		return err
	}
	return o.st.kv.Update(func(tx storage.Tx) error {
		for i := range items {
			if err := writeItem(tx, &items[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// Finished items leave the engine's memory and stay readable; a failed item read back from
// the store is retried and deposited; a final one is removed.
func TestFinishedItemsLiveInTheStore(t *testing.T) {
	r := newRig(t, emulator.Options{})
	// A failed item with its content, as a previous run left it.
	data := ublVariant(t, "STORE-FAILED", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
	failed := Item{ID: newID(r.svc.Now()), File: "/in/STORE-FAILED.xml", SHA: invoice.SHA256(data), Size: int64(len(data)),
		Format: "ubl", SyntaxeFlux: "IN_DP_E2_UBL_INVOICE_MIN", Number: "STORE-FAILED", SellerSIRET: emulator.SupplierSIRET1,
		BuyerSIRET: emulator.RecipientServiceRequired, ServiceCode: "SERV-COMPTA", Commitment: "EJ1",
		CompanyID: r.demo["DEMO1"].ID, CompanyCode: "DEMO1", Env: domain.Sandbox, State: Failed, Retryable: true,
		Message: msg("outbox.gave_up", 8, "timeout"), Created: r.svc.Now(), Changed: r.svc.Now()}
	st := &store{kv: r.svc.OutboxKV(), blobs: r.svc.Blobs()}
	if err := st.migrateLayout(); err != nil {
		t.Fatal(err)
	}
	if err := st.putContent(failed.SHA, data, func() error { _, err := st.insert(&failed, nil); return err }); err != nil {
		t.Fatal(err)
	}
	o := r.start(fastOptions())
	if inMemory(o, failed.ID) {
		t.Fatal("a failed item was loaded into memory")
	}
	it, err := o.Add(writeFile(t, t.TempDir(), "STORE-FINAL.xml", ublVariant(t, "STORE-FINAL", emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tracked := wait(t, o, invoiceIsAt(StatusMiseADisposition), it.ID)[0]
	if err := r.emu.SetInvoiceStatus(tracked.InvoiceID, StatusMiseEnPaiement, ""); err != nil {
		t.Fatal(err)
	}
	final := wait(t, o, isState(Final), it.ID)[0]
	o.Close() // the last event is sent before the worker lets go: wait for it
	if inMemory(o, it.ID) {
		t.Fatal("a final item stayed in memory")
	}
	o = r.start(fastOptions())
	if got, ok := o.Item(it.ID); !ok || got.State != Final || got.Flux != final.Flux {
		t.Fatalf("final item from the store: %v %+v", ok, got)
	}
	if _, err := o.Retry(failed.ID); err != nil {
		t.Fatalf("retry of a failed item read from the store: %v", err)
	}
	if !inMemory(o, failed.ID) {
		t.Fatal("a retried item is not followed")
	}
	wait(t, o, Item.WasDeposited, failed.ID)
	if err := o.Remove(it.ID); err != nil {
		t.Fatalf("remove a final item: %v", err)
	}
	if _, ok := o.Item(it.ID); ok {
		t.Fatal("removed item still there")
	}
	checkIndexes(t, r.svc.OutboxKV())
}

func inMemory(o *Outbox, id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.items[id]
	return ok
}
