package i18n

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// writeSnapshot records every message as the Go catalogs render it, before they move to the
// JSON files: go test ./i18n -run TestWriteSnapshot -i18n.snapshot
// Keys that already come from a message file keep the entry an earlier snapshot took of their
// Go catalog, so each conversion adds its proof without dropping those of the areas moved
// before it.
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
	var old snapshot
	if b, err := os.ReadFile("testdata/snapshot.json"); err == nil {
		if err := json.Unmarshal(b, &old); err != nil {
			t.Fatal(err)
		}
	}
	s := snapshot{Source: map[string]string{}, Text: map[Lang]map[string]string{}}
	for _, l := range []Lang{EN, FR} {
		keys := Keys(l)
		sort.Strings(keys)
		s.Text[l] = map[string]string{}
		for _, k := range keys {
			mu.RLock()
			src := sources[l][k]
			mu.RUnlock()
			if filepath.Ext(src) != ".go" { // in a message file already: keep its earlier proof
				if was, ok := old.Text[l][k]; ok && old.Source[k] != "" {
					s.Text[l][k], s.Source[k] = was, old.Source[k]
				}
				continue
			}
			s.Text[l][k] = T(l, k)
			s.Source[k] = src
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

// changedOnPurpose are the keys whose text changed after the snapshot, on purpose, with why.
// Every other key the message files define renders exactly as its Go catalog did.
var changedOnPurpose = map[string]string{
	// "(s)" replaced by plural forms ("one", "other"), and a second count put after a colon
	// where its noun would have to agree with it too.
	"core.autolock.range":          "plural forms instead of minute(s)",
	"gui.transfers.added":          "plural forms instead of file(s) added",
	"gui.transfers.added_refused":  "plural forms; the count of refused files after a colon in French",
	"gui.import.done":              "plural forms; the count of setups after a colon",
	"app.transfers.skipped":        "French: plural forms instead of écarté(s)",
	"intake.watch.stale_claims":    "plural forms instead of file(s) … they",
	"api.msg.unknown_code":         "Chorus Pro's own message follows (the CLI prints it after, a Test has nothing to send again)",
	"api.msg.unknown_label":        "Chorus Pro's own message follows (the CLI prints it after, a Test has nothing to send again)",
	"api.piste.rate_limited_after": "plural forms: 1 second",
	"api.diag.written":             "plural forms; the count of warnings after a colon",
	"engine.cli.summary":           "French: plural forms instead of déposée(s); the other counts after colons",
	"engine.cli.listing_summary":   "plural forms: 1 invoice; in French the counts by origin after colons",
	"engine.act.stalled":           "plural forms: 1 day",
	"engine.reconcile.gave_up":     "plural forms: 1 hour",
	// Developer words out of what a window shows: the EN 16931 business-term codes (BT-10,
	// BT-13, BT-1, BT-2, BT-112) said in plain words, or dropped where the words were there.
	"outbox.pf.need_ej":            "the buyer's purchase order or commitment number instead of BT-13",
	"outbox.pf.need_service":       "the buyer's reference instead of BT-10",
	"outbox.pf.need_service_or_ej": "the buyer's reference or its purchase order number instead of BT-10 or BT-13",
	"invoice.bad_issue_date":       "no BT-2: the sentence names the issue date",
	"invoice.bad_total":            "no BT-112: the sentence names the total",
	"invoice.no_issue_date":        "no BT-2: the sentence names the issue date",
	"invoice.no_number":            "no BT-1: the sentence names the number",
	// The state word is said once: the faces put "held" before the reason themselves.
	"engine.cli.watch_held":  "names `chorusdesk retry --held`, and says the held invoices are tested again once the setup changes",
	"engine.hold.setup_test": "no \"held:\" before the reason: send printed \"held (held: …)\"",
}

// TestSnapshotUnchanged proves the move to message files exact: every key of a converted Go
// catalog is in the message files, in both languages, with the very template (and renders
// the very string, arguments filled) its Go catalog had. Keys of the catalogs not yet
// converted are their owners' to change.
func TestSnapshotUnchanged(t *testing.T) {
	b, err := os.ReadFile("testdata/snapshot.json")
	if err != nil {
		t.Fatal(err)
	}
	var s snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, l := range Langs {
		for k, want := range s.Text[l] {
			if !converted(s.Source[k]) || changedOnPurpose[k] != "" {
				continue // still in a Go catalog (its owner may edit it), or changed on purpose
			}
			if src := Source(l, k); filepath.Ext(src) != ".json" {
				t.Errorf("%s %s: gone from the message files (now %q)", l, k, src)
				continue
			}
			moved++
			if got := T(l, k); got != want {
				t.Errorf("%s %s: %q, was %q", l, k, got, want)
			}
			args := sampleArgs(want)
			if got, was := T(l, k, args...), fmt.Sprintf(want, args...); got != was {
				t.Errorf("%s %s with arguments: %q, was %q", l, k, got, was)
			}
		}
	}
	if moved == 0 {
		t.Fatal("no key of the snapshot comes from a message file")
	}
	t.Logf("%d messages identical to the snapshot", moved)
}

// converted tells whether the Go catalog a snapshot key came from (catalog_<area>.go) has
// become message files (translation/<area>/).
func converted(goFile string) bool {
	area := strings.TrimSuffix(strings.TrimPrefix(goFile, "catalog_"), ".go")
	_, err := fs.Stat(translationFS, path.Join(translationDir, area))
	return area != "" && err == nil
}

// sampleArgs are arguments for the verbs of tmpl: a distinct word per %s/%q/%v, a number
// per %d, a decimal per %f.
func sampleArgs(tmpl string) []any {
	var out []any
	for i, v := range verbRe.FindAllString(tmpl, -1) {
		switch v[len(v)-1] {
		case 'd':
			out = append(out, 1000+i)
		case 'f', 'g', 'e':
			out = append(out, 12.5)
		default:
			out = append(out, fmt.Sprintf("‹arg%d›", i))
		}
	}
	return out
}
