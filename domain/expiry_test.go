package domain

import (
	"errors"
	"testing"
	"time"

	"chorusdesk/i18n"
)

func TestParseExpiryDate(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"2027-03-31", "2027-03-31"},
		{" 2027-03-31 ", "2027-03-31"},
		{"2027-03-31T00:00:00.000+01:00", "2027-03-31"}, // Chorus Pro's form: its calendar day
		{"2027-03-31T23:30:00Z", "2027-03-31"},
		{"31/03/2027", ""},
		{"2027-02-30", ""},
		{"1999-12-31", ""},
		{"", ""},
	} {
		d, err := ParseExpiryDate(c.in)
		got := ""
		if err == nil {
			got = d.Format(ISODate)
		}
		if got != c.want {
			t.Errorf("%q: %q (%v), want %q", c.in, got, err, c.want)
		}
	}
}

func TestExpiryStatus(t *testing.T) {
	today := time.Date(2026, 3, 10, 23, 59, 0, 0, time.Local)
	for _, c := range []struct {
		date  string
		state ExpiryState
		days  int
	}{
		{"", ExpiryUnknown, 0},
		{"garbage", ExpiryUnknown, 0},
		{"2026-04-30", ExpiryValid, 51},
		{"2026-03-26", ExpirySoon, 16 - 0}, // 16 days: not yet in the window
		{"2026-03-25", ExpirySoon, 15},
		{"2026-03-11", ExpirySoon, 1},
		{"2026-03-10", ExpiryExpired, 0},
		{"2026-01-01", ExpiryExpired, -68},
	} {
		st, days := ExpiryStatus(c.date, today)
		want := c.state
		if c.date == "2026-03-26" {
			want = ExpiryValid
		}
		if st != want || days != c.days {
			t.Errorf("%q: state %d days %d, want %d %d", c.date, st, days, want, c.days)
		}
	}
}

func TestNormalizeExpiry(t *testing.T) {
	full := Slot{ClientID: "a", ClientSecret: "b", Login: "c", Password: "d"}
	in := Setup{Sandbox: full, Expires: Expiry{Sandbox: "2027-01-02T00:00:00Z", Production: "2027-01-01"}}
	out, ps := NormalizeExpiry(in)
	if len(ps) != 0 || out.Expires != (Expiry{Sandbox: "2027-01-02"}) {
		t.Fatalf("%+v %+v", out.Expires, ps)
	}
	in.Expires.Sandbox = "tomorrow"
	if _, ps := NormalizeExpiry(in); len(ps) != 1 || ps[0].Env != Sandbox || ps[0].Field != FieldPasswordExpires {
		t.Fatalf("problems %+v", ps)
	}
}

func TestCheckEnable(t *testing.T) {
	full := Slot{ClientID: "a", ClientSecret: "b", Login: "c", Password: "d"}
	if err := CheckEnable(Setup{Sandbox: full}, Sandbox); err != nil {
		t.Fatal(err)
	}
	var ie *i18n.Error
	if err := CheckEnable(Setup{Sandbox: full}, Production); !errors.As(err, &ie) || ie.Key != "setupui.enable.empty.production" {
		t.Fatalf("%v", err)
	}
}
