package outbox

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"chorusdesk/storage"
)

// Query selects items for Rows, Page and Counts; the zero Query selects every item. Both
// faces read the outbox through it, page by page, from the store's summaries and indexes
// (index.go): a year of invoices is never loaded whole.
type Query struct {
	Company string  // company code; "" = every company
	Stages  []Stage // nil = every stage (a filter of the window is a set of stages)
	States  []State // nil = every state
	// Search keeps the items whose invoice number, file name, flux number, company code or ID
	// tag contains it, whatever the case. A search also finds the done items DoneBefore hides.
	Search string
	// DoneBefore leaves out the done items (Item.Done) unchanged since before it; zero hides
	// none.
	DoneBefore time.Time
	NeedsUser  bool // only the items that wait for the user (Item.NeedsUser)
	Active     bool // only the items the engine works on or holds (queued … held)
	Newest     bool // newest first (default: oldest first, the order items came in)
}

// DefaultQuery is the default view of the outbox at now: every item but the done ones older
// than DefaultHideDone.
func DefaultQuery(now time.Time) Query { return Query{DoneBefore: now.Add(-DefaultHideDone)} }

// Match reports whether q selects it (the same rule as the store's: a window applies it to the
// engine's events).
func (q Query) Match(it Item) bool { return q.prepare().match(summaryOf(&it)) }

// prepared is a query ready to test summaries.
type prepared struct {
	q      Query
	search string
	cutoff int64 // done items changed before it are hidden; 0 = none
}

func (q Query) prepare() prepared {
	p := prepared{q: q, search: strings.ToLower(strings.TrimSpace(q.Search))}
	if !q.DoneBefore.IsZero() && p.search == "" {
		p.cutoff = q.DoneBefore.UnixNano()
	}
	return p
}

// hidden reports whether s is left out only because it is done and old.
func (p prepared) hidden(s summary) bool { return p.cutoff != 0 && s.Done && s.Changed < p.cutoff }

// selects reports whether the other conditions keep s.
func (p prepared) selects(s summary) bool {
	q := p.q
	switch {
	case q.Company != "" && s.Company != q.Company,
		q.Active && !s.Active,
		q.NeedsUser && !s.NeedsUser,
		len(q.States) > 0 && !slices.Contains(q.States, s.State),
		len(q.Stages) > 0 && !slices.Contains(q.Stages, s.Stage),
		p.search != "" && !strings.Contains(s.Search, p.search):
		return false
	}
	return true
}

func (p prepared) match(s summary) bool { return !p.hidden(s) && p.selects(s) }

// Row is an item as a table of the outbox needs it to lay out its rows: small enough to hold
// for every item a view shows; the items themselves are read a window at a time (Lookup).
type Row struct {
	ID        string
	State     State
	Stage     Stage
	Company   string // company code
	Changed   time.Time
	Done      bool
	NeedsUser bool
}

// RowOf is the row of an item (a window turns the engine's events into rows with it).
func RowOf(it Item) Row { return rowOf(it.ID, summaryOf(&it)) }

func rowOf(id string, s summary) Row {
	return Row{ID: id, State: s.State, Stage: s.Stage, Company: s.Company, Changed: time.Unix(0, s.Changed),
		Done: s.Done, NeedsUser: s.NeedsUser}
}

// Counts are the sizes of the outbox for a query.
type Counts struct {
	All     int // every item in the outbox
	Matched int // items the query selects
	// Hidden: items the query would select but for DoneBefore (done long ago; a search
	// finds them).
	Hidden    int
	ByState   map[State]int  // of the matched items
	ByStage   map[Stage]int  // of the matched items
	ByCompany map[string]int // of the matched items, by company code ("" = no company)
}

// Rows returns every item q selects, as rows, in its order.
func (o *Outbox) Rows(q Query) ([]Row, error) {
	var out []Row
	_, err := o.scan(q.prepare(), "", -1, func(id string, s summary) { out = append(out, rowOf(id, s)) })
	return out, err
}

// Page returns up to n items q selects that come after cursor in its order ("" = from the
// start), and the cursor of the next page ("" when there is none).
func (o *Outbox) Page(q Query, cursor string, n int) ([]Item, string, error) {
	if n <= 0 {
		return nil, "", nil
	}
	var ids []string
	more, err := o.scan(q.prepare(), cursor, n, func(id string, _ summary) { ids = append(ids, id) })
	if err != nil {
		return nil, "", err
	}
	items, err := o.Lookup(ids)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if more && len(ids) > 0 {
		next = ids[len(ids)-1]
	}
	return items, next, nil
}

// Find returns up to n items, newest first, whose invoice number, file name, flux number,
// company code or ID tag contains text (any case), finished long ago or not.
func (o *Outbox) Find(text string, n int) ([]Item, error) {
	items, _, err := o.Page(Query{Search: text, Newest: true}, "", n)
	return items, err
}

// Lookup returns the items of ids that exist, in the order of ids: the engine's copies of the
// active ones, the store's of the others.
func (o *Outbox) Lookup(ids []string) ([]Item, error) {
	out := make([]Item, len(ids))
	found := make([]bool, len(ids))
	var rest []string
	o.mu.Lock()
	for i, id := range ids {
		if p, ok := o.items[id]; ok {
			out[i], found[i] = *p, true
		} else {
			rest = append(rest, id)
		}
	}
	o.mu.Unlock()
	if len(rest) > 0 {
		stored, err := o.st.getMany(rest)
		if err != nil {
			return nil, err
		}
		byID := make(map[string]Item, len(stored))
		for _, it := range stored {
			byID[it.ID] = it
		}
		for i, id := range ids {
			if !found[i] {
				out[i], found[i] = byID[id]
			}
		}
	}
	kept := out[:0]
	for i := range out {
		if found[i] {
			kept = append(kept, out[i])
		}
	}
	return kept, nil
}

// Counts counts the items q selects, by state, stage and company.
func (o *Outbox) Counts(q Query) (Counts, error) {
	c := Counts{ByState: map[State]int{}, ByStage: map[Stage]int{}, ByCompany: map[string]int{}}
	p := q.prepare()
	if _, err := o.scan(p, "", -1, func(_ string, s summary) {
		c.Matched++
		c.ByState[s.State]++
		c.ByStage[s.Stage]++
		c.ByCompany[s.Company]++
	}); err != nil {
		return c, err
	}
	all, err := o.st.count()
	if err != nil {
		return c, err
	}
	c.All = all
	if p.cutoff == 0 {
		return c, nil
	}
	wide := q
	wide.DoneBefore = time.Time{}
	if wide.Company == "" && !wide.Active && !wide.NeedsUser && len(wide.States) == 0 && len(wide.Stages) == 0 {
		c.Hidden = max(c.All-c.Matched, 0)
		return c, nil
	}
	n := 0
	if _, err := o.scan(wide.prepare(), "", -1, func(string, summary) { n++ }); err != nil {
		return c, err
	}
	c.Hidden = max(n-c.Matched, 0)
	return c, nil
}

// scan calls fn for the items p selects after cursor, in p's order, at most limit of them
// (limit < 0: all), and reports whether more may follow. The store's summaries are read
// through the narrowest index the query allows; the engine's own copies of the items in
// memory win over the store's (a deposit's answer reaches the disk a moment later).
func (o *Outbox) scan(p prepared, cursor string, limit int, fn func(id string, s summary)) (more bool, err error) {
	mem := map[string]summary{}
	o.mu.Lock()
	for id, it := range o.items {
		mem[id] = summaryOf(it)
	}
	o.mu.Unlock()
	newest := p.q.Newest
	after := func(id string) bool {
		if cursor == "" {
			return true
		}
		if newest {
			return id < cursor
		}
		return id > cursor
	}
	type hit struct {
		id string
		s  summary
	}
	var hits []hit
	seen := map[string]bool{}
	last := ""   // the last ID the store's pass looked at
	full := true // the store's pass went to the end
	visit := func(id string, s summary) bool {
		last = id
		if m, ok := mem[id]; ok {
			s = m
			seen[id] = true
		}
		if p.match(s) {
			hits = append(hits, hit{id, s})
			if limit >= 0 && len(hits) > limit {
				full = false
				return false
			}
		}
		return true
	}
	if err := o.st.summaries(p, cursor, newest, visit); err != nil {
		return false, err
	}
	// The items in memory the store's pass did not meet (its index still says otherwise).
	for id, s := range mem {
		if seen[id] || !after(id) || !p.match(s) {
			continue
		}
		if !full && (newest && id < last || !newest && id > last) {
			continue // beyond where the pass stopped: a later page
		}
		hits = append(hits, hit{id, s})
		seen[id] = true
	}
	sort.Slice(hits, func(i, j int) bool {
		if newest {
			return hits[i].id > hits[j].id
		}
		return hits[i].id < hits[j].id
	})
	if limit >= 0 && len(hits) > limit {
		hits, more = hits[:limit], true
	}
	for _, h := range hits {
		fn(h.id, h.s)
	}
	return more, nil
}

// summaries calls visit with the summary of each item after cursor, in ID order (newest first
// when newest), through the narrowest index p allows; visit returns false to stop.
func (s *store) summaries(p prepared, cursor string, newest bool, visit func(id string, s summary) bool) error {
	return s.kv.View(func(tx storage.Tx) error {
		after := func(id string) bool {
			return cursor == "" || newest && id < cursor || !newest && id > cursor
		}
		hits, indexed, err := candidates(tx, p, after)
		if err != nil {
			return err
		}
		if !indexed {
			return scanSummaries(tx, cursor, newest, visit)
		}
		if newest {
			slices.Reverse(hits)
		}
		for _, h := range hits {
			sum, err := decodeSummary(h.enc)
			if err != nil {
				continue // an index key of another version: the item's own summary is in r/
			}
			if !visit(h.id, sum) {
				return nil
			}
		}
		return nil
	})
}

// scanSummaries visits every summary after cursor.
func scanSummaries(tx storage.Tx, cursor string, newest bool, visit func(string, summary) bool) error {
	opt := storage.ScanOptions{Reverse: newest}
	if cursor != "" {
		opt.Start = rowKey(cursor)
		if !newest {
			opt.Start = append(opt.Start, 0)
		}
	}
	return tx.ScanWith([]byte(prefixRow), opt, func(k, v []byte) error {
		id := string(k[len(prefixRow):])
		if newest && id == cursor {
			return nil
		}
		sum, err := decodeSummary(v)
		if err != nil {
			return nil // never written by this version: a rebuild would find it
		}
		if !visit(id, sum) {
			return storage.ErrStop
		}
		return nil
	})
}

// indexed is an item an index gave, with its summary as stored.
type indexed struct {
	id  string
	enc []byte
}

// candidates returns the items (by ID) an index gives for p that after keeps, or ok false
// when the summaries must all be read: the active items; the open ones and those changed
// since the cut-off (the default view); a company's; the items in the given states. The
// index values are the summaries: nothing else is read.
func candidates(tx storage.Tx, p prepared, after func(id string) bool) (out []indexed, ok bool, err error) {
	q := p.q
	keys := func(prefix string, start []byte, cut func(rest string) string) error {
		return tx.ScanWith([]byte(prefix), storage.ScanOptions{Start: start}, func(k, v []byte) error {
			if id := cut(string(k[len(prefix):])); id != "" && after(id) {
				out = append(out, indexed{id, append([]byte(nil), v...)})
			}
			return nil
		})
	}
	whole := func(rest string) string { return rest }
	afterSlash := func(rest string) string {
		_, id, _ := strings.Cut(rest, "/")
		return id
	}
	switch {
	case q.Active:
		err = keys(idxActive, nil, whole)
	case p.cutoff != 0:
		if err = keys(idxOpen, nil, whole); err == nil {
			err = keys(idxChanged, []byte(idxChanged+changedKey(p.cutoff)), afterSlash)
		}
	case q.Company != "":
		err = keys(idxCompany+url.PathEscape(q.Company)+"/", nil, whole)
	case len(q.States) > 0:
		for _, st := range q.States {
			if err = keys(idxState+string(st)+"/", nil, whole); err != nil {
				break
			}
		}
	default:
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(out, func(a, b indexed) int { return strings.Compare(a.id, b.id) })
	return slices.CompactFunc(out, func(a, b indexed) bool { return a.id == b.id }), true, nil
}

// count is the number of items in the store.
func (s *store) count() (int, error) {
	n := 0
	err := s.kv.View(func(tx storage.Tx) error {
		n = 0
		return tx.ScanWith([]byte(prefixRow), storage.ScanOptions{KeysOnly: true}, func(_, _ []byte) error {
			n++
			return nil
		})
	})
	return n, err
}
