package transfers

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/i18n"
	"chorusdesk/invoice"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// Every sample invoice added in the window goes from its file to deposited, the batch's
// progress reaches its end with one notification, and then tracking brings each to a final
// status: a rejection is notified with the recipient's comment and explained in the details.
func TestTransfersSamplesToFinal(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	paths := samplePaths(t)
	r.view.addPaths(paths, false)
	r.until("the samples are listed", func() bool { return r.b.Model().Len() == len(paths) })
	v := r.view
	if !strings.Contains(v.status.Text, "added") {
		t.Errorf("status %q does not report the files added", v.status.Text)
	}
	r.until("every sample is deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == len(paths) })
	r.until("the batch ends", func() bool { return !r.b.Model().BatchRunning() })
	if v.sentBar.Value != v.sentBar.Max || v.sentBar.Max != float64(len(paths)) {
		t.Errorf("sent %v of %v, want %d of %d", v.sentBar.Value, v.sentBar.Max, len(paths), len(paths))
	}
	if v.heardBar.Value != v.heardBar.Max {
		t.Errorf("answered %v of %v", v.heardBar.Value, v.heardBar.Max)
	}
	if want := "Batch finished. Accepted by Chorus Pro: " + itoa(len(paths)) + "."; !strings.Contains(v.batch.Text, want) {
		t.Errorf("batch label %q, want %q", v.batch.Text, want)
	}
	if len(r.notes) != 1 || !strings.Contains(r.notes[0].Content, "Accepted by Chorus Pro: "+itoa(len(paths))+". Refused or rejected: 0. Waiting for you: 0.") {
		t.Fatalf("notifications %v, want one batch end", noteTexts(r.notes))
	}
	for _, it := range r.rows() {
		if r.cell(it.ID, colFlux) != it.Flux || it.Flux == "" {
			t.Errorf("%s: flux cell %q, flux %q", it.Number, r.cell(it.ID, colFlux), it.Flux)
		}
		if c := r.cell(it.ID, colCompany); c != "DEMO1" && c != "DEMO2" {
			t.Errorf("%s: company cell %q", it.Number, c)
		}
	}

	// The emulator moves an integrated invoice on its own up to MISE_A_DISPOSITION; the
	// recipient then pays one and rejects the other.
	r.until("every invoice is known to Chorus Pro", func() bool {
		return r.rowsWhere(func(it outbox.Item) bool { return it.InvoiceStatus == "MISE_A_DISPOSITION" }) == len(paths)
	})
	want := map[string]string{}
	for i, it := range r.rows() {
		status, comment := outbox.StatusMiseEnPaiement, ""
		if i%2 == 1 {
			status, comment = outbox.StatusRejetee, "montant errone"
		}
		want[it.ID] = status
		if err := r.emu.SetInvoiceStatus(it.InvoiceID, status, comment); err != nil {
			t.Fatal(err)
		}
	}
	r.until("every invoice is final", func() bool {
		return r.rowsWhere(func(it outbox.Item) bool { return it.State == outbox.Final }) == len(paths)
	})
	rejections := 0
	for _, it := range r.rows() {
		if it.InvoiceStatus != want[it.ID] {
			t.Errorf("%s: status %q, want %q", it.Number, it.InvoiceStatus, want[it.ID])
		}
		if it.InvoiceStatus != outbox.StatusRejetee {
			if got := r.cell(it.ID, colState); got != "paid" {
				t.Errorf("%s: state cell %q, want paid", it.Number, got)
			}
			continue
		}
		rejections++
		if got := r.cell(it.ID, colState); got != "rejected by the buyer" {
			t.Errorf("%s: state cell %q, want rejected by the buyer", it.Number, got)
		}
		r.selectItem(it.ID)
		labelHas(t, v.message, "montant errone")
		labelHas(t, v.todo, "credit note")
		labelHas(t, v.raw, "REJETEE montant errone")
		labelHas(t, v.fluxLabel, "Flux number: "+it.Flux)
		labelHas(t, v.fields, "Invoice status: REJETEE")
		labelHas(t, v.history, "sent, waiting for Chorus Pro")
		labelHas(t, v.history, "rejected by the buyer (REJETEE)")
		if !v.retry.Disabled() || !v.resend.Disabled() || v.remove.Disabled() {
			t.Errorf("rejected item: retry %v resend %v remove %v disabled", v.retry.Disabled(), v.resend.Disabled(), v.remove.Disabled())
		}
	}
	var rejNotes int
	for _, n := range r.notes {
		if strings.HasSuffix(n.Title, ": rejected by the buyer") {
			rejNotes++
			if !strings.Contains(n.Content, "montant errone") {
				t.Errorf("rejection notification %q lacks the recipient's comment", n.Content)
			}
		}
	}
	if rejNotes != rejections {
		t.Errorf("%d rejection notifications for %d rejections: %v", rejNotes, rejections, noteTexts(r.notes))
	}
	for _, it := range r.rows() {
		if n := r.emu.Requests().Deposits[it.Number]; n != 1 {
			t.Errorf("%s deposited %d times, want 1", it.Number, n)
		}
	}
}

// A file that is not an invoice is listed as failed with the detector's reason in the
// user's language, and what to do; it cannot be retried.
func TestTransfersRefusedFileShowsReason(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	p := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(p, []byte("not an invoice at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, detectErr := invoice.DetectFile(p)
	if detectErr == nil {
		t.Fatal("the detector accepted a text file")
	}
	reason := i18n.Message(i18n.EN, detectErr)
	r.view.addPaths([]string{p}, false)
	r.until("the refused file is listed", func() bool { return r.b.Model().Len() == 1 })
	v := r.view
	labelHas(t, v.status, reason)
	it := r.rows()[0]
	if got := r.cell(it.ID, colState); got != "not sent" {
		t.Errorf("state cell %q, want not sent", got)
	}
	r.selectItem(it.ID)
	labelHas(t, v.message, reason)
	labelHas(t, v.todo, "add the corrected file again")
	if !v.retry.Disabled() {
		t.Error("retry enabled for a file that is not an invoice")
	}
	if len(r.notes) != 1 || !strings.Contains(r.notes[0].Content, "Waiting for you: 1.") {
		t.Errorf("notifications %v, want one batch end with one failure", noteTexts(r.notes))
	}
	// Remove asks, then forgets it.
	test.Tap(v.remove)
	if text := r.answer(false); !strings.Contains(text, "notes.txt") {
		t.Errorf("removal question %q does not name the file", text)
	}
	r.queue.run()
	if r.b.Model().Len() != 1 {
		t.Fatal("declining the removal removed the item")
	}
	test.Tap(v.remove)
	r.answer(true)
	r.until("the item is removed", func() bool { return r.b.Model().Len() == 0 })
	labelHas(t, v.title, "Select a transfer")
}

// An invoice whose seller SIRET matches no company is held; choosing the company and Retry
// sends it.
func TestTransfersRetryUnroutableWithChosenCompany(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	p := ublVariant(t, t.TempDir(), "ORPHAN-1", emulator.SupplierSIRET3)
	r.view.addPaths([]string{p}, false)
	r.until("the invoice is held", func() bool { return r.b.Model().Len() == 1 && r.rows()[0].State == outbox.Held })
	v := r.view
	it := r.rows()[0]
	if got := r.cell(it.ID, colState); got != "held: no company" {
		t.Errorf("state cell %q", got)
	}
	r.selectItem(it.ID)
	labelHas(t, v.message, emulator.SupplierSIRET3)
	labelHas(t, v.todo, "choose the company")
	if v.retry.Disabled() {
		t.Fatal("retry disabled for a held item")
	}
	// Retry without a choice keeps it held, with no deposit.
	test.Tap(v.retry)
	r.queue.run()
	if got := r.item(it.ID); got.State != outbox.Held {
		t.Fatalf("state %s after a retry without a company", got.State)
	}
	v.company.SetSelected("DEMO1 — Demo DEMO1")
	v.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}) // Retry
	r.until("the invoice is deposited", func() bool { got := r.item(it.ID); return got.Flux != "" })
	if got := r.item(it.ID); got.CompanyCode != "DEMO1" {
		t.Errorf("routed to %q, want DEMO1", got.CompanyCode)
	}
	labelHas(t, v.history, "held: no company")
	if n := r.emu.Requests().Deposits["ORPHAN-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
}

// Adding a file already deposited asks first, saying the recipient may get it twice; no
// keeps one deposit, yes deposits a second copy.
func TestTransfersDuplicateAsksBeforeForcedResend(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	p := ublVariant(t, t.TempDir(), "TWICE-1", emulator.SupplierSIRET1)
	r.view.addPaths([]string{p}, false)
	r.until("the invoice is deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 1 })

	r.view.addPaths([]string{p}, false)
	r.queue.run()
	text := r.answer(false)
	for _, want := range []string{"TWICE-1", "twice", "Send them again anyway?"} {
		if !strings.Contains(text, want) {
			t.Errorf("duplicate question %q lacks %q", text, want)
		}
	}
	r.queue.run()
	if r.b.Model().Len() != 1 {
		t.Fatalf("%d rows after declining the resend, want 1", r.b.Model().Len())
	}

	r.view.addPaths([]string{p}, false)
	r.queue.run()
	r.answer(true)
	r.until("the second copy is deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 2 })
	forced := r.byNumber("TWICE-1")
	if !forced.Forced {
		t.Error("the second copy is not marked forced")
	}
	if n := r.emu.Requests().Deposits["TWICE-1"]; n != 2 {
		t.Errorf("deposited %d times, want 2", n)
	}
}

// A deposit that got no clear answer is left for the user; "Send again" asks, saying the
// invoice may already be in Chorus Pro, and sends only when confirmed.
func TestTransfersUnsureDepositConfirmedResend(t *testing.T) {
	opt := fastOutbox()
	opt.ReconcileWindow = 200 * time.Millisecond
	r := newXRig(t, emulator.Options{}, opt)
	r.emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultReset, Count: 1})
	p := ublVariant(t, t.TempDir(), "UNSURE-1", emulator.SupplierSIRET1)
	r.view.addPaths([]string{p}, false)
	r.until("the user is asked to confirm", func() bool {
		return r.b.Model().Len() == 1 && r.rows()[0].State == outbox.NeedsConfirmation && r.rows()[0].AskUser
	})
	v := r.view
	it := r.rows()[0]
	if got := r.cell(it.ID, colState); got != "deposit unconfirmed" {
		t.Errorf("state cell %q", got)
	}
	r.selectItem(it.ID)
	labelHas(t, v.todo, "Chorus Pro portal")
	if !v.retry.Disabled() || v.resend.Disabled() || v.mark.Disabled() {
		t.Fatalf("retry %v resend %v mark %v disabled", v.retry.Disabled(), v.resend.Disabled(), v.mark.Disabled())
	}

	test.Tap(v.resend)
	if text := r.answer(false); !strings.Contains(text, "may already be in Chorus Pro") {
		t.Errorf("resend question %q does not warn", text)
	}
	r.queue.run()
	if got := r.item(it.ID); got.State != outbox.NeedsConfirmation {
		t.Fatalf("state %s after declining", got.State)
	}
	if n := r.emu.Requests().Deposits["UNSURE-1"]; n != 0 {
		t.Fatalf("deposited %d times before the confirmation", n)
	}
	test.Tap(v.resend)
	r.answer(true)
	r.until("the invoice is deposited", func() bool { got := r.item(it.ID); return got.WasDeposited() })
	if n := r.emu.Requests().Deposits["UNSURE-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
	labelHas(t, v.history, "deposit unconfirmed")
}

// "It is in Chorus Pro…" records the flux number the user found in the portal.
func TestTransfersMarkFoundInChorus(t *testing.T) {
	opt := fastOutbox()
	opt.ReconcileWindow = 100 * time.Millisecond
	opt.DepositOnly = true // no tracking of the flux number typed here
	r := newXRig(t, emulator.Options{}, opt)
	r.emu.InjectFault(emulator.Fault{Endpoint: "deposer/flux", Kind: emulator.FaultReset, Count: 1})
	r.view.addPaths([]string{ublVariant(t, t.TempDir(), "FOUND-1", emulator.SupplierSIRET1)}, false)
	r.until("the user is asked to confirm", func() bool {
		return r.b.Model().Len() == 1 && r.rows()[0].AskUser
	})
	it := r.rows()[0]
	r.selectItem(it.ID)
	v := r.view
	test.Tap(v.mark)
	if v.markEntry == nil {
		t.Fatal("no flux number asked")
	}
	test.Type(v.markEntry, "FLUX-777")
	v.lastDialog.(interface{ Submit() }).Submit()
	r.until("the flux is recorded", func() bool { got := r.item(it.ID); return got.Flux == "FLUX-777" })
	if got := r.item(it.ID); got.State != outbox.Deposited {
		t.Errorf("state %s, want deposited", got.State)
	}
	if n := r.emu.Requests().Deposits["FOUND-1"]; n != 0 {
		t.Errorf("deposited %d times, want 0", n)
	}
}

// Files and folders dropped on the window are added by the core's intake rule.
func TestTransfersDrop(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	dir := t.TempDir()
	one := ublVariant(t, t.TempDir(), "DROP-1", emulator.SupplierSIRET1)
	ublVariant(t, dir, "DROP-2", emulator.SupplierSIRET1)
	ublVariant(t, dir, "DROP-3", emulator.SupplierSIRET2)
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.view.Drop([]fyne.URI{storage.NewFileURI(one), storage.NewFileURI(dir)})
	r.until("the dropped invoices are deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 3 })
	if got := r.byNumber("DROP-3").CompanyCode; got != "DEMO2" {
		t.Errorf("DROP-3 routed to %q, want DEMO2", got)
	}
	// The folder's other file is passed over by the intake rule, and the status line says so.
	if r.b.Model().Len() != 3 {
		t.Errorf("%d rows, want the 3 invoices only", r.b.Model().Len())
	}
	labelHas(t, r.view.status, "3 files added. 1 passed over (readme.txt: ")
}

// The watched inbox takes a file dropped in the folder; the state shows and stops.
func TestTransfersInboxWatch(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	v := r.view
	if !v.inboxToggle.Disabled() {
		t.Error("watch enabled with no folder chosen")
	}
	dir := t.TempDir()
	v.setInbox(dir)
	if v.inboxPath.Text != dir {
		t.Errorf("inbox field %q, want %q", v.inboxPath.Text, dir)
	}
	labelHas(t, v.inboxState, "not watched")
	test.Tap(v.inboxToggle)
	labelHas(t, v.inboxState, "watching")
	ublVariant(t, dir, "INBOX-1", emulator.SupplierSIRET1)
	r.until("the inbox file is deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 1 })
	if _, err := os.Stat(filepath.Join(dir, outbox.ProcessedDir, "INBOX-1.xml")); err != nil {
		t.Errorf("the file was not moved to processed/: %v", err)
	}
	test.Tap(v.inboxToggle)
	labelHas(t, v.inboxState, "not watched")
	if r.inbox != dir {
		t.Error("the inbox folder is not remembered")
	}
}

func noteTexts(ns []*fyne.Notification) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Title+": "+n.Content)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// Fyne's file dialog picks one file: the chosen file's folder is then offered with the chosen
// invoice ticked, and every ticked file is added.
func TestTransfersPickSeveralFiles(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	dir := t.TempDir()
	chosen := ublVariant(t, dir, "PICK-1", emulator.SupplierSIRET1)
	ublVariant(t, dir, "PICK-2", emulator.SupplierSIRET1)
	ublVariant(t, dir, "PICK-3", emulator.SupplierSIRET1)
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.view.offerSiblings(chosen)
	r.queue.run()
	v := r.view
	l := v.pickList
	if l == nil || len(l.Items) != 3 {
		t.Fatalf("offered %v, want the three invoices", l)
	}
	if got := l.Checked(); len(got) != 1 || l.Items[got[0]] != "PICK-1.xml" {
		t.Fatalf("ticked %v, want only the chosen file", got)
	}
	l.SetChecked(2, true)
	v.lastDialog.(interface{ Confirm() }).Confirm()
	r.until("the ticked invoices are deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 2 })
	for _, it := range r.rows() {
		if it.Number == "PICK-2" {
			t.Error("an unticked file was added")
		}
	}
}

// The keyboard drives the window: a folder typed in the inbox field (Ctrl+I) is watched at
// once on Enter (a path that is not a folder is refused), Enter in the search (Ctrl+F) shows
// the first match, Enter answers a question yes and Escape no.
func TestTransfersKeyboard(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	v := r.view
	shortcut := func(k fyne.KeyName, mod fyne.KeyModifier) {
		v.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | mod})
	}
	shortcut(fyne.KeyI, 0)
	if v.win.Canvas().Focused() != v.inboxPath {
		t.Fatal("Ctrl+I does not focus the inbox field")
	}
	v.inboxPath.SetText(filepath.Join(t.TempDir(), "missing"))
	v.inboxPath.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.queue.run()
	labelHas(t, v.status, "is not a folder")
	dir := t.TempDir()
	v.inboxPath.SetText(dir)
	v.inboxPath.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.queue.run()
	if watched, on := r.b.Watching(); !on || watched != dir || r.inbox != dir {
		t.Fatalf("watching %q (%v), remembered %q", watched, on, r.inbox)
	}
	ublVariant(t, dir, "KEY-1", emulator.SupplierSIRET1)
	ublVariant(t, dir, "KEY-2", emulator.SupplierSIRET1)
	r.until("the inbox files are deposited", func() bool { return r.rowsWhere(outbox.Item.WasDeposited) == 2 })
	// The window's shortcuts work while a text field has the focus (Fyne gives it them first).
	v.win.Canvas().Focus(v.inboxPath)
	v.inboxPath.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if v.win.Canvas().Focused() != v.search {
		t.Fatal("Ctrl+F in the inbox field does not go to the search")
	}
	test.Type(v.search, "key-2")
	v.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if it := r.item(v.selected); it.Number != "KEY-2" {
		t.Fatalf("Enter in the search selected %q", it.Number)
	}
	// A question: Escape says no, Enter yes.
	it := r.item(v.selected)
	again := ublVariant(t, t.TempDir(), "KEY-2", emulator.SupplierSIRET1)
	ask := func() *widgets.Question {
		v.askDuplicates([]*outbox.DuplicateError{{Existing: it}}, []string{again})
		q := v.lastConfirm
		if q == nil || v.win.Canvas().Focused() != q.Yes {
			t.Fatal("the question's yes button has not the focus")
		}
		return q
	}
	ask().Yes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	r.queue.run()
	if n := r.emu.Requests().Deposits["KEY-2"]; n != 1 {
		t.Fatalf("Escape sent it again: %d deposits", n)
	}
	ask().Yes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.until("Enter sends it again", func() bool { return r.emu.Requests().Deposits["KEY-2"] == 2 })
	r.b.StopWatch()
}
