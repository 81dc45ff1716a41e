package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"chorusdesk/conntest"
	"chorusdesk/domain"
)

// TestRealGoroutines runs unlock, save and Test on real goroutines (as in production), with a
// channel to know when each is done: under -race this checks that the background work
// touches widgets only through fyne.Do.
func TestRealGoroutines(t *testing.T) {
	h := newHarness(t, true)
	h.addCompanies(1)
	h.steps = []domain.TestStep{{Name: "network", OK: true, MS: 1}, {Name: "token", OK: true, MS: 2}}
	done := make(chan struct{}, 1)
	h.ui.runAsync = func(f func()) {
		go func() {
			f()
			done <- struct{}{}
		}()
	}
	h.ui.lock()
	test.Type(h.ui.unlock.password, testPassword)
	test.Tap(h.ui.unlock.submit)
	<-done
	if h.ui.main == nil {
		t.Fatal("not unlocked")
	}
	h.selectCode("C0001")
	h.typeSlot(domain.Sandbox, creds("1"))
	test.Tap(h.tab().saveB)
	<-done
	if h.tab().dirty() {
		t.Fatal("not saved")
	}
	h.tapTest(domain.Sandbox)
	<-done
	if h.tab().test.rows[conntest.Index("token")].Duration.Text != "2 ms" || h.testB(domain.Sandbox).Disabled() {
		t.Fatal("the Test result was not painted")
	}
}
