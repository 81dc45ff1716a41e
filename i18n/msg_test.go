package i18n

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestMsgRoundTrip: a stored message reads back with every argument of the same kind, and
// renders the same in each language as before it was stored.
func TestMsgRoundTrip(t *testing.T) {
	registerTestOnly()
	for _, m := range []Msg{
		M("core.move.same"),
		M("core.company.siret_taken", "12345678901234", "ACME"),
		M("core.import.version", 3),
		M("gui.transfers.added", int64(1)),
		M("test.only.en", 10*time.Minute),
		M("test.only.en", Day("2027-03-31")),
		M("test.only.en", M("core.move.empty", "ACME")),
		M("test.only.en", Errorf("core.move.empty", "ACME")),
		M("test.only.en", 2.5),
		M("test.only.en", true),
	} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Msg
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		for _, l := range Langs {
			if got, want := back.Text(l), m.Text(l); got != want {
				t.Errorf("%s %s: %q, was %q", l, b, got, want)
			}
		}
		again, _ := json.Marshal(back)
		if string(again) != string(b) {
			t.Errorf("written twice: %s then %s", b, again)
		}
	}
	var m Msg
	if err := json.Unmarshal([]byte(`{"key":"core.import.version","args":[3]}`), &m); err != nil || !reflect.DeepEqual(m.Args, []any{int64(3)}) {
		t.Fatalf("integer argument: %#v %v", m.Args, err)
	}
	if got := M("test.only.en", Day("2027-03-31")).Text(FR); got != "hello 31/03/2027" {
		t.Errorf("day in French: %q", got)
	}
}

// FuzzMsgJSON: no stored message, however damaged, makes reading or rendering panic.
func FuzzMsgJSON(f *testing.F) {
	f.Add(`{"key":"core.import.version","args":[3]}`)
	f.Add(`{"key":"test.only.en","args":[{"msg":{"key":"core.move.empty","args":["A"]}}]}`)
	f.Add(`{"key":"x","args":[{"duration_ns":600000000000},{"day":"2027-01-01"},{"decimal":1.5},null,true]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var m Msg
		if json.Unmarshal([]byte(s), &m) == nil {
			_ = m.Text(FR)
			_, _ = json.Marshal(m)
		}
	})
}
