package chorusapi

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Exchange is one attempt of one API call as support needs it: no body, no header value, no
// token, no credential and no query string by construction; the label is the server's,
// scrubbed of the request's secrets and truncated.
type Exchange struct {
	Time          time.Time `json:"time"`
	Method        string    `json:"method"`
	Path          string    `json:"path"` // e.g. /cpro/factures/v1/deposer/flux, or "token"
	Status        int       `json:"status"`
	CodeRetour    int       `json:"code_retour,omitempty"`
	Libelle       string    `json:"libelle,omitempty"`
	DurationMS    int64     `json:"duration_ms"`
	CorrelationID string    `json:"correlation_id"`
	Attempt       int       `json:"attempt"`
	Result        string    `json:"result"` // "ok", "no_result", or the error kind
}

// Warning is something a Chorus Pro answer carried that the client does not know: a codeRetour
// no rule of the message table explains, an unknown state or status, a date it cannot read.
// Value is the raw value, scrubbed and truncated.
type Warning struct {
	Time  time.Time `json:"time"`
	Code  string    `json:"code"`
	Path  string    `json:"path,omitempty"`
	Value string    `json:"value"`
}

// Warning codes.
const (
	WarnUnknownCode   = "unknown_code"
	WarnUnknownStatus = "unknown_invoice_status"
	WarnUnknownState  = "unknown_flux_state"
	WarnBadDate       = "unreadable_date"
)

// Default sizes of the rings kept for the diagnostics bundle.
const (
	DefaultExchanges = 200
	DefaultWarnings  = 100
)

// Diagnostics keeps the last API exchanges and warnings in two bounded rings, optionally
// journaled to files so that `chorusdesk diagnose`, run after a failing command, still has
// them. It is safe for concurrent use; writing the journal never fails a call.
type Diagnostics struct {
	mu        sync.Mutex
	exchanges ring[Exchange]
	warnings  ring[Warning]
	dir       string
	exLog     journal[Exchange]
	warnLog   journal[Warning]
}

// NewDiagnostics keeps the last nEx exchanges and nWarn warnings.
func NewDiagnostics(nEx, nWarn int) *Diagnostics {
	return &Diagnostics{exchanges: newRing[Exchange](nEx), warnings: newRing[Warning](nWarn)}
}

var recent = NewDiagnostics(DefaultExchanges, DefaultWarnings)

// Recent is the process-wide diagnostics every Client records into unless its Config names
// another.
func Recent() *Diagnostics { return recent }

// Exchanges returns the kept exchanges, oldest first.
func (d *Diagnostics) Exchanges() []Exchange {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.exchanges.items()
}

// Warnings returns the kept warnings, oldest first.
func (d *Diagnostics) Warnings() []Warning {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.warnings.items()
}

// Warn records a warning. value must already be free of secrets (the client scrubs it).
func (d *Diagnostics) Warn(code, path, value string) {
	w := Warning{Time: time.Now().UTC(), Code: code, Path: path, Value: truncate(value, 300)}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.warnings.add(w)
	d.warnLog.append(w, d.warnings.items)
}

func (d *Diagnostics) record(x Exchange) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.exchanges.add(x)
	d.exLog.append(x, d.exchanges.items)
}

// Persist journals the rings to dir (created 0700; files 0600): what dir already holds is
// loaded first, then every new entry is appended. Switching to another directory starts from
// that directory's journal. An empty dir stops journaling.
func (d *Diagnostics) Persist(dir string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if dir == d.dir {
		return nil
	}
	d.exLog.close()
	d.warnLog.close()
	if d.dir != "" { // another data directory: its entries do not belong to the new one
		d.exchanges = newRing[Exchange](d.exchanges.cap())
		d.warnings = newRing[Warning](d.warnings.cap())
	}
	d.dir = dir
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	_ = os.Chmod(dir, 0o700)
	d.exchanges = mergeJournal(filepath.Join(dir, "exchanges.jsonl"), d.exchanges)
	d.warnings = mergeJournal(filepath.Join(dir, "warnings.jsonl"), d.warnings)
	if err := d.exLog.open(filepath.Join(dir, "exchanges.jsonl"), d.exchanges.items(), d.exchanges.cap()); err != nil {
		return err
	}
	return d.warnLog.open(filepath.Join(dir, "warnings.jsonl"), d.warnings.items(), d.warnings.cap())
}

// mergeJournal puts the entries of the file at path before those already in r.
func mergeJournal[T any](path string, r ring[T]) ring[T] {
	out := newRing[T](r.cap())
	f, err := os.Open(path)
	if err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			var v T
			if json.Unmarshal(sc.Bytes(), &v) == nil {
				out.add(v)
			}
		}
		_ = f.Close()
	}
	for _, v := range r.items() {
		out.add(v)
	}
	return out
}

// ring is a bounded FIFO.
type ring[T any] struct {
	buf   []T
	next  int
	count int
}

func newRing[T any](n int) ring[T] {
	if n <= 0 {
		n = 1
	}
	return ring[T]{buf: make([]T, n)}
}

func (r *ring[T]) cap() int { return len(r.buf) }

func (r *ring[T]) add(v T) {
	r.buf[r.next] = v
	r.next = (r.next + 1) % len(r.buf)
	if r.count < len(r.buf) {
		r.count++
	}
}

func (r *ring[T]) items() []T {
	out := make([]T, 0, r.count)
	start := (r.next - r.count + len(r.buf)) % len(r.buf)
	for i := range r.count {
		out = append(out, r.buf[(start+i)%len(r.buf)])
	}
	return out
}

// journal is an append-only JSON-lines file, rewritten from the ring once it holds twice the
// ring's size so that it stays bounded.
type journal[T any] struct {
	path  string
	f     *os.File
	lines int
	limit int
}

// open starts the journal at path with the given entries.
func (j *journal[T]) open(path string, entries []T, ringSize int) error {
	j.path, j.limit = path, 2*ringSize
	return j.rewrite(entries)
}

// rewrite replaces the file with entries (written to a temporary name, then renamed).
func (j *journal[T]) rewrite(entries []T) error {
	j.close()
	tmp := j.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	n := 0
	for _, v := range entries {
		if b, err := json.Marshal(v); err == nil {
			_, _ = w.Write(append(b, '\n'))
			n++
		}
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return err
	}
	if j.f, err = os.OpenFile(j.path, os.O_APPEND|os.O_WRONLY, 0o600); err != nil {
		return err
	}
	j.lines = n
	return nil
}

// append writes v; past the limit the file is rewritten from the ring instead.
func (j *journal[T]) append(v T, ring func() []T) {
	if j.f == nil {
		return
	}
	if j.lines >= j.limit {
		_ = j.rewrite(ring())
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	if _, err := j.f.Write(append(b, '\n')); err == nil {
		j.lines++
	}
}

func (j *journal[T]) close() {
	if j.f != nil {
		_ = j.f.Close()
		j.f = nil
	}
}
