package core

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// settableClock is a clock tests can move backwards.
type settableClock struct{ t time.Time }

func (c *settableClock) Now() time.Time { return c.t }

func TestAuditLogRecordsEveryChangeInOrder(t *testing.T) {
	dir := t.TempDir()
	clock := &settableClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	s, err := Open(dir, Options{KDF: cheapKDF, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != dir || !s.Now().Equal(clock.t) {
		t.Fatalf("Dir/Now = %q %v", s.Dir(), s.Now())
	}
	// Every action, with the clock frozen: the sequence number keeps them in order.
	steps := []struct {
		action string
		do     func() error
	}{
		{ActionInit, func() error { return s.Init([]byte(testPassword)) }},
		{ActionCompanyAdd, func() error { _, err := s.AddCompany("A", "Alpha", ""); return err }},
		{ActionCompanyAdd, func() error { _, err := s.AddCompany("B", "Bravo", ""); return err }},
		{ActionCompanyEdit, func() error { return s.UpdateCompany(id(t, s, "A"), "Alpha SA", "") }},
		{ActionCreate, func() error { _, err := s.SaveSetup(id(t, s, "A"), domain.Setup{Sandbox: creds("a")}); return err }},
		{ActionEdit, func() error {
			_, err := s.SaveSetup(id(t, s, "A"), domain.Setup{Tag: "X", Sandbox: creds("a")})
			return err
		}},
		{ActionEnable, func() error { return s.SetEnabled(id(t, s, "A"), true) }},
		{ActionDisable, func() error { return s.SetEnabled(id(t, s, "A"), false) }},
		{ActionMove, func() error { return s.MoveSetup(id(t, s, "A"), id(t, s, "B"), false) }},
		{ActionEnv, func() error { _, err := s.SetActiveEnv(domain.Production, true); return err }},
		{ActionEndpoints, func() error {
			return s.SetEndpoints(domain.Sandbox, domain.Endpoints{OAuthURL: "http://localhost:1/t", APIURL: "http://localhost:1"})
		}},
		{ActionAutoLock, func() error { return s.SetAutoLockAfter(time.Hour) }},
		{ActionPasswd, func() error { return s.ChangePassword([]byte(testPassword), []byte(testPassword)) }},
		{ActionExport, func() error { return s.Export(&bytes.Buffer{}, []byte("p")) }},
		{ActionImport, func() error {
			var b bytes.Buffer
			if err := s.Export(&b, []byte("p")); err != nil {
				return err
			}
			_, err := s.Import(&b, []byte("p"))
			return err
		}},
		{ActionCompanyRemove, func() error { return s.RemoveCompany(id(t, s, "A")) }},
	}
	var want []string
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.action, err)
		}
		want = append(want, st.action)
		if st.action == ActionImport {
			want = slices.Insert(want, len(want)-1, ActionExport)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// A reopened vault with a clock set back still appends after the last entry.
	clock.t = clock.t.Add(-time.Hour)
	s = openDirClock(t, dir, clock)
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetActiveEnv(domain.Sandbox, true); err != nil {
		t.Fatal(err)
	}
	want = append(want, ActionEnv)

	log, err := s.Audit()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Action)
		if e.Detail == "" || e.Time.IsZero() {
			t.Errorf("entry without detail or time: %+v", e)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audit actions\n got %v\nwant %v", got, want)
	}
	if last := log[len(log)-1]; !strings.Contains(last.Detail, "production → sandbox") || !last.Time.Equal(clock.t) {
		t.Fatalf("last entry %+v", last)
	}
}

func id(t *testing.T, s *Service, code string) string {
	t.Helper()
	c, err := s.Company(code)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func openDirClock(t *testing.T, dir string, c *settableClock) *Service {
	t.Helper()
	s, err := Open(dir, Options{KDF: cheapKDF, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// An entry renders from its messages while this version knows them, and from the English
// written at the time otherwise (older entries; a message removed since).
func TestAuditEntryTextFallsBackToItsDetail(t *testing.T) {
	cases := []struct {
		name  string
		entry AuditEntry
		want  string
	}{
		{"messages", AuditEntry{Detail: "vault created", Parts: []i18n.Msg{i18n.M("audit.init")}}, i18n.T(i18n.FR, "audit.init")},
		{"written before messages", AuditEntry{Detail: "set client_id"}, "set client_id"},
		{"a message removed since", AuditEntry{Detail: "bundle of 2026-01-02: 1 company written",
			Parts: []i18n.Msg{i18n.M("audit.gone_since", 1)}}, "bundle of 2026-01-02: 1 company written"},
		{"one of two removed", AuditEntry{Detail: "old", Parts: []i18n.Msg{i18n.M("audit.init"), i18n.M("audit.gone_since")}}, "old"},
	}
	for _, c := range cases {
		if got := c.entry.Text(i18n.FR); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
