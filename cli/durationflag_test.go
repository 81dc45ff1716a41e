package cli

import (
	"testing"
	"time"
)

// TestPlainDurationReadsAsWritten: defaults in --help read "1h", "90s", "1m30s", never Go's
// "1h0m0s".
func TestPlainDurationReadsAsWritten(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{time.Hour, "1h"}, {2 * time.Second, "2s"}, {90 * time.Second, "1m30s"},
		{10 * time.Minute, "10m"}, {90 * time.Minute, "1h30m"}, {200 * time.Millisecond, "200ms"}, {0, "0"},
	} {
		p := plainDuration(c.d)
		if got := p.String(); got != c.want {
			t.Errorf("%v: %q, want %q", c.d, got, c.want)
		}
		var back plainDuration
		if err := back.Set(p.String() + map[bool]string{true: "s", false: ""}[c.d == 0]); err != nil || time.Duration(back) != c.d {
			t.Errorf("%v: read back %v, %v", c.d, time.Duration(back), err)
		}
	}
}
