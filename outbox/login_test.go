package outbox

import (
	"bytes"
	"testing"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
)

// Each deposited item records the technical login of the setup that carried it (the window
// shows which setup and which login were used), and keeps it when the setup changes later.
func TestItemRecordsTheLoginUsed(t *testing.T) {
	r := newRig(t, emulator.Options{})
	o := r.start(fastOptions())
	dir := t.TempDir()
	ids := map[string]string{}
	for _, n := range []struct{ number, seller string }{{"LOGIN-1", emulator.SupplierSIRET1}, {"LOGIN-2", emulator.SupplierSIRET2}} {
		b := ublVariant(t, n.number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")
		b = bytes.ReplaceAll(b, []byte(emulator.SupplierSIRET1), []byte(n.seller))
		it, err := o.Add(writeFile(t, dir, n.number+".xml", b), AddOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ids[n.number] = it.ID
	}
	want := map[string]string{"LOGIN-1": "TECH_1_demo1@cpro.fr", "LOGIN-2": "TECH_1_demo2@cpro.fr"}
	for n, id := range ids {
		it := wait(t, o, Item.WasDeposited, id)[0]
		if it.Login != want[n] || it.SetupFrom == "" {
			t.Errorf("%s: login %q setup from %q, want %q", n, it.Login, it.SetupFrom, want[n])
		}
	}
	// A new login for DEMO1 later does not rewrite what carried LOGIN-1's deposit.
	st := domain.Setup{Enabled: true, Sandbox: domain.Slot{ClientID: emulator.SandboxClientID,
		ClientSecret: emulator.SandboxSecret, Login: "TECH_9_other@cpro.fr", Password: "demo-password-1"}}
	if _, err := r.svc.SaveSetup(r.demo["DEMO1"].ID, st); err != nil {
		t.Fatal(err)
	}
	if _, err := o.client(&Item{CompanyID: r.demo["DEMO1"].ID, Env: domain.Sandbox, State: Tracking, Flux: "F"}); err != nil {
		t.Fatal(err)
	}
	if it, _ := o.Item(ids["LOGIN-1"]); it.Login != want["LOGIN-1"] {
		t.Errorf("LOGIN-1's login became %q", it.Login)
	}
}
