package chorusapi

import (
	"encoding/base64"
	"errors"
	"html"
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// Redacted replaces every secret found in server text.
const Redacted = "[redacted]"

// scrubber removes the request's secrets from anything a server sends back. A gateway in
// trouble may echo the request (headers, form body, JSON body) in its error text; that text
// then travels into errors, logs, the diagnostics ring and the outbox's stored messages. Each
// secret is searched in the forms it was sent in and the forms an echo may give it: raw,
// base64 (standard and URL alphabets, padded or not), URL query and path escaping (either hex
// case) and HTML escaping.
type scrubber struct {
	needles []string // longest first, so a secret inside another's encoding is not half-replaced
}

// newScrubber builds a scrubber for the given secrets (empty ones are ignored).
func newScrubber(secrets ...string) *scrubber {
	s := &scrubber{}
	return s.with(secrets...)
}

// with returns a scrubber that also removes extra (the bearer token of one attempt).
func (s *scrubber) with(extra ...string) *scrubber {
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if s != nil {
		for _, n := range s.needles {
			add(n)
		}
	}
	for _, secret := range extra {
		for _, v := range secretForms(secret) {
			add(v)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return &scrubber{needles: out}
}

// secretForms lists the encodings under which secret may come back.
func secretForms(secret string) []string {
	if secret == "" {
		return nil
	}
	b := []byte(secret)
	q := url.QueryEscape(secret)
	p := url.PathEscape(secret)
	return []string{
		secret,
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		q, lowerHex(q), p, lowerHex(p),
		strings.ReplaceAll(q, "+", "%20"),
		html.EscapeString(secret),
	}
}

// lowerHex writes the %XX escapes of s in lower case (%2f instead of %2F).
func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteByte('%')
			b.WriteString(strings.ToLower(s[i+1 : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// String returns v with every secret replaced by Redacted.
func (s *scrubber) String(v string) string {
	if s == nil || v == "" {
		return v
	}
	for _, n := range s.needles {
		if strings.Contains(v, n) {
			v = strings.ReplaceAll(v, n, Redacted)
		}
	}
	return v
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
