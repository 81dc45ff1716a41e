package outbox

import (
	"fmt"
	"strings"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
)

// A flux Chorus Pro refused is told in one sentence, cause and what to do, never the same
// thing twice (the message table's sentence already says what to do: no second advice after
// it); Chorus Pro's own words stay apart, as the raw label, out of the sentence. Every flux
// refusal the emulator can produce, in English and French, as watch and status print it (the
// item's message) and as the window shows it (Explain).
func TestRefusalSaysItOnce(t *testing.T) {
	cases := []struct {
		name    string
		outcome emulator.Outcome
		raw     string // part of the raw label ("" when Chorus Pro gives none)
		says    string // part of the English sentence
		table   bool   // the message table knows the label: its sentence alone
	}{
		{"duplicate", emulator.Outcome{Kind: emulator.OutcomeDuplicate}, "déjà déposé", "new number", true},
		{"supplier not attached", emulator.Outcome{Kind: emulator.OutcomeSupplierNotAttached}, "demande de paiement (balise", "attach the technical account", true},
		{"rejected: payment means", emulator.Outcome{Kind: "IN_REJETE"}, "PaymentMeans", "payment means", true},
		{"irrecevable", emulator.Outcome{Kind: "QP_IRRECEVABLE", Libelle: "IRRECEVABILITE: cvc-datatype-valid.1.2.1: ligne 150"}, "cvc-datatype", "format", true},
		{"rejected: a label no rule knows", emulator.Outcome{Kind: "IN_REJETE", Libelle: "Une phrase inconnue"}, "Une phrase inconnue", "fix what Chorus Pro names", false},
		{"incident", emulator.Outcome{Kind: "IN_INCIDENTE"}, "", "send it again as it is", false},
	}
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			number := fmt.Sprint("REFUSED-", i)
			c.outcome.Invoice = number
			if err := r.emu.ForceOutcome(c.outcome); err != nil {
				t.Fatal(err)
			}
			it, err := o.Add(writeFile(t, t.TempDir(), "r.xml", ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it = wait(t, o, isState(Final), it.ID)[0]
			v := Explain(it)
			if v.Stage != StageRefused || !strings.Contains(v.Raw, c.raw) {
				t.Fatalf("stage %s raw %q, want refused with %q", v.Stage, v.Raw, c.raw)
			}
			if c.table && (v.Action != nil || it.Message.In(i18n.EN) != v.Cause.In(i18n.EN)) {
				t.Errorf("the table's sentence says what to do: message %q, action %q", it.Message.In(i18n.EN), v.Action.In(i18n.EN))
			}
			if !strings.Contains(it.Message.In(i18n.EN), c.says) {
				t.Errorf("message %q lacks %q", it.Message.In(i18n.EN), c.says)
			}
			for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
				m := it.Message.In(l)
				if c.raw != "" && strings.Contains(m, c.raw) {
					t.Errorf("%s: Chorus Pro's words in the sentence: %q", l, m)
				}
				if p := repeatedPhrase(m); p != "" {
					t.Errorf("%s: %q said twice in %q", l, p, m)
				}
				if n := adviceCount(l, m); n > 1 {
					t.Errorf("%s: %d pieces of advice to send again in %q", l, n, m)
				}
			}
		})
	}
}

// repeatedPhrase returns a run of four words said twice in s ("" when none).
func repeatedPhrase(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r == '\'' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	seen := map[string]bool{}
	for i := 0; i+4 <= len(words); i++ {
		p := strings.Join(words[i:i+4], " ")
		if seen[p] {
			return p
		}
		seen[p] = true
	}
	return ""
}

// adviceCount counts the "send again" of s.
func adviceCount(l i18n.Lang, s string) int {
	s = strings.ToLower(s)
	if l == i18n.FR {
		return strings.Count(s, "renvoy") + strings.Count(s, "réessayez")
	}
	return strings.Count(s, "again")
}
