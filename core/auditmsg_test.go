package core

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// TestAuditFollowsTheReadersLanguage: every kind of entry is stored as messages and reads in
// French and in English, with days and durations in each language's form, and its English
// detail kept for older readers.
func TestAuditFollowsTheReadersLanguage(t *testing.T) {
	s := openService(t)
	c := mustAdd(t, s, "ACME")
	steps := []struct {
		do     func() error
		en, fr string
	}{
		{func() error { return s.UpdateCompany(c.ID, "Acme SA", "") }, `name "Company ACME" → "Acme SA"`, "nom « Company ACME » → « Acme SA »"},
		{func() error { _, err := s.SaveSetup(c.ID, domain.Setup{Sandbox: creds("a")}); return err },
			"sandbox client ID set, sandbox secret set, sandbox login set, sandbox password set",
			"identifiant client (bac à sable) saisi, secret (bac à sable) saisi, identifiant (bac à sable) saisi, mot de passe (bac à sable) saisi"},
		{func() error { _, err := s.SaveSetup(c.ID, domain.Setup{Sandbox: creds("a"), Tag: "ERP-1"}); return err },
			`ID tag "ERP-1" set`, "étiquette « ERP-1 » saisie"},
		{func() error { _, err := s.SaveSetup(c.ID, domain.Setup{Sandbox: creds("a"), Tag: "ERP-2"}); return err },
			`ID tag "ERP-1" → "ERP-2"`, "étiquette « ERP-1 » → « ERP-2 »"},
		{func() error { _, err := s.SaveSetup(c.ID, domain.Setup{Sandbox: creds("a")}); return err },
			`ID tag "ERP-2" removed`, "étiquette « ERP-2 » effacée"},
		{func() error { return s.SetPasswordExpiry(c.ID, domain.Sandbox, "2027-03-31") },
			"sandbox password expiry (none) → 2027-03-31", "expiration du mot de passe (bac à sable) (aucun) → 31/03/2027"},
		{func() error { return s.SetEnabled(c.ID, true) }, "setup enabled", "paramétrage activé"},
		{func() error { _, err := s.SetActiveEnv(domain.Production, true); return err }, "active environment sandbox → production", "environnement actif bac à sable → production"},
		{func() error { return s.SetAutoLockAfter(90 * time.Minute) }, "auto-lock 10 minutes → 1 h 30 min",
			"verrouillage automatique 10" + i18n.NBSP + "minutes → 1" + i18n.NBSP + "h 30" + i18n.NBSP + "min"},
		{func() error {
			return s.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: "http://localhost:1/t", APIURL: "http://localhost:1"})
		}, "sandbox: OAuth URL ", "bac à sable : URL du jeton OAuth "},
		{func() error { return s.SetInboxFolder("/srv/in") }, "inbox folder (none) → /srv/in", "dossier d'arrivée (aucun) → /srv/in"},
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		e := lastAudit(t, s)
		if len(e.Parts) == 0 {
			t.Fatalf("step %d: entry without messages: %+v", i, e)
		}
		if got := e.Text(i18n.EN); !strings.Contains(got, st.en) || e.Detail != got {
			t.Errorf("step %d: English %q (detail %q), want %q", i, got, e.Detail, st.en)
		}
		if got := e.Text(i18n.FR); !strings.Contains(got, st.fr) {
			t.Errorf("step %d: French %q, want %q", i, got, st.fr)
		}
		for _, l := range i18n.Langs {
			if a := e.ActionText(l); a == e.Action || a == "" {
				t.Errorf("step %d: action %s has no name in %s", i, e.Action, l)
			}
		}
	}
}

// TestAuditOldEntriesReadable: entries written before the messages (English detail only)
// read as they were written, in any language, except Go's durations, written for people.
func TestAuditOldEntriesReadable(t *testing.T) {
	s := openService(t)
	old := []AuditEntry{
		{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Action: ActionAutoLock, Detail: "auto-lock 10m0s → 1h0m0s"},
		{Time: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Action: ActionEnv, Detail: "active environment sandbox → production"},
		{Time: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC), Action: "someday-action", Detail: "from a newer version"},
	}
	err := s.kv.Update(func(txn storage.Tx) error {
		for i, e := range old {
			b, _ := json.Marshal(map[string]any{"time": e.Time, "action": e.Action, "detail": e.Detail})
			if err := txn.Set(auditKey(int64(i+1), 0), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		i      int
		lang   i18n.Lang
		text   string
		action string
	}{
		{0, i18n.EN, "auto-lock 10 minutes → 1 hour", "auto-lock changed"},
		{0, i18n.FR, "auto-lock 10" + i18n.NBSP + "minutes → 1" + i18n.NBSP + "heure", "verrouillage modifié"},
		{1, i18n.FR, "active environment sandbox → production", "environnement changé"},
		{2, i18n.FR, "from a newer version", "someday-action"},
	} {
		e := all[c.i]
		if got := e.Text(c.lang); got != c.text {
			t.Errorf("entry %d %s: %q, want %q", c.i, c.lang, got, c.text)
		}
		if got := e.ActionText(c.lang); got != c.action {
			t.Errorf("entry %d %s action: %q, want %q", c.i, c.lang, got, c.action)
		}
	}
}

// TestAuditCounts: counts take their plural form in each language.
func TestAuditCounts(t *testing.T) {
	for _, c := range []struct {
		n      int
		en, fr string
	}{
		{1, "1 company exported", "1 société exportée"},
		{3, "3 companies exported", "3 sociétés exportées"},
	} {
		e := AuditEntry{Action: ActionExport, Parts: []i18n.Msg{i18n.M("audit.export", c.n)}}
		if e.Text(i18n.EN) != c.en || e.Text(i18n.FR) != c.fr {
			t.Errorf("%d: %q / %q", c.n, e.Text(i18n.EN), e.Text(i18n.FR))
		}
	}
}
