package domain

import (
	"strings"
	"time"

	"chorusdesk/i18n"
)

// Chorus Pro makes the technical account's password expire (about every 424 days); after
// that date every call answers 401. Each slot keeps the date it expires so the app can warn
// ahead of time. The date is a calendar day, stored as YYYY-MM-DD, "" when unknown.

// ExpiryWarnDays is how many days before the expiry the app starts warning.
const ExpiryWarnDays = 15

// ISODate is the layout of a stored expiry date.
const ISODate = "2006-01-02"

// FieldPasswordExpires names the expiry date of a slot in an Issue.
const FieldPasswordExpires = "password_expires"

// Expiry holds the expiry date of the technical password of each slot.
type Expiry struct {
	Sandbox    string `json:"sandbox,omitempty"`
	Production string `json:"production,omitempty"`
}

// Get returns the date of env e ("" when unknown).
func (x Expiry) Get(e Env) string {
	if e == Production {
		return x.Production
	}
	return x.Sandbox
}

// Set sets the date of env e.
func (x *Expiry) Set(e Env, date string) {
	if e == Production {
		x.Production = date
	} else {
		x.Sandbox = date
	}
}

// ParseExpiryDate reads a date as typed on the command line (YYYY-MM-DD) or as Chorus Pro
// sends it (an ISO date-time such as 2027-03-01T00:00:00.000+01:00, whose calendar day is kept).
func ParseExpiryDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > len(ISODate) && s[len(ISODate)] == 'T' {
		s = s[:len(ISODate)]
	}
	d, err := time.Parse(ISODate, s)
	if err != nil {
		return time.Time{}, i18n.Errorf("setupui.expiry.format")
	}
	if d.Year() < 2000 || d.Year() > 2200 {
		return time.Time{}, i18n.Errorf("setupui.expiry.range")
	}
	return d, nil
}

// NormalizeExpiry checks each slot's expiry date and writes it as YYYY-MM-DD. A date on an
// empty slot is dropped: there is no password for it to describe.
func NormalizeExpiry(s Setup) (Setup, []Issue) {
	var problems []Issue
	for _, e := range Envs {
		v := strings.TrimSpace(s.Expires.Get(e))
		if v == "" || s.Slot(e).IsEmpty() {
			s.Expires.Set(e, "")
			continue
		}
		d, err := ParseExpiryDate(v)
		if err != nil {
			problems = append(problems, Issue{Env: e, Field: FieldPasswordExpires, Err: err.(*i18n.Error)})
			continue
		}
		s.Expires.Set(e, d.Format(ISODate))
	}
	return s, problems
}

// ExpiryState says where a password stands against its expiry date.
type ExpiryState int

const (
	ExpiryUnknown ExpiryState = iota // no date kept
	ExpiryValid                      // more than ExpiryWarnDays days left
	ExpirySoon                       // ExpiryWarnDays days left or fewer, not yet expired
	ExpiryExpired                    // the date has come: Chorus Pro refuses the password
)

// ExpiryStatus compares date (YYYY-MM-DD) with today's calendar day in today's location.
// daysLeft is 0 on the expiry day and negative after it. The password is taken as expired
// from the expiry day on: Chorus Pro does not say at which hour of that day it stops.
func ExpiryStatus(date string, today time.Time) (state ExpiryState, daysLeft int) {
	if date == "" {
		return ExpiryUnknown, 0
	}
	d, err := ParseExpiryDate(date)
	if err != nil {
		return ExpiryUnknown, 0
	}
	y, m, dd := today.Date()
	t0 := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	daysLeft = int(d.Sub(t0).Hours() / 24)
	switch {
	case daysLeft <= 0:
		return ExpiryExpired, daysLeft
	case daysLeft <= ExpiryWarnDays:
		return ExpirySoon, daysLeft
	}
	return ExpiryValid, daysLeft
}

// CheckEnable refuses to enable a setup whose slot for the active environment env is empty:
// an enabled empty setup would block the `*****` fallback without transferring anything.
func CheckEnable(st Setup, env Env) error {
	if st.Slot(env).IsEmpty() {
		return i18n.Errorf("setupui.enable.empty." + string(env))
	}
	return nil
}
