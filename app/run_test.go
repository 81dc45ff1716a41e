package app

import (
	"testing"

	"chorusdesk/core"
	"chorusdesk/i18n"
)

func TestOpenDataInUse(t *testing.T) {
	dir := t.TempDir()
	first, code, _ := openData(dir, i18n.FR, cheapKDF)
	if first == nil || code != core.ExitOK {
		t.Fatal("cannot open a fresh data dir")
	}
	defer first.Close()
	second, code, msg := openData(dir, i18n.FR, cheapKDF)
	if second != nil {
		second.Close()
		t.Fatal("a second instance opened the same data dir")
	}
	if code != core.ExitInUse || msg != i18n.T(i18n.FR, "gui.err.in_use") {
		t.Fatalf("code %d, message %q", code, msg)
	}
}
