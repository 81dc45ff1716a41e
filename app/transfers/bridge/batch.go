package bridge

import "chorusdesk/outbox"

// A batch is the items the user sent together (one intake, a retry, the inbox while it
// brings files) and is followed through two stages: sent to Chorus Pro (the deposit gave a
// flux number), then answered by Chorus Pro (the flux accepted or refused). Its summary is
// written only when every item has been answered or stopped for the user: "finished" is never
// said while Chorus Pro's answer is pending.

// level is how far an item of a batch has gone.
type level int8

const (
	levelWaiting  level = iota // not with Chorus Pro yet
	levelSent                  // deposited; Chorus Pro has not answered on the flux yet
	levelAnswered              // Chorus Pro answered, or the item stopped for the user
)

// levelOf places an item on the batch's stages, from the engine's classification.
func levelOf(it outbox.Item) (level, Group) {
	if !it.Settled() {
		return levelWaiting, GroupMoving
	}
	st := outbox.Explain(it).Stage
	switch st {
	case outbox.StageWaiting:
		return levelWaiting, GroupMoving
	case outbox.StageSent, outbox.StageUnknown:
		return levelSent, GroupMoving
	case outbox.StageAccepted:
		if !answered(it) {
			// IN_RECU and IN_TRAITE_SE_CPP: received, but Chorus Pro may still refuse it.
			return levelSent, GroupMoving
		}
	case outbox.StageUnsure:
		if !it.AskUser {
			return levelSent, GroupMoving // the engine is still looking for it in Chorus Pro
		}
	}
	return levelAnswered, GroupOf(st)
}

// batchEntry is one item of the batch.
type batchEntry struct {
	lvl   level
	group Group // meaningful once answered
	dep   bool  // Chorus Pro holds a flux of it
}

func entryOf(it outbox.Item) batchEntry {
	lvl, g := levelOf(it)
	return batchEntry{lvl: lvl, group: g, dep: it.Flux != ""}
}

// BatchStatus is where the current batch stands.
type BatchStatus struct {
	Total    int // items in the batch
	Sent     int // deposited: Chorus Pro gave a flux number
	Answered int // deposited and answered by Chorus Pro (accepted or refused)
	// Of the answered: accepted by Chorus Pro (and beyond), refused by Chorus Pro or rejected
	// by the buyer, and waiting for the user (held, not sent, unconfirmed, sent back…).
	Accepted, Refused, NeedsYou int
	// Not answered yet: still to be sent, and sent but waiting for Chorus Pro's answer.
	ToSend, Pending int
	// Running: an item is not answered yet, or files are still being added.
	Running bool
}

// batch counts the current batch incrementally: one event costs one classification, however
// big the batch.
type batch struct {
	items  map[string]batchEntry
	levels [3]int        // items at each level
	groups map[Group]int // answered items per group
	sent   int           // items deposited
	heard  int           // items deposited and answered
	adding int           // intake actions still adding files
}

func newBatch() batch { return batch{items: map[string]batchEntry{}, groups: map[Group]int{}} }

func (b *batch) running() bool { return b.levels[levelWaiting]+b.levels[levelSent] > 0 || b.adding > 0 }

func (b *batch) reset() {
	clear(b.items)
	clear(b.groups)
	b.levels = [3]int{}
	b.sent, b.heard = 0, 0
}

// count adds (d = 1) or takes out (d = -1) an entry from the counters.
func (b *batch) count(e batchEntry, d int) {
	b.levels[e.lvl] += d
	if e.lvl == levelAnswered {
		b.groups[e.group] += d
	}
	if e.dep {
		b.sent += d
		if e.lvl == levelAnswered {
			b.heard += d
		}
	}
}

func (b *batch) set(id string, e batchEntry) {
	if old, in := b.items[id]; in {
		b.count(old, -1)
	}
	b.items[id] = e
	b.count(e, 1)
}

func (b *batch) remove(id string) {
	if old, in := b.items[id]; in {
		b.count(old, -1)
		delete(b.items, id)
	}
}

// track keeps the batch up to date with one item's new state: an item with work left joins
// the batch (a new one when the last has ended), and so does a fresh item of an intake action
// even when it stopped at once.
func (b *batch) track(it outbox.Item, fresh bool) {
	was, in := b.items[it.ID]
	if !in && !fresh && stopped(it) {
		return // answered or stopped long ago (most of a loaded outbox): not worth classifying
	}
	e := entryOf(it)
	if in && was.lvl == levelAnswered && e.lvl == levelSent {
		// Chorus Pro answered, then its flux moved on to a state still in progress (IN_RECU,
		// then processing), or a status query failed: the batch has its answer.
		e.lvl = levelAnswered
		if e.group == GroupMoving {
			e.group = was.group
		}
	}
	if e.lvl < levelAnswered && !b.running() {
		b.reset() // work after the last batch ended (a retry, the inbox): a new batch
		in = false
	}
	if in || e.lvl < levelAnswered || (fresh && b.adding > 0) {
		b.set(it.ID, e)
	}
}

func (b *batch) status() BatchStatus {
	n := len(b.items)
	return BatchStatus{
		Total:    n,
		Sent:     b.sent,
		Answered: b.heard,
		Accepted: b.groups[GroupAccepted],
		Refused:  b.groups[GroupRefused],
		NeedsYou: b.groups[GroupNeedsYou] + b.groups[GroupMoving],
		ToSend:   b.levels[levelWaiting],
		Pending:  b.levels[levelSent],
		Running:  b.running(),
	}
}

// stopped reports, without classifying the item, that it is answered or waits for the user.
func stopped(it outbox.Item) bool {
	switch it.State {
	case outbox.Final, outbox.Failed, outbox.Held:
		return true
	}
	return false
}

// answered reports whether Chorus Pro gave its answer on a deposited item: its flux reached a
// settled state of the state table, or its invoice is known (the flux was integrated).
func answered(it outbox.Item) bool {
	return it.State == outbox.Final || it.InvoiceID != 0 || outbox.FluxFinal(it.FluxState)
}
