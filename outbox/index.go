package outbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// Beside each item record (i/<id>) the store keeps a small summary of it (r/<id>) and
// secondary index keys derived from that summary, all written in the same transaction as the
// item, so that the questions a year of invoices asks — the active items, the held ones, the
// ones that need the user, the recent finished ones, the counts per state and company — are
// answered from keys, without decoding every item:
//
//	r/<id>                                  summary (summary.encode): state, stage, company,
//	                                        change time, flags, the text a search looks into
//	(every x/ key but the flux index holds the summary as its value)
//	x/a/<id>                                active: the engine works on it or it waits for the
//	                                        user before it goes on (Item.active)
//	x/o/<id>                                open: not done (Item.Done)
//	x/s/<state>/<id>                        by state
//	x/c/<company code>/<id>                 by company (code escaped)
//	x/t/<change time, 16 hex ns>/<id>       by change time
//	x/f/<companyID>/<env>/<flux>/<id>       by flux (escaped) → the item's ID tag: whose
//	                                        deposit a flux is (reconciliation, Listing)
//	v                                       layout version (layoutVersion); older data is
//	                                        brought up to it when the outbox opens (migrate)
//
// The summary is the record of which index keys an item has: a rewrite deletes exactly the
// keys the previous write set, whatever changed in the item.
const (
	prefixRow     = "r/"
	idxActive     = "x/a/"
	idxOpen       = "x/o/"
	idxState      = "x/s/"
	idxCompany    = "x/c/"
	idxChanged    = "x/t/"
	idxFlux       = "x/f/"
	keyLayout     = "v"
	layoutVersion = "2"
)

func rowKey(id string) []byte { return []byte(prefixRow + id) }

// active reports whether the engine keeps the item in memory: it has a step to run, or it
// waits for the user before it goes on (held, unconfirmed). Final and failed items live in
// the store only and are read on demand.
func (it Item) active() bool {
	switch it.State {
	case Queued, Ready, Depositing, Deposited, Tracking, NeedsConfirmation, Held:
		return true
	}
	return false
}

// Done reports whether nothing more will happen to the item: Chorus Pro or the buyer gave the
// last word, or a newer copy replaced it. Done items leave the default view of the outbox
// once they are older than DefaultHideDone (they stay searchable).
func (it Item) Done() bool { return it.State == Final || it.ReplacedBy != "" }

// DefaultHideDone is how long a done item stays in the default view (DefaultQuery).
const DefaultHideDone = 90 * 24 * time.Hour

// summary is what the indexes and the queries know of an item.
type summary struct {
	State     State
	Stage     Stage
	Company   string // code
	CompanyID string
	Env       domain.Env
	Changed   int64 // Unix nanoseconds
	Done      bool
	NeedsUser bool
	Active    bool
	Flux      string
	Tag       string
	Search    string // lower case: number, file name, flux, company code, ID tag
}

func summaryOf(it *Item) summary {
	return summary{State: it.State, Stage: stageOf(*it), Company: it.CompanyCode, CompanyID: it.CompanyID,
		Env: it.Env, Changed: it.Changed.UnixNano(), Done: it.Done(), NeedsUser: it.NeedsUser(), Active: it.active(),
		Flux: it.Flux, Tag: it.Tag, Search: searchText(it)}
}

// searchText is what Query.Search looks into.
func searchText(it *Item) string {
	return strings.ToLower(strings.Join([]string{it.Number, baseName(it.File), it.Flux, it.CompanyCode, it.Tag}, "\x00"))
}

// baseName is the last element of a path written on any system.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

const summaryFormat = 1

const (
	flagDone = 1 << iota
	flagNeedsUser
	flagActive
)

// encode writes the summary: a format byte, a flags byte, the change time, then each text
// prefixed by its length.
func (s summary) encode() []byte {
	b := make([]byte, 0, 64+len(s.Search)+len(s.Company)+len(s.CompanyID)+len(s.Flux)+len(s.Tag))
	var flags byte
	if s.Done {
		flags |= flagDone
	}
	if s.NeedsUser {
		flags |= flagNeedsUser
	}
	if s.Active {
		flags |= flagActive
	}
	b = append(b, summaryFormat, flags)
	b = binary.AppendVarint(b, s.Changed)
	for _, f := range []string{string(s.State), string(s.Stage), s.Company, s.CompanyID, string(s.Env), s.Flux, s.Tag, s.Search} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

var errSummary = errors.New("outbox: unreadable item summary")

func decodeSummary(b []byte) (summary, error) {
	var s summary
	if len(b) < 2 || b[0] != summaryFormat {
		return s, errSummary
	}
	flags := b[1]
	s.Done, s.NeedsUser, s.Active = flags&flagDone != 0, flags&flagNeedsUser != 0, flags&flagActive != 0
	b = b[2:]
	v, n := binary.Varint(b)
	if n <= 0 {
		return s, errSummary
	}
	s.Changed, b = v, b[n:]
	var fields [8]string
	for i := range fields {
		l, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < l {
			return s, errSummary
		}
		fields[i], b = string(b[n:n+int(l)]), b[n+int(l):]
	}
	s.State, s.Stage, s.Company, s.CompanyID = State(fields[0]), Stage(fields[1]), fields[2], fields[3]
	s.Env, s.Flux, s.Tag, s.Search = domain.Env(fields[4]), fields[5], fields[6], fields[7]
	return s, nil
}

// indexEntry is one secondary index key and its value.
type indexEntry struct{ key, val string }

// entries are the index keys of an item with summary s. Their value is the summary itself
// (but for the flux index), so a query reads the items an index gives without a look-up per
// item.
func (s summary) entries(id string) []indexEntry {
	out := make([]indexEntry, 0, 6)
	enc := string(s.encode())
	if s.Active {
		out = append(out, indexEntry{idxActive + id, enc})
	}
	if !s.Done {
		out = append(out, indexEntry{idxOpen + id, enc})
	}
	out = append(out,
		indexEntry{idxState + string(s.State) + "/" + id, enc},
		indexEntry{idxCompany + url.PathEscape(s.Company) + "/" + id, enc},
		indexEntry{idxChanged + changedKey(s.Changed) + "/" + id, enc})
	if s.Flux != "" {
		out = append(out, indexEntry{fluxPrefix(s.CompanyID, s.Env, s.Flux) + id, s.Tag})
	}
	return out
}

// changedKey writes a time so that keys sort as times do (times before 1970 sort first).
func changedKey(ns int64) string { return fmt.Sprintf("%016x", uint64(ns)^(1<<63)) }

func fluxPrefix(companyID string, env domain.Env, flux string) string {
	return idxFlux + url.PathEscape(companyID) + "/" + string(env) + "/" + url.PathEscape(flux) + "/"
}

// reindex records s as the summary of item id and makes its index keys those of s: the keys
// of the previous summary that s no longer has are deleted. Nil s removes them all.
func reindex(tx storage.Tx, id string, s *summary) error {
	var old []indexEntry
	prev, err := tx.Get(rowKey(id))
	switch {
	case errors.Is(err, storage.ErrNotFound):
	case err != nil:
		return err
	default:
		if ps, err := decodeSummary(prev); err == nil {
			old = ps.entries(id)
		}
		// An unreadable summary (never written by this version) leaves keys only a rebuild
		// finds; the new ones are written all the same.
	}
	var fresh []indexEntry
	if s != nil {
		fresh = s.entries(id)
	}
	for _, e := range old {
		if !slices.ContainsFunc(fresh, func(f indexEntry) bool { return f.key == e.key }) {
			if err := tx.Delete([]byte(e.key)); err != nil {
				return err
			}
		}
	}
	for _, e := range fresh {
		if slices.Contains(old, e) {
			continue
		}
		if err := tx.Set([]byte(e.key), []byte(e.val)); err != nil {
			return err
		}
	}
	if s == nil {
		return tx.Delete(rowKey(id))
	}
	enc := s.encode()
	if bytes.Equal(prev, enc) {
		return nil
	}
	return tx.Set(rowKey(id), enc)
}

// fluxOwners returns the IDs of the items the flux index names for flux (with their tags).
func (s *store) fluxOwners(companyID string, env domain.Env, flux string) (map[string]string, error) {
	out := map[string]string{}
	p := fluxPrefix(companyID, env, flux)
	err := s.kv.View(func(tx storage.Tx) error {
		clear(out)
		return tx.Scan([]byte(p), func(k, v []byte) error {
			out[string(k[len(p):])] = string(v)
			return nil
		})
	})
	return out, err
}

// fluxesOf maps every flux of the company's items in env to its newest item.
func (s *store) fluxesOf(companyID string, env domain.Env) (map[string]deposit, error) {
	out := map[string]deposit{}
	p := idxFlux + url.PathEscape(companyID) + "/" + string(env) + "/"
	err := s.kv.View(func(tx storage.Tx) error {
		clear(out)
		return tx.Scan([]byte(p), func(k, v []byte) error {
			esc, id, ok := strings.Cut(string(k[len(p):]), "/")
			if !ok {
				return nil
			}
			flux, err := url.PathUnescape(esc)
			if err != nil {
				return nil
			}
			if d, seen := out[flux]; !seen || id > d.id {
				out[flux] = deposit{id, string(v)}
			}
			return nil
		})
	})
	return out, err
}
