package outbox

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/chorusapi/emulator"
)

// Items a failing setup holds are tested again by the engine, without the user's Retry: at
// once when the setup is fixed in the vault, on its bounded schedule when the fix is made in
// Chorus Pro, and no more once the schedule is spent while the setup still fails.
func TestHeldBySetupTestedAgain(t *testing.T) {
	const retests = 3
	cases := []struct {
		name    string
		retest  time.Duration // Options.SetupRetest
		break_  func(r *rig)  // makes DEMO1's setup fail its Test
		fix     func(r *rig)  // nil: it stays broken
		deposit bool
	}{
		{"setup fixed in the vault", time.Hour,
			func(r *rig) { r.setLogin("DEMO1", "TECH_1_demo2@cpro.fr", "demo-password-2") }, // supplier 1 not attached
			func(r *rig) { r.setLogin("DEMO1", "TECH_1_demo1@cpro.fr", "demo-password-1") }, true},
		{"fixed in Chorus Pro, setup unchanged", 20 * time.Millisecond,
			func(r *rig) { setAccountPassword(r, "changed-on-the-portal") },
			func(r *rig) { setAccountPassword(r, "demo-password-1") }, true},
		{"still failing: the schedule ends", 5 * time.Millisecond,
			func(r *rig) { r.setLogin("DEMO1", "TECH_1_demo2@cpro.fr", "demo-password-2") }, nil, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, emulator.Options{})
			c.break_(r)
			opt := fastOptions()
			opt.HeldRecheck, opt.SetupRetest, opt.SetupRetests = 10*time.Millisecond, c.retest, retests
			o := r.start(opt)
			number := fmt.Sprint("RETEST-", i)
			it, err := o.Add(writeFile(t, t.TempDir(), "r.xml", ublVariant(t, number, emulator.RecipientServiceRequired, "SERV-COMPTA", "EJ1")), AddOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it = wait(t, o, func(it Item) bool { return it.State == Held && it.Hold == HoldSetupTest }, it.ID)[0]
			perTest := r.emu.Requests().Endpoints[chorusapi.PathRattachements] + r.emu.Requests().Endpoints[chorusapi.PathHealthCheck]
			if c.fix != nil {
				c.fix(r)
				wait(t, o, Item.WasDeposited, it.ID)
				if n := r.emu.Requests().Deposits[number]; n != 1 {
					t.Fatalf("deposited %d times", n)
				}
				return
			}
			it = wait(t, o, func(it Item) bool {
				return it.State == Held && it.SetupRetests == retests && it.NextTry.IsZero()
			}, it.ID)[0]
			for range 3 { // no change, nothing due: the engine's look finds nothing to do
				o.recheckHeld(context.Background())
			}
			calls := r.emu.Requests().Endpoints[chorusapi.PathRattachements] + r.emu.Requests().Endpoints[chorusapi.PathHealthCheck]
			if calls != perTest*(retests+1) || r.emu.Requests().Endpoints[pathDeposit] != 0 {
				t.Fatalf("%d Test calls (%d a Test), %d deposits: want %d Tests and none", calls, perTest, r.emu.Requests().Endpoints[pathDeposit], retests+1)
			}
			if _, err := o.Retry(it.ID); err != nil { // the user's Retry starts the schedule again
				t.Fatal(err)
			}
			if it = wait(t, o, func(it Item) bool { return it.State == Held && it.SetupRetests == retests && it.NextTry.IsZero() }, it.ID)[0]; it.Hold != HoldSetupTest {
				t.Fatalf("after Retry: %+v", it)
			}
		})
	}
}

// setAccountPassword changes DEMO1's technical account password on Chorus Pro's side.
func setAccountPassword(r *rig, pw string) {
	r.t.Helper()
	if err := r.emu.SetAccountPassword("TECH_1_demo1@cpro.fr", pw); err != nil {
		r.t.Fatal(err)
	}
}
