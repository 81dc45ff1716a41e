package chorusapi

import (
	"bytes"
	"chorusdesk/domain"
	"encoding/base64"
	"errors"
	"reflect"
	"slices"
	"sync"
)

// Redacted replaces every secret found in server text.
const Redacted = "[redacted]"

// scrubber removes the request's secrets from anything a server sends back. A gateway in
// trouble may echo the request (headers, form body, JSON body) in its error text; that text
// then travels into errors, logs, the diagnostics ring and the outbox's stored messages. Each
// secret is searched in the forms it was sent in and the forms an echo may give it: raw,
// base64 (standard and URL alphabets, padded or not), URL query and path escaping (either hex
// case) and HTML escaping.
//
// The forms are bytes the scrubber owns, built without going through a string, and zeroed by
// wipe (a client's scrubber is wiped with its token cache, on lock). A wiped scrubber can no
// longer tell a secret from other text, so it redacts everything it is given. A scrubber made
// by with(token) holds only the token's forms and applies its base first: the token is a
// string anyway (see token.go), and the client's secrets stay in the one base, wiped once.
type scrubber struct {
	base *scrubber

	mu      sync.RWMutex
	needles [][]byte // longest first, so a secret inside another's encoding is not half-replaced
	wiped   bool
}

// newScrubber builds a scrubber for the given secrets (empty ones are ignored).
func newScrubber(secrets ...string) *scrubber {
	bs := make([][]byte, len(secrets))
	for i, v := range secrets {
		bs[i] = []byte(v)
	}
	return newByteScrubber(bs...)
}

// newByteScrubber builds a scrubber for secrets given as bytes; it keeps none of them, only
// the forms it builds from them.
func newByteScrubber(secrets ...[]byte) *scrubber {
	var out [][]byte
	for _, secret := range secrets {
		for _, v := range secretForms(secret) {
			if !slices.ContainsFunc(out, func(o []byte) bool { return bytes.Equal(o, v) }) {
				out = append(out, v)
			} else {
				domain.Wipe(v)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b []byte) int { return len(b) - len(a) })
	return &scrubber{needles: out}
}

// with returns a scrubber that also removes extra (the bearer token of one attempt).
func (s *scrubber) with(extra ...string) *scrubber {
	bs := make([][]byte, len(extra))
	for i, v := range extra {
		bs[i] = []byte(v)
	}
	out := newByteScrubber(bs...)
	out.base = s
	return out
}

// wipe zeroes every form the scrubber holds (not its base's).
func (s *scrubber) wipe() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.needles {
		domain.Wipe(n)
	}
	s.needles, s.wiped = nil, true
}

// secretForms lists the encodings under which secret may come back, each in a buffer of
// its own (never a string).
func secretForms(secret []byte) [][]byte {
	if len(secret) == 0 {
		return nil
	}
	enc := func(e *base64.Encoding) []byte { return e.AppendEncode(nil, secret) }
	q := appendQueryEscaped(nil, secret)
	p := appendPathEscaped(nil, secret)
	return [][]byte{
		bytes.Clone(secret),
		enc(base64.StdEncoding), enc(base64.RawStdEncoding), enc(base64.URLEncoding), enc(base64.RawURLEncoding),
		q, lowerHex(q), p, lowerHex(p),
		bytes.ReplaceAll(q, []byte("+"), []byte("%20")),
		appendHTMLEscaped(nil, secret),
	}
}

// lowerHex copies s with its %XX escapes in lower case (%2f instead of %2F).
func lowerHex(s []byte) []byte {
	out := bytes.Clone(s)
	for i := 0; i+2 < len(out); i++ {
		if out[i] == '%' {
			out[i+1], out[i+2] = lowerASCII(out[i+1]), lowerASCII(out[i+2])
			i += 2
		}
	}
	return out
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendPathEscaped appends b escaped as url.PathEscape does.
func appendPathEscaped(dst, b []byte) []byte {
	const hexDigits = "0123456789ABCDEF"
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~',
			c == '$', c == '&', c == '+', c == ':', c == '=', c == '@':
			dst = append(dst, c)
		default:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return dst
}

// appendHTMLEscaped appends b escaped as html.EscapeString does.
func appendHTMLEscaped(dst, b []byte) []byte {
	for _, c := range b {
		switch c {
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '&':
			dst = append(dst, "&amp;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

var redacted = []byte(Redacted)

// String returns v with every secret replaced by Redacted.
func (s *scrubber) String(v string) string {
	if s == nil || v == "" {
		return v
	}
	v = s.base.String(v)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.wiped {
		return Redacted
	}
	// The search runs on a copy of v (server text, not a secret): a needle turned into a
	// string for strings.Contains would put a copy of the secret on the heap.
	b, changed := []byte(v), false
	for _, n := range s.needles {
		if bytes.Contains(b, n) {
			b, changed = bytes.ReplaceAll(b, n, redacted), true
		}
	}
	if !changed {
		return v
	}
	return string(b)
}

// Contains reports whether v holds any secret in any form (tests, assertions).
func (s *scrubber) Contains(v string) bool { return s.String(v) != v }

// Error scrubs the server text an *Error carries and hides a cause whose text holds a secret.
func (s *scrubber) Error(e *Error) *Error {
	if s == nil || e == nil {
		return e
	}
	e.Libelle = s.String(e.Libelle)
	e.Detail = s.String(e.Detail)
	if e.cause != nil {
		if msg := e.cause.Error(); s.Contains(msg) {
			// The cause (an OAuth2 error quoting the token endpoint's body, say) would show the
			// secret to anyone unwrapping it: keep only its scrubbed text.
			e.cause = errors.New(s.String(msg))
		}
	}
	return e
}

// Value scrubs every string reachable from v (a pointer to a decoded answer) in place.
func (s *scrubber) Value(v any) {
	if s == nil || v == nil {
		return
	}
	s.walk(reflect.ValueOf(v), 0)
}

func (s *scrubber) walk(v reflect.Value, depth int) {
	if depth > 32 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			s.walk(v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() || f.Kind() == reflect.Struct || f.Kind() == reflect.Slice {
				s.walk(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			s.walk(v.Index(i), depth+1)
		}
	case reflect.String:
		if v.CanSet() {
			if clean := s.String(v.String()); clean != v.String() {
				v.SetString(clean)
			}
		}
	}
}

// Scrubber removes secrets, in every form they may take (see scrubber), from text that came
// from a server. Other packages use it as a last line of defence (the diagnostics bundle).
type Scrubber struct{ s *scrubber }

// NewScrubber builds a Scrubber for the given secrets; empty ones are ignored.
func NewScrubber(secrets ...string) Scrubber { return Scrubber{newScrubber(secrets...)} }

// String returns v with every secret replaced by Redacted.
func (s Scrubber) String(v string) string { return s.s.String(v) }
