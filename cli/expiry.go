package cli

import (
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// expiryText is a slot's password expiry for `setup show`: the day, and how far away it is
// once the warning window (domain.ExpiryWarnDays) is reached.
func (e *Env) expiryText(date string, now time.Time) string {
	st, days := domain.ExpiryStatus(date, now)
	if st == domain.ExpiryUnknown {
		return "-"
	}
	d, _ := domain.ParseExpiryDate(date)
	day := i18n.FormatDate(e.Lang, d)
	switch st {
	case domain.ExpiryExpired:
		return e.t("setupui.cli.expired", day)
	case domain.ExpirySoon:
		return e.t("setupui.cli.expires_in", day, i18n.Count(e.Lang, int64(days), "day"))
	}
	return day
}
