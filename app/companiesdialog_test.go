package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"chorusdesk/domain"
)

func TestAddEditRemoveCompany(t *testing.T) {
	h := newHarness(t, true)
	p := h.ui.main.companies
	test.Tap(p.add)
	f := h.ui.main.compForm
	test.Type(f.code, "acme-fr")
	test.Type(f.name, "ACME France")
	test.Type(f.siret, "1234")
	test.Tap(f.submit)
	if !visible(f.errs["siret"]) || visible(f.errs["code"]) || visible(f.errs["name"]) {
		t.Fatalf("SIRET error not under the SIRET field: siret=%q code=%q", f.errs["siret"].Text, f.errs["code"].Text)
	}
	f.siret.SetText("732 829 320 00074")
	test.Tap(f.submit)
	c, err := h.svc.Company("ACME-FR")
	if err != nil {
		t.Fatalf("company not added: %v (form says %q)", err, f.other.Text)
	}
	if c.SIRET != "73282932000074" || h.tab().company.ID != c.ID {
		t.Fatalf("added %+v; selected %q", c, h.tab().company.Code)
	}

	test.Tap(p.add)
	f = h.ui.main.compForm
	test.Type(f.code, "ACME-FR")
	test.Type(f.name, "Again")
	test.Tap(f.submit)
	if !visible(f.errs["code"]) {
		t.Fatal("a duplicate code is not reported under the code")
	}
	f.dlg.Hide()

	test.Tap(p.edit)
	f = h.ui.main.compForm
	if !f.code.Disabled() {
		t.Fatal("the code can be edited")
	}
	f.name.SetText("ACME France SAS")
	test.Tap(f.submit)
	if c, _ = h.svc.Company("ACME-FR"); c.Name != "ACME France SAS" {
		t.Fatalf("rename not saved: %q", c.Name)
	}
	if h.tab().title.Text != h.ui.companyTitle(c) {
		t.Fatalf("title not refreshed: %q", h.tab().title.Text)
	}

	test.Tap(p.remove)
	h.confirmLast(false)
	if _, err := h.svc.Company("ACME-FR"); err != nil {
		t.Fatal("a declined removal removed")
	}
	test.Tap(p.remove)
	h.confirmLast(true)
	if _, err := h.svc.Company("ACME-FR"); err == nil {
		t.Fatal("the company was not removed")
	}
	if n := len(p.list.Items()); n != 1 || h.tab().company.Code != domain.DefaultCode {
		t.Fatalf("after removal: %d companies, showing %q", n, h.tab().company.Code)
	}
	h.ui.lastConfirm = nil
	test.Tap(p.remove) // ***** cannot be removed: no confirmation is even asked
	if h.ui.lastConfirm != nil {
		t.Fatal("removal of ***** was offered")
	}
}
