package emulator

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Fault kinds.
const (
	FaultStatus    = "status"    // any HTTP status (403 with an empty body, 401 with the PISTE header)
	Fault429       = "429"       // 429 with Retry-After
	FaultHTML503   = "html503"   // 503 with an HTML body ("qualification down")
	FaultTimeout   = "timeout"   // hold the request (RetryAfter, else 30 s, or until the client leaves)
	FaultReset     = "reset"     // hijack the connection and reset it
	FaultMalformed = "malformed" // 200 with truncated JSON
	FaultBusiness  = "business"  // codeRetour ≠ 0 with HTTP 200 (or 400, see Options)
	// FaultEcho is a gateway in trouble that quotes the request in its error text: every
	// header (the Bearer token and cpro-account included), the decoded technical account,
	// and the body (the token request's form, client secret included). It answers Status
	// (default 400): a JSON envelope (codeRetour, default 20001) on /cpro, an OAuth error
	// (error_description) on the token endpoint, and on a 401 the quote goes into the
	// WWW-Authenticate header. It exists to prove the client scrubs every secret it sent.
	FaultEcho = "echo"
)

// Fault makes matching requests fail before the gateway checks. Endpoint is a path suffix
// ("deposer/flux", "/api/oauth/token"); "" matches every /cpro and token call. Count 0 means
// until ClearFaults. For FaultTimeout, RetryAfter (if set) bounds how long the request is held.
type Fault struct {
	Endpoint   string        `json:"endpoint,omitempty"`
	Kind       string        `json:"kind"`
	Status     int           `json:"status,omitempty"`
	RetryAfter time.Duration `json:"-"`
	CodeRetour int           `json:"codeRetour,omitempty"`
	Libelle    string        `json:"libelle,omitempty"`
	Count      int           `json:"count,omitempty"`
}

type faultJSON struct {
	Endpoint   string          `json:"endpoint,omitempty"`
	Kind       string          `json:"kind"`
	Status     int             `json:"status,omitempty"`
	RetryAfter json.RawMessage `json:"retryAfter,omitempty"`
	CodeRetour int             `json:"codeRetour,omitempty"`
	Libelle    string          `json:"libelle,omitempty"`
	Count      int             `json:"count,omitempty"`
}

// MarshalJSON writes RetryAfter as a Go duration string ("2s").
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{Endpoint: f.Endpoint, Kind: f.Kind, Status: f.Status, CodeRetour: f.CodeRetour,
		Libelle: f.Libelle, Count: f.Count}
	if f.RetryAfter > 0 {
		j.RetryAfter, _ = json.Marshal(f.RetryAfter.String())
	}
	return json.Marshal(j)
}

// UnmarshalJSON accepts retryAfter as a duration string ("1500ms") or a number of seconds.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Fault{Endpoint: j.Endpoint, Kind: j.Kind, Status: j.Status, CodeRetour: j.CodeRetour,
		Libelle: j.Libelle, Count: j.Count}
	if len(j.RetryAfter) > 0 && string(j.RetryAfter) != "null" {
		var s string
		if json.Unmarshal(j.RetryAfter, &s) == nil {
			d, err := time.ParseDuration(s)
			if err != nil {
				return fmt.Errorf("retryAfter: %w", err)
			}
			f.RetryAfter = d
		} else {
			var secs float64
			if err := json.Unmarshal(j.RetryAfter, &secs); err != nil {
				return fmt.Errorf("retryAfter: want a duration string or seconds")
			}
			f.RetryAfter = time.Duration(secs * float64(time.Second))
		}
	}
	return f.validate()
}

func (f *Fault) validate() error {
	switch f.Kind {
	case FaultStatus:
		if f.Status < 200 || f.Status > 599 {
			return fmt.Errorf("fault status %d out of range", f.Status)
		}
	case FaultEcho:
		if f.Status != 0 && (f.Status < 200 || f.Status > 599) {
			return fmt.Errorf("fault status %d out of range", f.Status)
		}
	case Fault429, FaultHTML503, FaultTimeout, FaultReset, FaultMalformed, FaultBusiness:
	default:
		return fmt.Errorf("unknown fault kind %q", f.Kind)
	}
	if f.Count < 0 || f.RetryAfter < 0 {
		return fmt.Errorf("fault count and retry must not be negative")
	}
	return nil
}

// InjectFault adds a fault; faults are tried in the order they were added.
func (e *Emulator) InjectFault(f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.faults = append(e.state.faults, &f)
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.faults = nil
}

// takeFault returns the first fault matching path and consumes one of its uses.
func (e *Emulator) takeFault(path string) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.state.faults {
		if f.Endpoint != "" && !strings.HasSuffix(path, f.Endpoint) {
			continue
		}
		hit := *f
		if f.Count > 0 {
			f.Count--
			if f.Count == 0 {
				e.state.faults = append(e.state.faults[:i:i], e.state.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

const html503 = `<!DOCTYPE html>
<html><head><title>503 Service Unavailable</title></head>
<body><h1>Service indisponible</h1><p>Le service Chorus Pro est momentanément indisponible.
Merci de réessayer ultérieurement.</p></body></html>
`

func (e *Emulator) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	switch f.Kind {
	case FaultStatus:
		switch f.Status {
		case http.StatusForbidden:
			w.WriteHeader(f.Status) // PISTE answers 403 with an empty body
			return
		case http.StatusUnauthorized:
			w.Header().Set("WWW-Authenticate", accountChallenge)
		}
		lib := f.Libelle
		if lib == "" {
			lib = http.StatusText(f.Status)
		}
		writeJSON(w, f.Status, envelope{CodeRetour: f.Status, Libelle: lib})
	case Fault429:
		ra := f.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		w.Header().Set("Retry-After", strconv.Itoa(int((ra+time.Second-1)/time.Second)))
		writeJSON(w, http.StatusTooManyRequests, envelope{CodeRetour: http.StatusTooManyRequests, Libelle: "Too Many Requests"})
	case FaultHTML503:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(html503))
	case FaultTimeout:
		// Reading the body lets the server notice when the client gives up (it only watches
		// the connection once the body is consumed), so held requests end with their client.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxRequestBody))
		hold := f.RetryAfter
		if hold <= 0 || hold > e.holdsMax {
			hold = e.holdsMax
		}
		e.held.Add(1)
		e.pause(r.Context(), hold)
		e.held.Add(-1)
		w.WriteHeader(http.StatusGatewayTimeout)
	case FaultReset:
		resetConnection(w)
	case FaultMalformed:
		w.Header().Set("Content-Type", jsonContentType)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"codeRetour": 0, "libelle": "TRA_MSG_00.000", "listeFac`))
	case FaultBusiness:
		code := f.CodeRetour
		if code == 0 {
			code = 20001
		}
		lib := f.Libelle
		if lib == "" {
			lib = "Erreur metier simulee"
		}
		e.writeBusiness(w, code, lib)
	case FaultEcho:
		e.echo(w, r, f)
	}
}

// echo answers with the request quoted in the error text (see FaultEcho).
func (e *Emulator) echo(w http.ResponseWriter, r *http.Request, f *Fault) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
	var b strings.Builder
	// What a debugging gateway shows first: the decoded credentials, then the headers, then
	// the body (so that a client truncating the text still meets the secrets).
	b.WriteString("Requete refusee par la passerelle.")
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("client_secret") != "" {
		fmt.Fprintf(&b, " secret=%s;", form.Get("client_secret"))
	}
	if raw, err := base64.StdEncoding.DecodeString(r.Header.Get("cpro-account")); err == nil && len(raw) > 0 {
		fmt.Fprintf(&b, " compte=%s;", raw)
	}
	if user, pass, ok := r.BasicAuth(); ok {
		fmt.Fprintf(&b, " basic=%s:%s;", user, pass)
	}
	b.WriteString(" En-tetes :")
	for _, name := range sortedKeys(r.Header) {
		for _, v := range r.Header[name] {
			fmt.Fprintf(&b, " %s=%s;", name, v)
		}
	}
	fmt.Fprintf(&b, " corps=%s", body)
	text := b.String()
	status := f.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	switch {
	case r.URL.Path == tokenPath:
		writeJSON(w, status, map[string]string{"error": "invalid_request", "error_description": text})
	case status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="PISTE",error="Unauthorized",error_description="`+strings.ReplaceAll(text, `"`, "'")+`"`)
		w.WriteHeader(status)
	default:
		code := f.CodeRetour
		if code == 0 {
			code = 20001
		}
		writeJSON(w, status, envelope{CodeRetour: code, Libelle: text})
	}
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// resetConnection closes the TCP connection with RST (linger 0) so the client sees a reset.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the stream instead
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// ParseFaultSpec reads the compact form used by `chorusdesk emulator --fault`:
//
//	KIND[:key=value]...
//
// KIND is 429, 503html (or html503), timeout, reset, malformed, business, echo, or an HTTP status
// number (e.g. 500, 403). Keys: endpoint=<path suffix>, count=<n>, retry=<duration> (Retry-After
// for 429, hold time for timeout), code=<codeRetour>, status=<HTTP status, echo only>,
// libelle=<text> (may not contain ':').
// Examples: "429:retry=2s:count=3", "503html", "500:endpoint=deposer/flux:count=1",
// "business:code=20001:libelle=GDP_MSG_11.022".
func ParseFaultSpec(spec string) (Fault, error) {
	parts := strings.Split(strings.TrimSpace(spec), ":")
	var f Fault
	switch k := strings.ToLower(parts[0]); k {
	case "429":
		f.Kind = Fault429
	case "503html", "html503":
		f.Kind = FaultHTML503
	case FaultTimeout, FaultReset, FaultMalformed, FaultBusiness, FaultEcho:
		f.Kind = k
	default:
		n, err := strconv.Atoi(k)
		if err != nil {
			return Fault{}, fmt.Errorf("unknown fault kind %q", parts[0])
		}
		f.Kind, f.Status = FaultStatus, n
	}
	for _, kv := range parts[1:] {
		key, val, ok := strings.Cut(kv, "=")
		if !ok {
			return Fault{}, fmt.Errorf("fault option %q: want key=value", kv)
		}
		var err error
		switch key {
		case "endpoint":
			f.Endpoint = val
		case "count":
			f.Count, err = strconv.Atoi(val)
		case "retry":
			f.RetryAfter, err = time.ParseDuration(val)
		case "code":
			f.CodeRetour, err = strconv.Atoi(val)
		case "status":
			if f.Kind != FaultEcho {
				return Fault{}, fmt.Errorf("fault option status: only for echo (give the status as the kind)")
			}
			f.Status, err = strconv.Atoi(val)
		case "libelle":
			f.Libelle = val
		default:
			return Fault{}, fmt.Errorf("unknown fault option %q", key)
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault option %q: %w", key, err)
		}
	}
	return f, f.validate()
}
