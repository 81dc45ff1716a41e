package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// rawSnapshot copies every key and value of the database, journal included.
func rawSnapshot(t *testing.T, st *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := st.db.View(func(txn *badger.Txn) error {
		return badgerRaw{txn}.scan(nil, ScanOptions{}, func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func journalKeyCount(snap map[string]string) int {
	n := 0
	for k := range snap {
		if len(k) >= len(prefixJournal) && k[:len(prefixJournal)] == prefixJournal {
			n++
		}
	}
	return n
}

const bigWrite = 3000

// bigUpdate writes bigWrite keys of 1 KiB under "big/" (tag in every value) and deletes "old".
func bigUpdate(kv KV, tag string) error {
	return kv.Update(func(tx Tx) error {
		for i := range bigWrite {
			if err := tx.Set(fmt.Appendf(nil, "big/%05d", i), bytes.Repeat([]byte(tag), 1024)); err != nil {
				return err
			}
		}
		return tx.Delete([]byte("old"))
	})
}

func checkBig(t *testing.T, kv KV, tag string) {
	t.Helper()
	n := 0
	err := kv.View(func(tx Tx) error {
		if _, err := tx.Get([]byte("old")); !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("old still there: %v", err)
		}
		return tx.Scan([]byte("big/"), func(_, v []byte) error {
			if !bytes.Equal(v, bytes.Repeat([]byte(tag), 1024)) {
				return errors.New("value of another write")
			}
			n++
			return nil
		})
	})
	if err != nil || n != bigWrite {
		t.Fatalf("%d keys of write %s (%v), want %d", n, tag, err, bigWrite)
	}
}

func TestLargeUpdateGoesThroughTheJournal(t *testing.T) {
	st := openTestStore(t, t.TempDir())
	defer st.Close()
	var stages []string
	st.SetJournalHook(func(stage string) error { stages = append(stages, stage); return nil })
	if err := bigUpdate(st.KV(), "A"); err != nil {
		t.Fatal(err)
	}
	if len(stages) < 3 || stages[0] != "staged" || stages[1] != "committed" {
		t.Fatalf("stages %v: the write did not need the journal, the test proves nothing", stages)
	}
	checkBig(t, st.KV(), "A")
	if n := journalKeyCount(rawSnapshot(t, st)); n != 0 {
		t.Fatalf("%d journal keys left", n)
	}
}

var errCrash = errors.New("simulated crash")

// A crash at each stage of a journaled write leaves, after reopening, either the store as it
// was (before the commit) or the whole write (after it).
func TestLargeUpdateCrashRecovery(t *testing.T) {
	tests := []struct {
		stage   string
		applied bool
	}{
		{"staged", false},
		{"committed", true},
		{"applied-batch", true},
	}
	for _, tc := range tests {
		t.Run(tc.stage, func(t *testing.T) {
			dir := t.TempDir()
			st := openTestStore(t, dir)
			if err := st.KV().Update(func(tx Tx) error { return tx.Set([]byte("old"), []byte("x")) }); err != nil {
				t.Fatal(err)
			}
			before := rawSnapshot(t, st)
			st.SetJournalHook(func(stage string) error {
				if stage == tc.stage {
					return errCrash
				}
				return nil
			})
			if err := bigUpdate(st.KV(), "B"); !errors.Is(err, errCrash) {
				t.Fatalf("Update = %v, want the simulated crash", err)
			}
			if journalKeyCount(rawSnapshot(t, st)) == 0 {
				t.Fatal("no journal left behind: the crash was not simulated")
			}
			_ = st.Close()

			st = openTestStore(t, dir)
			defer st.Close()
			if tc.applied {
				checkBig(t, st.KV(), "B")
			} else if !maps.Equal(before, rawSnapshot(t, st)) {
				t.Fatal("an uncommitted write left traces after reopening")
			}
			if n := journalKeyCount(rawSnapshot(t, st)); n != 0 {
				t.Fatalf("%d journal keys left after recovery", n)
			}
		})
	}
}

// Batches stay under the size limit and keep every operation in order.
func TestJournalBatches(t *testing.T) {
	var ops []journalOp
	for i := range 1000 {
		ops = append(ops, journalOp{Key: []byte(fmt.Sprint(i)), Value: make([]byte, 500)})
	}
	bs := journalBatches(ops)
	var flat []journalOp
	for _, b := range bs {
		size := 0
		for _, o := range b {
			size += o.size()
		}
		if size > journalBatch {
			t.Fatalf("batch of %d bytes", size)
		}
		flat = append(flat, b...)
	}
	if len(flat) != len(ops) || len(bs) < 2 {
		t.Fatalf("%d ops in %d batches", len(flat), len(bs))
	}
	for i := range ops {
		if !bytes.Equal(flat[i].Key, ops[i].Key) {
			t.Fatalf("op %d out of order", i)
		}
	}
	if got := journalBatches(nil); len(got) != 0 {
		t.Fatalf("journalBatches(nil) = %v", got)
	}
}

// FuzzDecodeJournalBatch: a staged batch read back from disk either decodes to operations
// that re-encode to the same operations, or is refused; never a panic, never a journal key.
func FuzzDecodeJournalBatch(f *testing.F) {
	good, _ := json.Marshal([]journalOp{{Key: []byte("co/1"), Value: []byte("x")}, {Key: []byte("tr/1"), Delete: true}})
	f.Add(good)
	f.Add([]byte(`[{"k":"aWovY29tbWl0"}]`))
	f.Add([]byte(`[{"k":"","v":"eA=="}]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[{"k":"YQ==","v":"eA==","d":true}]`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		batch, err := decodeJournalBatch(b)
		if err != nil {
			return
		}
		for _, o := range batch {
			if len(o.Key) == 0 || bytes.HasPrefix(o.Key, []byte(prefixJournal)) {
				t.Fatalf("accepted key %q", o.Key)
			}
		}
		again, err := json.Marshal(batch)
		if err != nil {
			t.Fatal(err)
		}
		back, err := decodeJournalBatch(again)
		if err != nil || len(back) != len(batch) {
			t.Fatalf("re-encoded batch does not decode the same: %v", err)
		}
	})
}
