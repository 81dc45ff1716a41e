package outbox

import (
	"strconv"
	"strings"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Stand-in for chorusapi.Explain (the api work's message table) until it lands: the label is
// quoted as it is. Delete on rebase and call chorusapi.Explain from chorusLabel.
func chorusExplain(codeRetour int, label string) (*i18n.Error, string) {
	raw := strings.TrimSpace(label)
	if codeRetour != 0 {
		raw = strings.TrimSpace(strconv.Itoa(codeRetour) + " " + raw)
	}
	return i18n.Errorf("engine.chorus_says", raw), raw
}

// latestStatus is the invoice's current status and the comment of its newest history entry of
// that status, ordered by date then id, never by position (Chorus Pro answers newest first).
// Stand-in for chorusapi's (*Historique).Latest: delete on rebase.
func latestStatus(h *chorusapi.Historique) (status, comment string) {
	status = h.StatutCourantCode
	var best *chorusapi.HistoStatut
	var bestAt time.Time
	for i := range h.HistoriquesDesStatuts.HistoStatut {
		s := &h.HistoriquesDesStatuts.HistoStatut[i]
		if status != "" && s.HistoStatutCode != status {
			continue
		}
		at := parseChorusTime(s.HistoStatutDatePassage)
		if best == nil || at.After(bestAt) || (at.Equal(bestAt) && s.HistoStatutID > best.HistoStatutID) {
			best, bestAt = s, at
		}
	}
	if best == nil {
		return status, ""
	}
	if status == "" {
		status = best.HistoStatutCode
	}
	return status, best.HistoStatutCommentaire
}

func parseChorusTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t
		}
	}
	return time.Time{}
}

// stepTitle names a Test step in lang. Stand-in for conntest.Title: delete on rebase.
func stepTitle(name string, lang i18n.Lang) string { return name }

// stepText is a Test step's message in lang. Stand-in for domain.TestStep.Text (kept results
// re-render in any language): delete on rebase.
func stepText(s domain.TestStep, lang i18n.Lang) string { return s.Message }
