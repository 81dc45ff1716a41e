package core

import (
	"errors"
	"slices"
	"testing"
)

// Lock, Unlock and Close reach their subscribers in order; a cancelled hook is not called; a
// name is attached once at a time and never after Close started.
func TestLifecycleHooks(t *testing.T) {
	s := openService(t)
	var got []string
	s.OnLock(func() { got = append(got, "lock1") })
	cancel := s.OnLock(func() { got = append(got, "cancelled") })
	s.OnLock(func() { got = append(got, "lock2") })
	s.OnUnlock(func() { got = append(got, "unlock") })
	s.OnClose(func() {
		got = append(got, "close")
		if !s.Unlocked() {
			t.Error("close hook ran after the keys were wiped")
		}
	})
	cancel()
	s.Lock()
	if err := s.Unlock([]byte(testPassword)); err != nil {
		t.Fatal(err)
	}
	detach, err := s.Attach("x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach("x"); !errors.Is(err, ErrAttached) {
		t.Fatalf("second Attach: %v", err)
	}
	detach()
	detach() // harmless
	if _, err = s.Attach("x"); err != nil {
		t.Fatalf("Attach after detach: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach("y"); !errors.Is(err, ErrClosing) {
		t.Fatalf("Attach after Close: %v", err)
	}
	want := []string{"lock1", "lock2", "unlock", "close", "lock1", "lock2"}
	if !slices.Equal(got, want) {
		t.Errorf("hooks ran %v, want %v", got, want)
	}
}
