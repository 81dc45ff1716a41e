package bridge

import (
	"strings"
	"time"

	"chorusdesk/outbox"
)

// Group is a family of stages the user filters the table by. It is derived from the engine's
// classification (outbox.Explain's Stage), never from states read here.
type Group string

const (
	GroupAll      Group = ""          // every item
	GroupMoving   Group = "moving"    // on its way: waiting to be sent, sent, status being asked again
	GroupNeedsYou Group = "needs_you" // waits for the user: held, not sent, unconfirmed, sent back, suspended, not moving
	GroupRefused  Group = "refused"   // refused by Chorus Pro, rejected by the buyer, withdrawn
	GroupAccepted Group = "accepted"  // accepted by Chorus Pro and beyond: available, mandated, paid
)

// Groups lists the filter's choices in the order the view offers them.
var Groups = []Group{GroupAll, GroupMoving, GroupNeedsYou, GroupRefused, GroupAccepted}

// GroupOf sorts a stage into its group.
func GroupOf(s outbox.Stage) Group {
	switch s {
	case outbox.StageWaiting, outbox.StageSent, outbox.StageUnknown:
		return GroupMoving
	case outbox.StageHeld, outbox.StageNotSent, outbox.StageUnsure, outbox.StageRecycle,
		outbox.StageSuspended, outbox.StageStalled:
		return GroupNeedsYou
	case outbox.StageRefused, outbox.StageRejected, outbox.StageWithdrawn:
		return GroupRefused
	}
	return GroupAccepted
}

// DefaultHideDone is how long a finished transfer stays in the default view: older ones are
// left out (they stay searchable).
const DefaultHideDone = 90 * 24 * time.Hour

// Filter selects the rows of the table.
type Filter struct {
	Company string // company code; "" = every company
	Group   Group  // GroupAll = every state
	// Search keeps the items whose invoice number, file name, flux number, company or ID tag
	// contains it (any case). A search also finds the finished items the view hides.
	Search string
	// HideDone leaves out the finished items (Finished) unchanged for longer than this; 0 hides
	// none.
	HideDone time.Duration
}

// Finished reports whether nothing more will happen to an item: Chorus Pro or the buyer gave
// the last word, or a newer copy replaced it.
func Finished(it outbox.Item) bool { return it.State == outbox.Final || it.ReplacedBy != "" }

// matcher is a filter ready to test items at one moment (the search folded once, the cut-off
// of the finished items fixed).
type matcher struct {
	f      Filter
	search string
	cutoff time.Time // finished items changed before it are hidden (zero: none)
}

// matcherAt prepares f at now. The cut-off is rounded to the hour so that a filter taken at
// every frame selects the same rows for an hour (the model rebuilds its rows when it moves).
func matcherAt(f Filter, now time.Time) matcher {
	m := matcher{f: f, search: strings.ToLower(strings.TrimSpace(f.Search))}
	if f.HideDone > 0 && m.search == "" {
		m.cutoff = now.Add(-f.HideDone).Truncate(time.Hour)
	}
	return m
}

// hidden reports whether the item is left out only because it finished long ago.
func (m matcher) hidden(it outbox.Item) bool {
	return !m.cutoff.IsZero() && Finished(it) && it.Changed.Before(m.cutoff)
}

// match reports whether the filter keeps the item.
func (m matcher) match(it outbox.Item) bool { return !m.hidden(it) && m.selects(it) }

// selects reports whether the company, the state and the search keep the item (whether it is
// hidden as finished long ago aside).
func (m matcher) selects(it outbox.Item) bool {
	if m.f.Company != "" && it.CompanyCode != m.f.Company {
		return false
	}
	if m.search != "" && !strings.Contains(searchText(it), m.search) {
		return false
	}
	// Last: the stage is the costliest to work out.
	return m.f.Group == GroupAll || GroupOf(outbox.Explain(it).Stage) == m.f.Group
}

// searchText is what a search looks into, lower case.
func searchText(it outbox.Item) string {
	return strings.ToLower(strings.Join([]string{it.Number, baseName(it.File), it.Flux, it.CompanyCode, it.Tag}, "\x00"))
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
