package chorusapi

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// RequestLogEntry is one attempt of one call, for support. It holds no header value, no body,
// no token and no credential by construction: only the path, never the query, and the
// server's code and label once scrubbed of the request's secrets.
type RequestLogEntry struct {
	Time          time.Time
	Endpoint      string // path, e.g. /cpro/factures/v1/deposer/flux, or "token"
	Method        string
	Status        int // 0 when no HTTP answer
	Duration      time.Duration
	CorrelationID string // same for every attempt of one call; sent as X-Correlation-ID
	Attempt       int    // 1-based
	Kind          Kind   // "" on success
	CodeRetour    int    // Chorus Pro's business code, 0 when none or success
	Libelle       string // Chorus Pro's label, scrubbed of the request's secrets and truncated
	NoResult      bool   // a search answered "no result" (an empty list, not a failure)
}

// result names the outcome of an entry: "ok", "no_result" or the error kind.
func (e RequestLogEntry) result() string {
	switch {
	case e.NoResult:
		return "no_result"
	case e.Kind == "":
		return "ok"
	}
	return string(e.Kind)
}

// RequestLogger receives one entry per attempt. Implementations must be safe for concurrent use.
type RequestLogger interface {
	LogRequest(RequestLogEntry)
}

// WriterLogger writes one line per attempt to W.
type WriterLogger struct {
	mu sync.Mutex
	W  io.Writer
}

// NewWriterLogger returns a RequestLogger writing plain lines to w.
func NewWriterLogger(w io.Writer) *WriterLogger { return &WriterLogger{W: w} }

func (l *WriterLogger) LogRequest(e RequestLogEntry) {
	code := ""
	if e.CodeRetour != 0 {
		code = fmt.Sprintf(" code=%d libelle=%q", e.CodeRetour, truncate(e.Libelle, 120))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.W, "%s %s %s status=%d ms=%d attempt=%d corr=%s result=%s%s\n",
		e.Time.UTC().Format(time.RFC3339Nano), e.Method, e.Endpoint, e.Status,
		e.Duration.Milliseconds(), e.Attempt, e.CorrelationID, e.result(), code)
}
