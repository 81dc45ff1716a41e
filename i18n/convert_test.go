package i18n

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// The converter moves Go catalogs to message files, exactly:
//
//	go test ./i18n -run TestConvertCatalogs -i18n.convert=engine,store
//
// writes translation/<area>/en.json and fr.json from every key catalog_<area>.go registers
// (read from the running catalog, so keys a Go file builds in a loop come out too), reads the
// files back with go-i18n and checks every text is the same; then delete catalog_<area>.go.
// Take the snapshot first (-i18n.snapshot, snapshot_test.go) so TestSnapshotUnchanged proves
// the move once the Go file is gone.
var convertAreas = flag.String("i18n.convert", "", "comma-separated areas whose catalog_<area>.go to write as translation/<area>/<lang>.json")

func TestConvertCatalogs(t *testing.T) {
	if *convertAreas == "" {
		t.Skip("-i18n.convert not set")
	}
	for _, area := range strings.Split(*convertAreas, ",") {
		src := "catalog_" + area + ".go"
		dir := filepath.Join(translationDir, area)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, l := range Langs {
			msgs := map[string]*goi18n.Message{}
			mu.RLock()
			for k, m := range messages[l] {
				if sources[l][k] == src {
					msgs[k] = m
				}
			}
			mu.RUnlock()
			if len(msgs) == 0 {
				t.Fatalf("%s registers nothing in %s", src, l)
			}
			b, err := encodeFile(msgs)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, string(l)+".json")
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			back, err := goi18n.ParseMessageFileBytes(b, file, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Messages) != len(msgs) {
				t.Fatalf("%s: %d messages written, %d read back", file, len(msgs), len(back.Messages))
			}
			for _, m := range back.Messages {
				if !reflect.DeepEqual(forms(m), forms(msgs[m.ID])) {
					t.Fatalf("%s: %s reads back as %q, was %q", file, m.ID, forms(m), forms(msgs[m.ID]))
				}
			}
			t.Logf("%s: %d messages", file, len(msgs))
		}
	}
}

var formatFiles = flag.Bool("i18n.fmt", false, "rewrite the message files in their canonical form")

// TestMessageFilesCanonical keeps every message file sorted and indented the one way
// (encodeFile), so that two people adding keys to one file merge without conflicts on
// unrelated lines. -i18n.fmt rewrites the files that are not.
func TestMessageFilesCanonical(t *testing.T) {
	files, err := messageFiles(translationFS, translationDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := translationFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := goi18n.ParseMessageFileBytes(b, f, nil)
		if err != nil {
			t.Fatal(err)
		}
		msgs := map[string]*goi18n.Message{}
		for _, m := range mf.Messages {
			msgs[m.ID] = m
		}
		want, err := encodeFile(msgs)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) == string(want) {
			continue
		}
		if *formatFiles {
			if err := os.WriteFile(f, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is not in canonical form (keys sorted, two-space indent): go test ./i18n -run TestMessageFilesCanonical -i18n.fmt", f)
	}
}
