package storage_test

import (
	"errors"
	"testing"

	"chorusdesk/storage"
	"chorusdesk/storage/kvtest"
)

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	st, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// The Badger store passes the conformance suite, through its root and through a namespace
// (whose keys sit next to the root's in the same database).
func TestBadgerKVConformance(t *testing.T) {
	t.Run("root", func(t *testing.T) {
		kvtest.Run(t, func(t *testing.T) storage.KV { return openStore(t).KV() })
	})
	t.Run("namespace", func(t *testing.T) {
		kvtest.Run(t, func(t *testing.T) storage.KV {
			kv, err := openStore(t).Namespace("ob")
			if err != nil {
				t.Fatal(err)
			}
			return kv
		})
	})
}

func TestNamespaceIsOwned(t *testing.T) {
	st := openStore(t)
	ob, err := st.Namespace("ob")
	if err != nil {
		t.Fatal(err)
	}
	root := st.KV()
	if err := ob.Update(func(tx storage.Tx) error { return tx.Set([]byte("i/1"), []byte("item")) }); err != nil {
		t.Fatal(err)
	}
	if err := root.Update(func(tx storage.Tx) error { return tx.Set([]byte("co/1"), []byte("company")) }); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name string
		op   func(tx storage.Tx) error
	}{
		{"get", func(tx storage.Tx) error { _, err := tx.Get([]byte("ob/i/1")); return err }},
		{"set", func(tx storage.Tx) error { return tx.Set([]byte("ob/i/2"), []byte("x")) }},
		{"delete", func(tx storage.Tx) error { return tx.Delete([]byte("ob/i/1")) }},
		{"scan", func(tx storage.Tx) error { return tx.Scan([]byte("ob/"), func(_, _ []byte) error { return nil }) }},
		{"journal", func(tx storage.Tx) error { return tx.Set([]byte("ij/commit"), []byte{1}) }},
	}
	for _, tc := range refused {
		if err := root.Update(tc.op); !errors.Is(err, storage.ErrNotOwned) {
			t.Errorf("root %s in ob/: %v, want ErrNotOwned", tc.name, err)
		}
	}
	var seen []string
	_ = root.View(func(tx storage.Tx) error {
		return tx.Scan(nil, func(k, _ []byte) error { seen = append(seen, string(k)); return nil })
	})
	if len(seen) != 1 || seen[0] != "co/1" {
		t.Errorf("root scan of everything saw %v, want only co/1", seen)
	}
	var inNS []string
	_ = ob.View(func(tx storage.Tx) error {
		return tx.Scan(nil, func(k, _ []byte) error { inNS = append(inNS, string(k)); return nil })
	})
	if len(inNS) != 1 || inNS[0] != "i/1" {
		t.Errorf("namespace scan saw %v, want its own i/1 only", inNS)
	}
	for _, name := range []string{"ob", "ij", "", "Ob", "o/b", "o b"} {
		if _, err := st.Namespace(name); !errors.Is(err, storage.ErrNamespaceTaken) {
			t.Errorf("Namespace(%q): %v, want ErrNamespaceTaken", name, err)
		}
	}
}

func TestTransactionsAfterClose(t *testing.T) {
	st, err := storage.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	kv := st.KV()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func(func(storage.Tx) error) error{"View": kv.View, "Update": kv.Update} {
		if err := run(func(storage.Tx) error { return nil }); !errors.Is(err, storage.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}
