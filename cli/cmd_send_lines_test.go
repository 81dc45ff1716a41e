package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chorusdesk/chorusapi/emulator"
)

// Each result line of `send` says its state word once: the reason in brackets never starts
// with it again ("held (held: …)"), in English and in French, for every result.
func TestSendLinesSayTheStateOnce(t *testing.T) {
	fastOutbox(t)
	sample := invoiceSamples(t, "FA-2026-0001")[0]
	junk := filepath.Join(t.TempDir(), "junk.xml")
	if err := os.WriteFile(junk, []byte("<html/>"), 0o600); err != nil {
		t.Fatal(err)
	}
	// ready is a vault with ACME and its setup; password is the technical account's.
	ready := func(t *testing.T, password string) (*harness, *emulator.Emulator) {
		h := newHarness(t)
		h.ok("init")
		h.ok("company", "add", "ACME", "--name", "Acme", "--siret", "73282932000074")
		em := setupForTest(t, h, "sandbox", password)
		h.ok("setup", "enable", "ACME")
		return h, em
	}
	good := func(t *testing.T) *harness { h, _ := ready(t, "demo-password-1"); return h }
	cases := []struct {
		name   string
		prep   func(t *testing.T) *harness
		file   string
		result string
		words  map[string]string // the state word of the line, per LC_ALL
	}{
		{"deposited", good, sample, resultDeposited, map[string]string{"en_US.UTF-8": "deposited", "fr_FR.UTF-8": "déposée"}},
		{"already deposited", func(t *testing.T) *harness {
			h := good(t)
			h.ok("send", sample)
			return h
		}, sample, resultAlready, map[string]string{"en_US.UTF-8": "deposited", "fr_FR.UTF-8": "déposée"}},
		{"held by the setup's Test", func(t *testing.T) *harness { h, _ := ready(t, "wrong-password"); return h },
			sample, resultHeld, map[string]string{"en_US.UTF-8": "held", "fr_FR.UTF-8": "retenue"}},
		{"held: no company", good, invoiceSamples(t, "FA-2026-0011")[0], resultHeld, map[string]string{"en_US.UTF-8": "held", "fr_FR.UTF-8": "retenue"}},
		{"refused", good, junk, resultRefused, map[string]string{"en_US.UTF-8": "refused", "fr_FR.UTF-8": "refusée"}},
		{"failed", func(t *testing.T) *harness {
			h, em := ready(t, "demo-password-1")
			em.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultBusiness, CodeRetour: 20001, Libelle: "GDP_MSG_11.022"})
			return h
		}, sample, resultFailed, map[string]string{"en_US.UTF-8": "failed", "fr_FR.UTF-8": "échec"}},
	}
	for _, c := range cases {
		for lang, word := range c.words {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				t.Setenv("LC_ALL", lang)
				h := c.prep(t)
				var rows []sendRow
				h.decode(h.run("send", "--json", c.file).out, &rows)
				if len(rows) != 1 || rows[0].Result != c.result {
					t.Fatalf("rows %+v, want one %s", rows, c.result)
				}
				out := h.run("send", c.file).out
				if c.result == resultAlready || c.result == resultDeposited {
					out = h.run("send", c.file).out // the first run deposited it
				}
				line, _, _ := strings.Cut(out, "\n")
				_, said, _ := strings.Cut(line, filepath.Base(c.file))
				said = typed.ReplaceAllString(said, "") // `chorusdesk retry --held` is what to type
				if strings.Count(strings.ToLower(said), word) != 1 {
					t.Errorf("%q says %q %d times, want once", line, word, strings.Count(strings.ToLower(said), word))
				}
			})
		}
	}
}

// typed is a command to type, in backquotes.
var typed = regexp.MustCompile("`[^`]*`")
