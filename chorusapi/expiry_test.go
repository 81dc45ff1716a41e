package chorusapi_test

import (
	"context"
	"testing"
	"time"

	"chorusdesk/chorusapi/emulator"
	"chorusdesk/domain"
)

// TestPasswordExpiry reads the technical password's expiry day from structures/consulter
// (the emulator gives every attached account a date 90 days ahead).
func TestPasswordExpiry(t *testing.T) {
	em := startEmu(t, emulator.Options{})
	day, ok, err := emuClient(em).PasswordExpiry(context.Background())
	if err != nil || !ok {
		t.Fatalf("PasswordExpiry = %q %v %v", day, ok, err)
	}
	d, err := domain.ParseExpiryDate(day)
	if err != nil || day != d.Format(domain.ISODate) {
		t.Fatalf("day %q is not YYYY-MM-DD", day)
	}
	if left := time.Until(d); left < 80*24*time.Hour || left > 100*24*time.Hour {
		t.Fatalf("day %s is not about 90 days ahead", day)
	}
}
