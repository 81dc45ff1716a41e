package bridge

import (
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

// defaultFilter is the filter of a new model: every item but the finished ones older than
// DefaultHideDone.
var defaultFilter = Filter{HideDone: DefaultHideDone}

// Filter selects the rows of the table.
type Filter struct {
	Company string // company code; "" = every company
	Group   Group  // GroupAll = every state
	// Search keeps the items whose invoice number, file name, flux number, company or ID tag
	// contains it (any case). A search also finds the finished items the view hides.
	Search string
	// HideDone leaves out the finished items (outbox.Item.Done) unchanged for longer than this; 0 hides
	// none.
	HideDone time.Duration
}

// matcher is a filter fixed at one moment: the cut-off of the finished items to hide is
// rounded to the hour, so that a filter taken at every frame selects the same rows for an
// hour (the model reads its rows again when it moves). The outbox's query applies it
// (query): the rule lives there, for both faces.
type matcher struct {
	f      Filter
	cutoff time.Time // finished items changed before it are hidden (zero: none; a search hides none)
}

func matcherAt(f Filter, now time.Time) matcher {
	m := matcher{f: f}
	if f.HideDone > 0 {
		m.cutoff = now.Add(-f.HideDone).Truncate(time.Hour)
	}
	return m
}
