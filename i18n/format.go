package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Numbers, amounts, dates and durations as each language writes them, for the window and the
// command line alike. French follows the national typography (and CLDR): digits grouped by
// three with a narrow no-break space, a decimal comma, the currency sign after the amount
// behind a no-break space. Go's own forms (10m0s, 2006-01-02T15:04:05Z) never reach a user.
//
// golang.org/x/text/message would group digits too, but with a wide no-break space for French
// (its CLDR data predates the change); the few lines below are exact and tested.

const (
	// NarrowNBSP is French's thousands separator (U+202F).
	NarrowNBSP = "\u202f"
	// NBSP is the no-break space French puts before a currency sign and a unit (U+00A0).
	NBSP = "\u00a0"
)

// groupSep and decimalSep are the separators of lang.
func groupSep(lang Lang) string {
	if lang == FR {
		return NarrowNBSP
	}
	return ","
}

func decimalSep(lang Lang) string {
	if lang == FR {
		return ","
	}
	return "."
}

// FormatInt writes n with the thousands separator of lang: 1,234,567 or 1 234 567.
func FormatInt(lang Lang, n int64) string {
	neg := n < 0
	var digits string
	if neg {
		digits = strconv.FormatUint(uint64(-(n+1))+1, 10) // safe for math.MinInt64
	} else {
		digits = strconv.FormatInt(n, 10)
	}
	s := group(digits, groupSep(lang))
	if neg {
		return "-" + s
	}
	return s
}

// group inserts sep every three digits from the right.
func group(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatDecimal writes a decimal number given as text ("1234.5", "-0.25", "1234") in lang,
// with at least minFrac digits after the separator (padded with zeros, never rounded: an
// invoice amount is shown as the invoice states it). ok is false when s is not a plain decimal
// number; s is then returned unchanged.
func FormatDecimal(lang Lang, s string, minFrac int) (string, bool) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) {
		return s, false
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	for len(frac) < minFrac {
		frac += "0"
	}
	out := group(intPart, groupSep(lang))
	if frac != "" {
		out += decimalSep(lang) + frac
	}
	if neg && strings.Trim(intPart+frac, "0") != "" {
		out = "-" + out
	}
	return out, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// currencySigns are the signs of the currencies invoices name most; other ISO codes are
// written as the code.
var currencySigns = map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}

// FormatAmount writes an amount (decimal text, at least two decimals shown) with its currency
// (ISO code, "" = none): 1 234,50 € in French, €1,234.50 in English, 12.00 CHF for a code
// without a sign. A text that is not a plain decimal is kept as it is.
func FormatAmount(lang Lang, amount, currency string) string {
	num, ok := FormatDecimal(lang, amount, 2)
	code := strings.ToUpper(strings.TrimSpace(currency))
	sign, hasSign := currencySigns[code]
	switch {
	case code == "":
		return num
	case !hasSign:
		return num + NBSP + code
	case lang == FR || !ok:
		return num + NBSP + sign
	case strings.HasPrefix(num, "-"):
		return "-" + sign + num[1:]
	}
	return sign + num
}

// FormatFloat writes f with prec decimals in lang (1 234,5 or 1,234.5).
func FormatFloat(lang Lang, f float64, prec int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s, _ := FormatDecimal(lang, strconv.FormatFloat(f, 'f', prec, 64), prec)
	return s
}

// Date layouts of each language: numeric and unambiguous (ISO for English, whose readers
// differ on day/month order; day/month/year for French).
var dateLayouts = map[Lang]string{EN: "2006-01-02", FR: "02/01/2006"}

// FormatDate writes the calendar day of t in lang: 2026-03-04 or 04/03/2026.
func FormatDate(lang Lang, t time.Time) string {
	l, ok := dateLayouts[lang]
	if !ok {
		l = dateLayouts[EN]
	}
	return t.Format(l)
}

// FormatDateTime writes t to the minute in lang: 2026-03-04 14:05 or 04/03/2026 14:05.
func FormatDateTime(lang Lang, t time.Time) string {
	return FormatDate(lang, t) + " " + t.Format("15:04")
}

// FormatDateTimeSeconds is FormatDateTime with the seconds (journals, where order matters).
func FormatDateTimeSeconds(lang Lang, t time.Time) string {
	return FormatDate(lang, t) + " " + t.Format("15:04:05")
}

var monthNames = map[Lang][]string{
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

// FormatDateLong writes the day in words: 4 March 2026 or 4 mars 2026 (1er mars in French).
func FormatDateLong(lang Lang, t time.Time) string {
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames[EN]
	}
	day := strconv.Itoa(t.Day())
	if lang == FR && t.Day() == 1 {
		day = "1er"
	}
	return day + " " + names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// ParseDate reads a calendar day typed in lang's numeric form; ISO (YYYY-MM-DD) is accepted
// in every language. The result is midnight UTC of that day.
func ParseDate(lang Lang, s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	layouts := []string{"2006-01-02"}
	if lang == FR {
		layouts = append(layouts, "02/01/2006", "2/1/2006", "02-01-2006", "02.01.2006")
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// DateHint is the form a date should be typed in, for a placeholder: YYYY-MM-DD or JJ/MM/AAAA.
func DateHint(lang Lang) string {
	if lang == FR {
		return "JJ/MM/AAAA"
	}
	return "YYYY-MM-DD"
}

// unit words: singular and plural of each duration unit in each language.
var unitWords = map[Lang]map[string][2]string{
	EN: {"day": {"day", "days"}, "hour": {"hour", "hours"}, "minute": {"minute", "minutes"}, "second": {"second", "seconds"}},
	FR: {"day": {"jour", "jours"}, "hour": {"heure", "heures"}, "minute": {"minute", "minutes"}, "second": {"seconde", "secondes"}},
}

// plural is the word for n of unit in lang (French uses the singular for 0 and 1).
func plural(lang Lang, n int64, unit string) string {
	w, ok := unitWords[lang]
	if !ok {
		w = unitWords[EN]
	}
	one := n == 1 || n == -1
	if lang == FR {
		one = n > -2 && n < 2
	}
	if one {
		return w[unit][0]
	}
	return w[unit][1]
}

// Count writes "n unit" with the number grouped and the unit word agreed: "1 day",
// "12 jours". unit is day, hour, minute or second.
func Count(lang Lang, n int64, unit string) string {
	return FormatInt(lang, n) + NBSPIf(lang) + plural(lang, n, unit)
}

// NBSPIf is the space between a number and its unit: a no-break space in French, a plain
// space in English.
func NBSPIf(lang Lang) string {
	if lang == FR {
		return NBSP
	}
	return " "
}

// FormatDuration writes a duration for people, never Go's 10m0s:
//
//	850 ms · 1.2 s · 45 s · 10 min · 1 h 30 min · 2 days (EN)
//	850 ms · 1,2 s · 45 s · 10 min · 1 h 30 min · 2 jours (FR)
//
// Whole minutes, hours and days are spelled with the unit word ("10 minutes", "1 hour") when
// long is true, as in the settings and the audit journal.
func FormatDuration(lang Lang, d time.Duration, long bool) string {
	sp := NBSPIf(lang)
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d < time.Second:
		s = FormatInt(lang, d.Milliseconds()) + sp + "ms"
	case d < 10*time.Second && d%time.Second != 0:
		s = FormatFloat(lang, d.Seconds(), 1) + sp + "s"
	case d < time.Minute:
		s = strconv.FormatInt(int64(d/time.Second), 10) + sp + unit(lang, int64(d/time.Second), "second", "s", long)
	case d < time.Hour:
		m, sec := int64(d/time.Minute), int64(d%time.Minute/time.Second)
		s = strconv.FormatInt(m, 10) + sp + unit(lang, m, "minute", "min", long && sec == 0)
		if sec != 0 {
			s += " " + strconv.FormatInt(sec, 10) + sp + "s"
		}
	case d < 24*time.Hour:
		h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
		s = strconv.FormatInt(h, 10) + sp + unit(lang, h, "hour", "h", long && m == 0)
		if m != 0 {
			s += " " + strconv.FormatInt(m, 10) + sp + "min"
		}
	default:
		days := int64(d / (24 * time.Hour))
		s = FormatInt(lang, days) + sp + plural(lang, days, "day")
		if h := int64(d % (24 * time.Hour) / time.Hour); h != 0 {
			s += " " + strconv.FormatInt(h, 10) + sp + "h"
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// unit is the long word or the short symbol of a unit.
func unit(lang Lang, n int64, word, symbol string, long bool) string {
	if long {
		return plural(lang, n, word)
	}
	return symbol
}
