package app

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"

	"chorusdesk/domain"
	"chorusdesk/widgets"
)

// today is the calendar day of the UI's clock, YYYY-MM-DD.
func (u *UI) today() string { return u.now().Format(domain.ISODate) }

// checkExpiries sends one desktop notification a day while some technical password expires
// within domain.ExpiryWarnDays days (or has expired): Chorus Pro refuses every call after
// the day, and only the structure's primary manager can renew it, which takes time. The day
// of the last notification is kept in the vault, so reopening the window the same day does
// not notify again. It reads the setups' plain status only (no key, no secret).
func (u *UI) checkExpiries() {
	day := u.today()
	if u.expiryDay == day {
		return // once per day and window: the scan reads every company
	}
	u.expiryDay = day
	prefs, err := u.svc.UIPrefs()
	if err != nil || prefs.ExpiryNotified == day {
		return
	}
	sts, err := u.svc.SetupStatuses()
	if err != nil {
		return
	}
	cs, err := u.svc.Companies()
	if err != nil {
		return
	}
	var expired, soon []string
	for _, c := range cs {
		st := sts[c.ID]
		_, alert := u.expiryAlert(st.Expires, st.Sandbox, st.Production)
		switch alert {
		case widgets.TabExpired:
			expired = append(expired, c.Code)
		case widgets.TabExpiresSoon:
			soon = append(soon, c.Code)
		}
	}
	if len(expired)+len(soon) == 0 {
		return
	}
	sort.Strings(expired)
	sort.Strings(soon)
	var lines []string
	if len(expired) > 0 {
		lines = append(lines, u.t("setupui.notify.expired", codes(expired)))
	}
	if len(soon) > 0 {
		lines = append(lines, u.t("setupui.notify.soon", domain.ExpiryWarnDays, codes(soon)))
	}
	u.app.SendNotification(fyne.NewNotification(u.t("setupui.notify.title"), strings.Join(lines, "\n")))
	_ = u.svc.SetExpiryNotified(day)
}

// codes lists a few company codes, then how many more.
func codes(cs []string) string {
	const shown = 5
	if len(cs) <= shown {
		return strings.Join(cs, ", ")
	}
	return strings.Join(cs[:shown], ", ") + " …"
}
