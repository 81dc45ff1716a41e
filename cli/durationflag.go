package cli

import (
	"flag"
	"strings"
	"time"
)

// durationFlag is flag.Duration whose default reads as a person writes it in --help ("1h",
// "2s") instead of Go's "1h0m0s".
func durationFlag(fs *flag.FlagSet, name string, value time.Duration, usage string) *time.Duration {
	d := value
	fs.Var((*plainDuration)(&d), name, usage)
	return &d
}

type plainDuration time.Duration

func (p *plainDuration) String() string {
	if p == nil || *p == 0 {
		return "0"
	}
	s := time.Duration(*p).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (p *plainDuration) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return err
	}
	*p = plainDuration(d)
	return nil
}
