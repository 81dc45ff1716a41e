package outbox

import "time"

// clock is the time the inbox watch runs on; tests give it a clock they move by hand, so no
// test waits for a settle time to pass.
type clock interface {
	Now() time.Time
	// At fires once the clock reaches t (at once if it has).
	At(t time.Time) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                  { return time.Now() }
func (realClock) At(t time.Time) <-chan time.Time { return time.After(time.Until(t)) }
