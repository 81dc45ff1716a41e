package i18n

import (
	"math"
	"strings"
	"testing"
	"time"
)

// nn makes French expectations readable: "_" stands for the narrow no-break space and "~"
// for the no-break space.
func nn(s string) string {
	return strings.NewReplacer("_", NarrowNBSP, "~", NBSP).Replace(s)
}

func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		n      int64
		en, fr string
	}{
		{0, "0", "0"},
		{999, "999", "999"},
		{1000, "1,000", "1_000"},
		{1234567, "1,234,567", "1_234_567"},
		{-1234, "-1,234", "-1_234"},
		{math.MinInt64, "-9,223,372,036,854,775,808", "-9_223_372_036_854_775_808"},
	} {
		if got := FormatInt(EN, c.n); got != c.en {
			t.Errorf("EN %d: %q, want %q", c.n, got, c.en)
		}
		if got := FormatInt(FR, c.n); got != nn(c.fr) {
			t.Errorf("FR %d: %q, want %q", c.n, got, nn(c.fr))
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for _, c := range []struct {
		amount, cur string
		en, fr      string
	}{
		{"1234.5", "EUR", "€1,234.50", "1_234,50~€"},
		{"1234567.891", "eur", "€1,234,567.891", "1_234_567,891~€"},
		{"0", "EUR", "€0.00", "0,00~€"},
		{"-12.3", "EUR", "-€12.30", "-12,30~€"},
		{"-0.00", "EUR", "€0.00", "0,00~€"},
		{"12", "CHF", "12.00~CHF", "12,00~CHF"},
		{"99.9", "", "99.90", "99,90"},
		{"12,5", "EUR", "12,5~€", "12,5~€"}, // not a plain decimal: kept as written
		{"007.10", "USD", "$7.10", "7,10~$"},
	} {
		if got := FormatAmount(EN, c.amount, c.cur); got != nn(c.en) {
			t.Errorf("EN %s %s: %q, want %q", c.amount, c.cur, got, nn(c.en))
		}
		if got := FormatAmount(FR, c.amount, c.cur); got != nn(c.fr) {
			t.Errorf("FR %s %s: %q, want %q", c.amount, c.cur, got, nn(c.fr))
		}
	}
	if got := FormatFloat(FR, 1234.56, 1); got != nn("1_234,6") {
		t.Errorf("FormatFloat: %q", got)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d      time.Duration
		long   bool
		en, fr string
	}{
		{850 * time.Millisecond, false, "850 ms", "850~ms"},
		{1200 * time.Millisecond, false, "1.2 s", "1,2~s"},
		{45 * time.Second, false, "45 s", "45~s"},
		{45 * time.Second, true, "45 seconds", "45~secondes"},
		{time.Minute, true, "1 minute", "1~minute"},
		{10 * time.Minute, false, "10 min", "10~min"},
		{10 * time.Minute, true, "10 minutes", "10~minutes"},
		{10*time.Minute + 30*time.Second, true, "10 min 30 s", "10~min 30~s"},
		{90 * time.Minute, true, "1 h 30 min", "1~h 30~min"},
		{time.Hour, true, "1 hour", "1~heure"},
		{24 * time.Hour, true, "1 day", "1~jour"},
		{50 * time.Hour, false, "2 days 2 h", "2~jours 2~h"},
		{-2 * time.Second, false, "-2 s", "-2~s"},
	} {
		if got := FormatDuration(EN, c.d, c.long); got != c.en {
			t.Errorf("EN %v: %q, want %q", c.d, got, c.en)
		}
		if got := FormatDuration(FR, c.d, c.long); got != nn(c.fr) {
			t.Errorf("FR %v: %q, want %q", c.d, got, nn(c.fr))
		}
		// Go's own form must never come out.
		if got := FormatDuration(EN, c.d, c.long); got == c.d.String() && c.d >= time.Second {
			t.Errorf("%v printed as Go prints it", c.d)
		}
	}
}

func TestFormatDates(t *testing.T) {
	tm := time.Date(2026, 3, 1, 14, 5, 9, 0, time.UTC)
	for _, c := range []struct {
		name   string
		f      func(Lang, time.Time) string
		en, fr string
	}{
		{"date", FormatDate, "2026-03-01", "01/03/2026"},
		{"datetime", FormatDateTime, "2026-03-01 14:05", "01/03/2026 14:05"},
		{"seconds", FormatDateTimeSeconds, "2026-03-01 14:05:09", "01/03/2026 14:05:09"},
		{"long", FormatDateLong, "1 March 2026", "1er mars 2026"},
	} {
		if got := c.f(EN, tm); got != c.en {
			t.Errorf("%s EN: %q, want %q", c.name, got, c.en)
		}
		if got := c.f(FR, tm); got != c.fr {
			t.Errorf("%s FR: %q, want %q", c.name, got, c.fr)
		}
	}
	if got := FormatDateLong(FR, tm.AddDate(0, 0, 14)); got != "15 mars 2026" {
		t.Errorf("long FR: %q", got)
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang Lang
		in   string
		ok   bool
	}{
		{EN, "2026-03-04", true},
		{EN, " 2026-03-04 ", true},
		{EN, "04/03/2026", false}, // day/month order is ambiguous in English
		{FR, "04/03/2026", true},
		{FR, "4/3/2026", true},
		{FR, "04.03.2026", true},
		{FR, "2026-03-04", true},
		{FR, "31/02/2026", false},
		{FR, "", false},
	} {
		got, ok := ParseDate(c.lang, c.in)
		if ok != c.ok || ok && !got.Equal(want) {
			t.Errorf("%s %q: %v %v", c.lang, c.in, got, ok)
		}
	}
	if DateHint(FR) != "JJ/MM/AAAA" || DateHint(EN) != "YYYY-MM-DD" {
		t.Error("date hints")
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n      int64
		en, fr string
	}{{0, "0 days", "0~jour"}, {1, "1 day", "1~jour"}, {2, "2 days", "2~jours"}, {1500, "1,500 days", "1_500~jours"}} {
		if got := Count(EN, c.n, "day"); got != c.en {
			t.Errorf("EN %d: %q", c.n, got)
		}
		if got := Count(FR, c.n, "day"); got != nn(c.fr) {
			t.Errorf("FR %d: %q", c.n, got)
		}
	}
}

func FuzzFormatDecimal(f *testing.F) {
	for _, s := range []string{"1234.5", "-0", "+12", "1.2.3", "", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := FormatDecimal(FR, s, 2)
		if !ok && out != s {
			t.Fatalf("refused %q but changed it to %q", s, out)
		}
		if ok && strings.ContainsAny(out, ".") {
			t.Fatalf("French output %q has a decimal point", out)
		}
	})
}
