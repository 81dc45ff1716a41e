package app

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/conntest"
	"chorusdesk/domain"
)

func saveSetup(t *testing.T, h *harness, code string, st domain.Setup) domain.Company {
	t.Helper()
	c, err := h.svc.Company(code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SaveSetup(c.ID, st); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMoveDialog(t *testing.T) {
	cases := []struct {
		name      string
		destSetup *domain.Setup
		confirm   bool // answer to the overwrite question (asked only when the destination has data)
		moved     bool
	}{
		{"to an empty company", nil, false, true},
		{"overwrite confirmed", &domain.Setup{Tag: "OLD", Production: creds("old")}, true, true},
		{"overwrite declined", &domain.Setup{Tag: "OLD", Production: creds("old")}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, true)
			h.addCompanies(3)
			src := domain.Setup{Enabled: true, Tag: "T1", Sandbox: creds("1")}
			from := saveSetup(t, h, "C0001", src)
			var dest domain.Setup
			if c.destSetup != nil {
				dest = *c.destSetup
				saveSetup(t, h, "C0003", dest)
			}
			h.ui.reloadCompanies("")
			h.selectCode("C0001")
			test.Tap(h.tab().move)
			m := h.ui.main.moveDlg
			if m == nil {
				t.Fatal("no move dialog")
			}
			for _, it := range m.list.Items() {
				if it.ID == from.ID {
					t.Fatal("the source is offered as destination")
				}
			}
			if !m.validate.Disabled() {
				t.Fatal("Validate is enabled before a destination is picked")
			}
			test.Type(m.list.Filter, "c0003")
			if n := len(m.list.Shown()); n != 1 {
				t.Fatalf("search shows %d companies, want 1", n)
			}
			to, _ := h.svc.Company("C0003")
			m.list.Select(to.ID)
			test.Tap(m.validate)
			if c.destSetup != nil {
				if m.overwrite == nil {
					t.Fatal("no overwrite confirmation for a destination with data")
				}
				h.confirmLast(c.confirm)
			} else if m.overwrite != nil {
				t.Fatal("an overwrite confirmation for an empty destination")
			}
			gotFrom, _ := h.svc.Setup(from.ID)
			gotTo, _ := h.svc.Setup(to.ID)
			if c.moved {
				if gotTo != src || gotFrom.HasData() {
					t.Fatalf("after the move: from %+v, to %+v", gotFrom.Tag, gotTo.Tag)
				}
				tab := h.tab()
				if tab.company.ID != from.ID {
					t.Fatal("the source tab is no longer shown")
				}
				if tab.saved.Enabled || tab.formSetup().HasData() || !tab.move.Disabled() {
					t.Fatal("the source tab is not empty and disabled")
				}
				return
			}
			if gotFrom != src || gotTo != dest {
				t.Fatal("a declined overwrite changed something")
			}
		})
	}
}

func TestMoveRefusedWithUnsavedChanges(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(2)
	saveSetup(t, h, "C0001", domain.Setup{Sandbox: creds("1")})
	h.ui.reloadCompanies("")
	h.selectCode("C0001")
	test.Type(h.tab().tag, "X")
	h.ui.main.moveDlg = nil
	test.Tap(h.tab().move)
	if h.ui.main.moveDlg != nil {
		t.Fatal("the move dialog opened over unsaved changes")
	}
}

// TestMoveShowsAttachmentAndOffersTest: picking a destination says whether the moved account
// is attached to its SIRET (asked of Chorus Pro in the background); after the move the app
// offers to run the Test for the destination, and runs it there.
func TestMoveShowsAttachmentAndOffersTest(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	withSIRET, err := h.svc.AddCompany("DEST", "Destination", "73282932000074")
	if err != nil {
		t.Fatal(err)
	}
	noSIRET, _ := h.svc.AddCompany("NOSIRET", "No SIRET", "")
	saveSetup(t, h, "C0001", domain.Setup{Enabled: true, Sandbox: creds("1")})
	h.ui.reloadCompanies("")
	h.selectCode("C0001")
	test.Tap(h.tab().move)
	m := h.ui.main.moveDlg
	for _, c := range []struct {
		to       domain.Company
		answer   conntest.Attachment
		fail     error
		want     string
		asked    int
		severity widget.Importance
	}{
		{noSIRET, conntest.AttachYes, nil, "NOSIRET has no SIRET", 0, widget.MediumImportance},
		{withSIRET, conntest.AttachYes, nil, "is attached to SIRET 73282932000074 (sandbox)", 1, widget.SuccessImportance},
		{withSIRET, conntest.AttachNo, nil, "is NOT attached to SIRET 73282932000074", 2, widget.DangerImportance},
		{withSIRET, conntest.AttachUnknown, errors.New("no network"), "could not be checked: no network", 3, widget.WarningImportance},
	} {
		h.attached, h.attachErr = c.answer, c.fail
		m.list.ClearSelection()
		m.list.Select(c.to.ID)
		if !strings.Contains(m.attached.Text, c.want) || h.attachChecks != c.asked || m.attached.Importance != c.severity {
			t.Fatalf("%s: %q (asked %d times), want %q", c.to.Code, m.attached.Text, h.attachChecks, c.want)
		}
	}
	h.steps = []domain.TestStep{{Name: "network", OK: true}}
	test.Tap(m.validate)
	if m.testOffer == nil {
		t.Fatal("no Test offered after the move")
	}
	m.testOffer.Confirm()
	if h.tab().company.ID != withSIRET.ID || h.runs != 1 || h.reqs[0].CompanyID != withSIRET.ID {
		t.Fatalf("the Test ran %d times, on %+v, tab on %s", h.runs, h.reqs, h.tab().company.Code)
	}
}
