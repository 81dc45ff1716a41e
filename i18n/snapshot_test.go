package i18n

import (
	"encoding/json"
	"flag"
	"os"
	"sort"
	"testing"
)

// writeSnapshot records every message as the Go catalogs render it, before they move to the
// JSON files: go test ./i18n -run TestWriteSnapshot -i18n.snapshot
var writeSnapshot = flag.Bool("i18n.snapshot", false, "write testdata/snapshot.json from the registered catalogs")

// snapshot is every key's template in each language and the file it came from.
type snapshot struct {
	Source map[string]string          `json:"source"`
	Text   map[Lang]map[string]string `json:"text"`
}

func TestWriteSnapshot(t *testing.T) {
	if !*writeSnapshot {
		t.Skip("-i18n.snapshot not set")
	}
	s := snapshot{Source: map[string]string{}, Text: map[Lang]map[string]string{}}
	for _, l := range []Lang{EN, FR} {
		keys := Keys(l)
		sort.Strings(keys)
		s.Text[l] = map[string]string{}
		for _, k := range keys {
			s.Text[l][k] = T(l, k)
			mu.RLock()
			s.Source[k] = sources[k]
			mu.RUnlock()
		}
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("testdata/snapshot.json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
