package chorusapi

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"chorusdesk/i18n"
)

// Kind classifies every failure so the UI can say what to do in plain words (i18n keys "api.<kind>").
type Kind string

const (
	KindNetwork          Kind = "network"
	KindTLS              Kind = "tls"
	KindTimeout          Kind = "timeout"
	KindInvalidClient    Kind = "invalid_client"
	KindAccountRefused   Kind = "account_refused"
	KindNotSubscribed    Kind = "not_subscribed"
	KindNotFound         Kind = "not_found"
	KindTooLarge         Kind = "too_large"
	KindUnsupportedMedia Kind = "unsupported_media"
	KindRateLimited      Kind = "rate_limited"
	KindServer           Kind = "server"
	KindBusiness         Kind = "business"
	KindBadRequest       Kind = "bad_request"
)

// Kinds lists every kind (the catalog completeness test walks it).
var Kinds = []Kind{KindNetwork, KindTLS, KindTimeout, KindInvalidClient, KindAccountRefused, KindNotSubscribed,
	KindNotFound, KindTooLarge, KindUnsupportedMedia, KindRateLimited, KindServer, KindBusiness, KindBadRequest}

// retryableKinds are transient by nature; whether a given call may really be repeated also
// depends on idempotence (see Error.MaybeProcessed and DeposerFlux).
var retryableKinds = map[Kind]bool{KindNetwork: true, KindTimeout: true, KindRateLimited: true, KindServer: true}

// Error is every failure returned by Client. It never holds a secret: Libelle is the server's
// label, Op the endpoint path.
type Error struct {
	Kind       Kind
	Op         string // endpoint path, e.g. /cpro/factures/v1/deposer/flux, or "token"
	HTTPStatus int    // 0 when no HTTP answer was received
	CodeRetour int    // Chorus business code (KindBusiness)
	Libelle    string // Chorus label (KindBusiness) or a short hint; scrubbed of the request's secrets
	// Detail is the server's own explanation when it gave one outside the envelope (the
	// error_description of a 401 WWW-Authenticate header or of the token endpoint), scrubbed.
	Detail string
	// Retryable says whether repeating this very call later is safe and may succeed. For
	// DeposerFlux it is false whenever MaybeProcessed is true.
	Retryable  bool
	RetryAfter time.Duration // from a Retry-After header, 0 if none
	// MaybeProcessed is true when the request may have reached Chorus Pro (it was written to
	// the wire and no answer proves it was rejected before processing). The outbox must then
	// check with RechercherFacturesFournisseur instead of depositing again.
	MaybeProcessed bool
	cause          error
}

func (e *Error) Error() string {
	s := "chorus " + e.Op + ": " + e.Localize(i18n.EN)
	if e.HTTPStatus != 0 {
		s += " (HTTP " + strconv.Itoa(e.HTTPStatus) + ")"
	}
	return s
}

// Localize gives the plain-language message with what to do, in lang. A business refusal is
// explained from the message table (messages.go) and keeps Chorus Pro's raw code and label
// beside the sentence; a failure of the token endpoint is named as PISTE's.
func (e *Error) Localize(lang i18n.Lang) string {
	if e.Op == OpToken {
		if e.Detail != "" {
			return i18n.T(lang, "api.with_detail", e.pisteMessage().Localize(lang), e.Detail)
		}
		return e.pisteMessage().Localize(lang)
	}
	switch e.Kind {
	case KindBusiness:
		plain, raw := e.Explain()
		return i18n.T(lang, "api.business_explained", plain.Localize(lang), raw)
	case KindAccountRefused:
		if e.Detail != "" {
			return i18n.T(lang, "api.with_detail", i18n.T(lang, "api."+string(e.Kind)), e.Detail)
		}
	case KindRateLimited:
		if e.RetryAfter > 0 {
			return i18n.T(lang, "api.rate_limited_after", int(e.RetryAfter.Round(time.Second)/time.Second))
		}
	}
	return i18n.T(lang, "api."+string(e.Kind))
}

// Message is the plain-language message as a key and arguments, so it can be stored and
// rendered later in another language. raw is the server's own code and label ("" when it gave
// none), to be shown beside it; Localize gives both in one text.
func (e *Error) Message() (plain *i18n.Error, raw string) {
	if e.Op == OpToken {
		return e.pisteMessage(), e.Detail
	}
	switch e.Kind {
	case KindBusiness:
		return e.Explain()
	case KindRateLimited:
		if e.RetryAfter > 0 {
			return i18n.Errorf("api.rate_limited_after", int(e.RetryAfter.Round(time.Second)/time.Second)), ""
		}
	}
	return i18n.Errorf("api." + string(e.Kind)), e.Detail
}

// Explain gives the plain sentence for a business refusal and its raw code and label.
func (e *Error) Explain() (plain *i18n.Error, raw string) { return Explain(e.CodeRetour, e.Libelle) }

// OpToken is Error.Op for failures of PISTE's token endpoint.
const OpToken = "token"

// pisteMessage names a token-endpoint failure as PISTE's, never as Chorus Pro's: the token
// comes from PISTE's OAuth server, and a user must know which portal to check.
func (e *Error) pisteMessage() *i18n.Error {
	switch e.Kind {
	case KindInvalidClient:
		return i18n.Errorf("api.invalid_client")
	case KindRateLimited:
		if e.RetryAfter > 0 {
			return i18n.Errorf("api.piste.rate_limited_after", int(e.RetryAfter.Round(time.Second)/time.Second))
		}
	case KindBadRequest, KindNotFound, KindServer, KindNetwork, KindTLS, KindTimeout, KindNotSubscribed,
		KindAccountRefused, KindTooLarge, KindUnsupportedMedia:
	default:
		return i18n.Errorf("api.piste.refused", e.HTTPStatus)
	}
	return i18n.Errorf("api.piste." + string(e.Kind))
}

// Unwrap exposes the transport cause (never an HTTP body or a header value).
func (e *Error) Unwrap() error { return e.cause }

// AsError finds an *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	e, ok := AsError(err)
	return ok && e.Kind == k
}

func newError(kind Kind, op string, status int) *Error {
	return &Error{Kind: kind, Op: op, HTTPStatus: status, Retryable: retryableKinds[kind]}
}

// transportError classifies an error that happened before any HTTP answer.
func transportError(op string, err error) *Error {
	kind := KindNetwork
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recHdr tls.RecordHeaderError
	var alert tls.AlertError
	var netErr net.Error
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalid), errors.As(err, &recHdr), errors.As(err, &alert):
		kind = KindTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		kind = KindTimeout
	case strings.Contains(err.Error(), "tls: "):
		kind = KindTLS
	}
	e := newError(kind, op, 0)
	e.cause = err
	return e
}

// statusError classifies a non-2xx answer. body is only inspected, never copied except the
// Chorus libelle of a business envelope.
func statusError(op string, status int, h http.Header, body []byte) *Error {
	switch {
	case status == http.StatusUnauthorized:
		return newError(KindAccountRefused, op, status)
	case status == http.StatusForbidden:
		return newError(KindNotSubscribed, op, status)
	case status == http.StatusNotFound:
		return newError(KindNotFound, op, status)
	case status == http.StatusRequestEntityTooLarge:
		return newError(KindTooLarge, op, status)
	case status == http.StatusUnsupportedMediaType:
		return newError(KindUnsupportedMedia, op, status)
	case status == http.StatusTooManyRequests:
		e := newError(KindRateLimited, op, status)
		e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), time.Now())
		return e
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		e := newError(KindTimeout, op, status)
		return e
	case status >= 500:
		e := newError(KindServer, op, status)
		e.RetryAfter = parseRetryAfter(h.Get("Retry-After"), time.Now())
		if status == http.StatusNotImplemented {
			e.Retryable = false
		}
		return e
	case status == http.StatusBadRequest:
		if env, ok := parseEnvelope(body); ok && env.CodeRetour != 0 {
			return businessError(op, status, env)
		}
		return newError(KindBadRequest, op, status)
	}
	return newError(KindBadRequest, op, status)
}

// businessError keeps the whole label: the caller scrubs it first, then truncates it (a cut
// must never leave half a secret behind).
func businessError(op string, status int, env parsedEnvelope) *Error {
	e := newError(KindBusiness, op, status)
	e.CodeRetour = env.CodeRetour
	e.Libelle = env.Libelle
	return e
}

// isExpiredToken reports whether a 401 is about the Bearer token (renew and retry once) rather
// than the technical account (the password is wrong: retrying is useless).
func isExpiredToken(h http.Header) bool {
	v := strings.ToLower(strings.Join(h.Values("WWW-Authenticate"), " "))
	return strings.Contains(v, "invalid_token") || strings.Contains(v, "expired")
}

// parseRetryAfter reads delay-seconds or an HTTP date; 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > 86400 {
			n = 86400
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			if d > 24*time.Hour {
				d = 24 * time.Hour
			}
			return d
		}
	}
	return 0
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
