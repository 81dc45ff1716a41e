package chorusapi

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Codes Chorus Pro answers, instead of codeRetour 0 and an empty list, when a search finds
// nothing. Pastell (libriciel/pastell connecteur/cpp/lib/CPPWrapper.php) ends its paging loops
// on 20000 "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat" (factures/v1/rechercher/
// recipiendaire) and 20007 "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat"
// (facturesTravaux/v1/rechercher); OCA (l10n_fr_chorus_account res_partner.py) only trusts a
// list when codeRetour is 0 and the list is non-empty. Both shapes mean "no result".
const (
	CodeNoResult        = 20000
	CodeNoResultTravaux = 20007
)

// noResultLabel matches "aucun résultat" in a label folded to lower-case ASCII. It tolerates
// a mangled accent ("rÃ©sultat" read in the wrong charset, "r?sultat") and any spacing.
var noResultLabel = regexp.MustCompile(`aucun\s*r.{0,4}sultat`)

// IsNoResult reports whether a Chorus Pro answer (codeRetour, libelle) means "the search found
// nothing": one of the two codes above, or any label that says "aucun résultat".
func IsNoResult(codeRetour int, libelle string) bool {
	if codeRetour == CodeNoResult || codeRetour == CodeNoResultTravaux {
		return true
	}
	if codeRetour == 0 || libelle == "" {
		return false
	}
	return noResultLabel.MatchString(foldLabel(libelle))
}

// foldLabel lower-cases s and strips French accents so labels compare whatever their
// spelling ("Résultat", "RESULTAT", "résultat").
func foldLabel(s string) string {
	if len(s) > 4096 {
		s = s[:4096]
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case 'à', 'â', 'ä', 'á', 'ã', 'À', 'Â', 'Ä', 'Á':
			r = 'a'
		case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
			r = 'e'
		case 'î', 'ï', 'í', 'Î', 'Ï':
			r = 'i'
		case 'ô', 'ö', 'ó', 'Ô', 'Ö':
			r = 'o'
		case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü':
			r = 'u'
		case 'ç', 'Ç':
			r = 'c'
		case '’', '‘', 'ʼ', '`':
			r = '\''
		case '\u00a0', '\u202f':
			r = ' '
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parisTime is where Chorus Pro's naive dates live; UTC when the system has no zone data
// (ordering within one answer stays right either way: all its dates share the zone).
var parisTime = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
		return loc
	}
	return time.UTC
}()

// chorusLayouts are the date forms seen in Chorus Pro answers: "YYYY-MM-DD" (dateDepot,
// Tryton parses it with '%Y-%m-%d'), "YYYY-MM-DD HH:MM" (services, quoted in OCA and parsed so
// by go-choruspro), ISO 8601 with milliseconds and offset (the official consulterCRDetaille
// example: "2018-02-16T15:10:25.536+01:00"), the Swagger's date-time (RFC 3339), and the
// variants Java serialisers emit (no offset, offset without a colon, seconds or not).
var chorusLayouts = []string{
	time.RFC3339, // also reads fractional seconds, as every layout below
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"02/01/2006 15:04:05",
	"02/01/2006 15:04",
	"02/01/2006",
}

// ParseTime reads a date or date-time of a Chorus Pro answer in any form seen in the wild. A
// date without a zone is taken in Paris time. A 12- or 13-digit number is read as Unix
// milliseconds (Spring's default serialisation of a Java Date). ok is false when nothing fits.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 8 || len(s) > 40 {
		return time.Time{}, false
	}
	if isDigits(s) {
		if len(s) < 12 || len(s) > 13 {
			return time.Time{}, false
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range chorusLayouts {
		if t, err := time.ParseInLocation(layout, s, parisTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
