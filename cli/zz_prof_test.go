package cli

import (
	"os"
	"testing"
)

func TestZZProfSend(t *testing.T) {
	big := os.Getenv("PROFBIG")
	if big == "" {
		t.Skip()
	}
	fastOutbox(t)
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
	setupForTest(t, h, "sandbox", "demo-password-1")
	h.ok("setup", "enable", "ACME")
	h.ok("send", os.Getenv("PROFBIG")+".small.xml")
	h.ok("send", big)
}
