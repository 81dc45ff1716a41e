package transfers

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chorusdesk/app/transfers/bridge"
	"chorusdesk/chorusapi/emulator"
	"chorusdesk/outbox"
	"chorusdesk/widgets"
)

// A rejected batch, a fix and a re-send, as a finance admin lives them: Chorus Pro refuses two
// of three invoices because the supplier is not attached to the technical account. The batch
// shows its two stages and says "finished" only once Chorus Pro has answered on every flux; the
// notifications say who refused and why; the details give the cause, what to do and Chorus
// Pro's own words, offer Test / Fix setup and Send again (a refused flux is not a duplicate);
// after the fix, Send again deposits a new copy linked to the old row, which says "replaced";
// adding the files again sends the other refused one again without asking and asks only about
// the accepted one, in a dialog that fits the window.
func TestTransfersRejectedBatchFixResend(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	r.view.win.Resize(fyne.NewSize(1024, 700))
	for _, n := range []string{"REJ-1", "REJ-2"} {
		if err := r.emu.ForceOutcome(emulator.Outcome{Kind: emulator.OutcomeSupplierNotAttached, Invoice: n}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	paths := []string{
		ublVariant(t, dir, "REJ-1", emulator.SupplierSIRET1),
		ublVariant(t, dir, "REJ-2", emulator.SupplierSIRET1),
		ublVariant(t, dir, "OK-3", emulator.SupplierSIRET1),
	}
	v := r.view
	r.view.addPaths(paths, false)
	// Never "finished" while Chorus Pro has not answered on a deposited flux.
	r.until("Chorus Pro answers every flux", func() bool {
		pending := r.rowsWhere(func(it outbox.Item) bool {
			return it.State != outbox.Final && it.InvoiceID == 0 && !outbox.FluxFinal(it.FluxState)
		})
		if pending > 0 && strings.Contains(v.batch.Text, "finished") {
			t.Fatalf("batch says %q with %d answers pending", v.batch.Text, pending)
		}
		return pending == 0 && !r.b.Model().BatchRunning()
	})
	labelHas(t, v.batch, "Batch finished. Accepted by Chorus Pro: 1. Refused or rejected: 2. Waiting for you: 0.")
	if v.heardBar.Value != 3 || v.sentBar.Value != 3 {
		t.Errorf("stages: sent %v, answered %v, want 3 and 3", v.sentBar.Value, v.heardBar.Value)
	}
	var refusedNotes, batchNotes int
	for _, n := range r.notes {
		switch {
		case strings.HasSuffix(n.Title, ": refused by Chorus Pro"):
			refusedNotes++
			if !strings.Contains(n.Content, "attach the technical account") {
				t.Errorf("refusal notification %q does not say what to fix", n.Content)
			}
		case strings.Contains(n.Title, "batch finished"):
			batchNotes++
		}
	}
	if refusedNotes != 2 {
		t.Errorf("%d refusal notifications, want 2: %v", refusedNotes, noteTexts(r.notes))
	}

	// The details of a refused row: the cause with what to do (one sentence of Chorus Pro's
	// message table, which names the fix: no second advice), Chorus Pro's words; the actions
	// that fit.
	rej := r.byNumber("REJ-1")
	if got := r.cell(rej.ID, colState); !strings.HasPrefix(got, "refused by Chorus Pro: ") {
		t.Errorf("state cell %q", got)
	}
	r.selectItem(rej.ID)
	labelHas(t, v.message, "attach the technical account to that structure in Chorus Pro")
	if v.todo.Visible() && v.todo.Text != "" {
		t.Errorf("a second advice after the sentence that says what to do: %q", v.todo.Text)
	}
	labelHas(t, v.raw, "Chorus Pro's own words: L'identifiant fournisseur")
	if strings.Contains(v.todo.Text, "credit note") {
		t.Errorf("a refused flux is advised a credit note: %q", v.todo.Text)
	}
	if v.resend.Disabled() || !v.retry.Disabled() || !v.fixSetup.Visible() {
		t.Fatalf("resend disabled %v, retry disabled %v, Test / Fix setup shown %v", v.resend.Disabled(), v.retry.Disabled(), v.fixSetup.Visible())
	}
	test.Tap(v.fixSetup)
	if strings.Join(r.setups, ",") != "DEMO1" {
		t.Errorf("setup tabs opened %v, want DEMO1", r.setups)
	}

	// The fix is in Chorus Pro (the supplier attached); Send again deposits a new copy.
	test.Tap(v.resend)
	dialogFits(t, v.win)
	if text := r.answer(true); !strings.Contains(text, "not a duplicate") || strings.Contains(text, "twice") {
		t.Errorf("send-again question %q", text)
	}
	r.until("the new copy is accepted", func() bool {
		n := r.byNumber("REJ-1")
		return n.ID != rej.ID && bridge.GroupOf(outbox.Explain(n).Stage) == bridge.GroupAccepted
	})
	fresh := r.byNumber("REJ-1")
	if fresh.Replaces != rej.ID || r.item(rej.ID).ReplacedBy != fresh.ID {
		t.Fatalf("links: new replaces %q, old replaced by %q", fresh.Replaces, r.item(rej.ID).ReplacedBy)
	}
	if v.selected != fresh.ID {
		t.Errorf("selected %s after Send again, want the new copy", v.selected)
	}
	if got := r.cell(rej.ID, colState); got != "replaced by a new copy (refused by Chorus Pro)" {
		t.Errorf("old row's state %q", got)
	}
	if !v.link.Visible() || !strings.HasPrefix(v.link.Text, "Replaces an earlier copy of REJ-1") {
		t.Fatalf("link %q (shown %v)", v.link.Text, v.link.Visible())
	}
	test.TapAt(v.link, fyne.NewPos(20, v.link.MinSize().Height/2))
	if v.selected != rej.ID {
		t.Fatalf("the link went to %s, want the old row", v.selected)
	}
	labelHas(t, v.title, "replaced by a new copy")
	if !strings.HasPrefix(v.link.Text, "Replaced by a new copy of REJ-1") || !v.resend.Disabled() {
		t.Errorf("old row: link %q, resend disabled %v", v.link.Text, v.resend.Disabled())
	}
	if n := r.emu.Requests().Deposits["REJ-1"]; n != 2 {
		t.Errorf("REJ-1 deposited %d times, want 2 (refused, then after the fix)", n)
	}

	// Adding the three files again: the refused REJ-2 goes again without a question, REJ-1's
	// accepted copy and OK-3 are the only "already sent".
	r.view.addPaths(paths, false)
	r.queue.run()
	labelHas(t, v.status, "Sent again because Chorus Pro had refused them or they were never sent: 1.")
	dialogFits(t, v.win)
	text := r.answer(false)
	if !strings.Contains(text, "OK-3") || !strings.Contains(text, "REJ-1") || strings.Contains(text, "REJ-2") {
		t.Errorf("already-sent dialog lists the wrong invoices: %q", text)
	}
	if strings.Contains(text, "--") {
		t.Errorf("already-sent dialog names a command-line flag: %q", text)
	}
	r.until("REJ-2 is accepted on its second deposit", func() bool {
		return bridge.GroupOf(outbox.Explain(r.byNumber("REJ-2")).Stage) == bridge.GroupAccepted
	})
	if n := r.emu.Requests().Deposits["OK-3"]; n != 1 {
		t.Errorf("OK-3 deposited %d times, want 1", n)
	}
}

// The "already sent" dialog lists a few invoices then "and N more", fits a 1024×700 window
// with its buttons below its text, and names no command-line flag.
func TestTransfersAlreadySentDialogFits(t *testing.T) {
	_, v := shownView(t, 0, nil)
	v.win.Resize(fyne.NewSize(1024, 700))
	var dups []*outbox.DuplicateError
	var paths []string
	for i := range 12 {
		it := synthetic(i, outbox.Tracking)
		it.Flux, it.DepositDate, it.Number = "CPP001FE0000000000000"+itoa(i), "2026-11-30", "FA-2026-LONG-NUMBER-"+itoa(i)
		dups = append(dups, &outbox.DuplicateError{Existing: it})
		paths = append(paths, it.File)
	}
	v.askDuplicates(dups, paths)
	dialogFits(t, v.win)
	text := dialogText(v.win)
	if !strings.Contains(text, "… and 8 more") || !strings.Contains(text, "FA-2026-LONG-NUMBER-3") ||
		strings.Contains(text, "FA-2026-LONG-NUMBER-4") || !strings.Contains(text, "twice") {
		t.Errorf("dialog text:\n%s", text)
	}
	if strings.Contains(text, "--") {
		t.Errorf("dialog names a flag:\n%s", text)
	}
}

// dialogFits checks the window's top dialog: inside the window, every button below the text.
func dialogFits(t *testing.T, w fyne.Window) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	d := fyne.CurrentApp().Driver()
	win := w.Canvas().Size()
	var textBottom float32
	type button struct {
		o    fyne.CanvasObject
		text string
	}
	var buttons []button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch o := o.(type) {
		case *container.Scroll:
			pos := d.AbsolutePositionForObject(o)
			textBottom = max(textBottom, pos.Y+o.Size().Height)
			return
		case *widget.Button:
			buttons = append(buttons, button{o, o.Text})
			return
		case *widgets.EscapeButton:
			buttons = append(buttons, button{o, o.Text})
			return
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	if len(buttons) < 2 || textBottom == 0 {
		t.Fatalf("dialog with %d buttons and text ending at %v", len(buttons), textBottom)
	}
	for _, b := range buttons {
		pos := d.AbsolutePositionForObject(b.o)
		if pos.Y < textBottom {
			t.Errorf("button %q at y=%v over the text (ends at y=%v)", b.text, pos.Y, textBottom)
		}
		if pos.Y+b.o.Size().Height > win.Height || pos.X < 0 || pos.X+b.o.Size().Width > win.Width {
			t.Errorf("button %q at %v size %v outside the %v window", b.text, pos, b.o.Size(), win)
		}
	}
}

// A setup whose Test fails holds its company's invoices before any deposit: the row says
// "held: the setup's Test fails at <step>: <verdict>", Test / Fix setup opens that company's
// tab, and once the setup is fixed Retry runs the Test again and sends the invoice.
func TestTransfersHeldBySetupTest(t *testing.T) {
	r := newXRig(t, emulator.Options{}, fastOutbox())
	// The technical account's password changed on Chorus Pro: the saved setup is wrong.
	if err := r.emu.SetAccountPassword("TECH_1_demo1@cpro.fr", "changed-on-the-portal"); err != nil {
		t.Fatal(err)
	}
	v := r.view
	v.addPaths([]string{ublVariant(t, t.TempDir(), "HELD-1", emulator.SupplierSIRET1)}, false)
	r.until("the invoice is held by its setup's Test", func() bool {
		return r.b.Model().Len() == 1 && r.rows()[0].Hold == outbox.HoldSetupTest
	})
	it := r.rows()[0]
	if got := r.cell(it.ID, colState); !strings.HasPrefix(got, "held: the setup's Test fails at ") {
		t.Errorf("state cell %q", got)
	}
	if n := r.emu.Requests().Deposits["HELD-1"]; n != 0 {
		t.Fatalf("deposited %d times through a setup that fails its Test", n)
	}
	r.selectItem(it.ID)
	if !v.fixSetup.Visible() || v.retry.Disabled() {
		t.Fatalf("Test / Fix setup shown %v, retry disabled %v", v.fixSetup.Visible(), v.retry.Disabled())
	}
	v.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyT,
		Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if strings.Join(r.setups, ",") != "DEMO1" {
		t.Fatalf("setup tabs opened %v, want DEMO1", r.setups)
	}
	// Fixed (here: the password back as the setup has it); Retry tests again and sends.
	if err := r.emu.SetAccountPassword("TECH_1_demo1@cpro.fr", "demo-password-1"); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.retry)
	r.until("the invoice is deposited", func() bool { return r.item(it.ID).WasDeposited() })
	if n := r.emu.Requests().Deposits["HELD-1"]; n != 1 {
		t.Errorf("deposited %d times, want 1", n)
	}
}
