package outbox

import (
	"bytes"
	"encoding/json"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// State is where an item stands in its life. Every state is written with a synced
// Badger transaction before the network step that follows it.
type State string

const (
	// Queued: detected and routed, waiting for the pre-flight and the deposit.
	Queued State = "queued"
	// Held: not sent, waiting for the user (unroutable, not transferred, pre-flight failed).
	Held State = "held"
	// Ready: the pre-flight passed; waiting for a deposit attempt (after a retryable failure).
	Ready State = "ready"
	// Depositing: the deposit request may be on the wire. Found at start-up, it is reconciled
	// against the supplier's invoices, never re-sent blindly.
	Depositing State = "depositing"
	// Deposited: Chorus Pro answered with a flux number.
	Deposited State = "deposited"
	// Tracking: the flux or the invoice is followed until a final status.
	Tracking State = "tracking"
	// Final: the flux or the invoice reached a final status (paid, rejected, …).
	Final State = "final"
	// Failed: a non-retryable error, or retries exhausted (Retryable tells which).
	Failed State = "failed"
	// NeedsConfirmation: found depositing after a crash and not (yet) found in Chorus Pro;
	// the user must check and confirm a resend (ConfirmResend) or record the flux.
	NeedsConfirmation State = "needs_confirmation"
)

// HoldKind says why an item is held.
type HoldKind string

const (
	HoldUnroutable     HoldKind = "unroutable"
	HoldNotTransferred HoldKind = "not_transferred"
	HoldPreflight      HoldKind = "preflight"
	// HoldSetupTest: the setup that applies fails its Test; nothing is deposited through it.
	HoldSetupTest HoldKind = "setup_test"
)

// Text is a message of the engine. It is kept as a catalog key with its arguments (i18n.Msg)
// and rendered when it is shown, in the reader's language (a corrected translation reaches old
// records too); a message whose arguments cannot be kept that way (an error of another
// package) is kept rendered in every language, as every message was by older versions, whose
// records read the same.
//
// A Text is a map so that nil means "no message": the rendered form maps languages to
// sentences, the kept form holds the message's JSON under textMsg alone.
type Text map[i18n.Lang]string

// textMsg is the entry of a Text kept as a key and its arguments.
const textMsg i18n.Lang = "\x00msg"

// In returns the message in lang, falling back to English.
func (t Text) In(lang i18n.Lang) string {
	if enc, ok := t[textMsg]; ok {
		var m i18n.Msg
		if err := json.Unmarshal([]byte(enc), &m); err == nil {
			return m.Text(lang)
		}
	}
	if s, ok := t[lang]; ok {
		return s
	}
	return t[i18n.EN]
}

// kept returns the message of a Text kept as a key and its arguments.
func (t Text) kept() (i18n.Msg, bool) {
	enc, ok := t[textMsg]
	if !ok {
		return i18n.Msg{}, false
	}
	var m i18n.Msg
	return m, json.Unmarshal([]byte(enc), &m) == nil
}

// MarshalJSON writes a kept message as the message itself ({"key":…,"args":[…]}), a rendered
// one as its languages.
func (t Text) MarshalJSON() ([]byte, error) {
	if enc, ok := t[textMsg]; ok {
		return []byte(enc), nil
	}
	return json.Marshal(map[i18n.Lang]string(t))
}

// UnmarshalJSON reads both forms.
func (t *Text) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*t = nil
		return nil
	}
	var probe struct {
		Key *string `json:"key"`
	}
	if err := json.Unmarshal(b, &probe); err == nil && probe.Key != nil {
		var c bytes.Buffer
		if err := json.Compact(&c, b); err != nil {
			return err
		}
		*t = Text{textMsg: c.String()}
		return nil
	}
	var m map[i18n.Lang]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*t = m
	return nil
}

// keep makes a Text of a message: kept as key and arguments when every argument survives
// that (texts, numbers, durations, days, nested messages), else rendered in every language.
func keep(m i18n.Msg) Text {
	if keepable(m.Args) {
		if b, err := json.Marshal(m); err == nil {
			return Text{textMsg: string(b)}
		}
	}
	return Text{i18n.EN: m.Text(i18n.EN), i18n.FR: m.Text(i18n.FR)}
}

func keepable(args []any) bool {
	for _, a := range args {
		switch v := a.(type) {
		case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
			float64, float32, time.Duration, i18n.Day:
		case i18n.Msg:
			if !keepable(v.Args) {
				return false
			}
		case *i18n.Error:
			if v == nil || !keepable(v.Args) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// textOf makes a Text of err (an *i18n.Error is kept as its key and arguments; a chorusapi
// error or any other is rendered in every language).
func textOf(err error) Text {
	if err == nil {
		return nil
	}
	if ie, ok := err.(*i18n.Error); ok && ie != nil {
		return keep(i18n.M(ie.Key, ie.Args...))
	}
	return Text{i18n.EN: i18n.Message(i18n.EN, err), i18n.FR: i18n.Message(i18n.FR, err)}
}

// msg makes a Text of a catalog key and its arguments.
func msg(key string, args ...any) Text { return keep(i18n.M(key, args...)) }

// NewText makes a Text of a catalog key and its arguments, kept as the engine keeps its own
// messages (tools and tests that write items).
func NewText(key string, args ...any) Text { return msg(key, args...) }

// msgWith is msg with err as the last argument, itself in the reader's language.
func msgWith(key string, err error, args ...any) Text {
	if ie, ok := err.(*i18n.Error); ok && ie != nil {
		return keep(i18n.M(key, append(append([]any(nil), args...), i18n.M(ie.Key, ie.Args...))...))
	}
	t := Text{}
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR} {
		t[l] = i18n.T(l, key, append(append([]any(nil), args...), i18n.Message(l, err))...)
	}
	return t
}

// Item is one invoice in the outbox. It is stored as JSON under "ob/i/<ID>".
type Item struct {
	ID   string `json:"id"`
	File string `json:"file"` // the path the file was added from (display only: the content is kept)
	// FileNote says what became of the file after its content was taken, when that needs
	// saying (the inbox watch could not move it out of the inbox).
	FileNote Text   `json:"file_note,omitempty"`
	SHA      string `json:"sha256"`
	Size     int64  `json:"size"`

	// Detected fields.
	Format      string `json:"format,omitempty"`
	SyntaxeFlux string `json:"syntaxe_flux,omitempty"`
	Number      string `json:"number,omitempty"`
	IssueDate   string `json:"issue_date,omitempty"`
	SellerSIRET string `json:"seller_siret,omitempty"`
	BuyerSIRET  string `json:"buyer_siret,omitempty"`
	ServiceCode string `json:"service_code,omitempty"`
	Commitment  string `json:"commitment,omitempty"`
	Total       string `json:"total,omitempty"`
	Currency    string `json:"currency,omitempty"`

	// Routing.
	CompanyID   string     `json:"company_id,omitempty"`
	CompanyCode string     `json:"company,omitempty"`
	Env         domain.Env `json:"env"`
	// SetupFrom is the code of the company whose setup applies (its own, or `*****`), and
	// Tag that setup's ID tag, carried in the name of each deposit (nomFichier).
	SetupFrom string `json:"setup_from,omitempty"`
	Tag       string `json:"tag,omitempty"`
	// Login is the technical account (Chorus Pro login) of that setup in the item's
	// environment when its client was last built before the deposit: an identifier the
	// window shows, not a secret.
	Login  string `json:"login,omitempty"`
	Forced bool   `json:"forced,omitempty"`

	State     State     `json:"state"`
	Hold      HoldKind  `json:"hold,omitempty"`
	Message   Text      `json:"message,omitempty"` // why it is held/failed, or what to do
	Retryable bool      `json:"retryable,omitempty"`
	Attempts  int       `json:"attempts,omitempty"` // attempts of the current step
	NextTry   time.Time `json:"next_try,omitzero"`
	// SetupRetests counts the engine's own re-tests of the setup that holds the item
	// (HoldSetupTest) since the user's last Retry or the last change of the setup.
	SetupRetests int `json:"setup_retests,omitempty"`

	// Deposit.
	DepositStarted time.Time `json:"deposit_started,omitzero"`
	Deposits       int       `json:"deposits,omitempty"`     // deposit calls made for the item
	NomFichier     string    `json:"nom_fichier,omitempty"`  // the name of the last deposit
	Flux           string    `json:"flux,omitempty"`         // numeroFluxDepot
	DepositDate    string    `json:"deposit_date,omitempty"` // dateDepot
	Reconciled     bool      `json:"reconciled,omitempty"`   // the flux was found by reconciliation
	// AskUser: the reconciliation window passed without finding the deposit; the user may
	// decide now (ConfirmResend or MarkDeposited) while the engine keeps looking, more slowly,
	// until it gives up (GaveUp).
	AskUser bool `json:"ask_user,omitempty"`
	GaveUp  bool `json:"gave_up,omitempty"`
	// ResendAsked: the user asked to send an unconfirmed deposit again; it is deposited only
	// after a fresh look-up in Chorus Pro does not find it. ResendPending: that look-up did not
	// find it, and the resend waits until the deposit attempt is older than ReconcileWindow
	// (Chorus Pro lists a deposit only after a while).
	ResendAsked   bool `json:"resend_asked,omitempty"`
	ResendPending bool `json:"resend_pending,omitempty"`

	// Tracking.
	FluxState     string `json:"flux_state,omitempty"`
	InvoiceID     int64  `json:"invoice_id,omitempty"` // identifiantFactureCPP
	InvoiceStatus string `json:"invoice_status,omitempty"`
	Polls         int    `json:"polls,omitempty"`
	// PaymentNotReported: the recipient's structure never reports payment
	// (statutMiseEnPaiementNestPasRemonte), so MANDATEE is the last status.
	PaymentNotReported bool `json:"payment_not_reported,omitempty"`
	// Moved is when Chorus Pro last reported a new state (or the deposit); the stall bounds
	// count from it.
	Moved time.Time `json:"moved,omitzero"`
	// StatusUnknown: the last status query failed; it is asked again (the item stays deposited).
	StatusUnknown bool `json:"status_unknown,omitempty"`
	// Stalled: Chorus Pro did not move the item within the bound; polling stopped (Retry
	// resumes it). StalledAt is when polling stopped.
	Stalled   bool      `json:"stalled,omitempty"`
	StalledAt time.Time `json:"stalled_at,omitzero"`

	// Verdict of a refusal or rejection: Chorus Pro's label (or the buyer's comment) as
	// written, in plain words, and what to fix (fix* names, for a flux Chorus Pro refused).
	Raw   string `json:"raw,omitempty"`
	Cause Text   `json:"cause,omitempty"`
	Fix   string `json:"fix,omitempty"`

	// A re-sent invoice: the item it replaces, and the item that replaced this one.
	Replaces   string `json:"replaces,omitempty"`
	ReplacedBy string `json:"replaced_by,omitempty"`

	Created time.Time `json:"created"`
	Changed time.Time `json:"changed"` // last state change (ageing)
}

// Age is the time since the item was queued.
func (it Item) Age(now time.Time) time.Duration { return now.Sub(it.Created) }

// Idle is the time since the last state change.
func (it Item) Idle(now time.Time) time.Duration { return now.Sub(it.Changed) }

// Settled reports whether the item needs nothing more from the engine for the deposit step:
// it was deposited, or it stopped (held, failed, waiting for the user's confirmation).
func (it Item) Settled() bool {
	switch it.State {
	case Deposited, Tracking, Final, Failed, Held:
		return true
	case NeedsConfirmation:
		// A resend the user asked for is not settled before the fresh look-up has answered.
		return !it.ResendAsked || it.ResendPending
	}
	return false
}

// WasDeposited reports whether Chorus Pro holds a flux for the item.
func (it Item) WasDeposited() bool {
	switch it.State {
	case Deposited, Tracking:
		return true
	case Final:
		return it.Flux != ""
	}
	return false
}

// EventKind says what happened to an item.
type EventKind string

const (
	EventAdded   EventKind = "added"
	EventChanged EventKind = "changed"
	EventRemoved EventKind = "removed"
)

// Event is sent to subscribers after every persisted change. Item is a copy.
type Event struct {
	Kind EventKind
	Item Item
}
