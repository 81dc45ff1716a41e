package emulator

import (
	"fmt"
	"maps"
	"time"
)

// state is everything an emulator remembers; it is guarded by Emulator.mu.
type state struct {
	latency    time.Duration
	faults     []*Fault
	tokens     map[string]time.Time // access token → expiry
	subscribed map[string]bool      // API name → subscribed (absent = true)
	expired    map[string]bool      // technical logins whose password has expired

	tokensIssued int
	endpoints    map[string]int
	deposits     map[string]int

	structures []*structure
	byID       map[int64]*structure
	bySIRET    map[string]*structure
	accounts   map[string]*account

	clientSecret string // the PISTE application's secret when changed by SetClientSecret
	outcomes     []*Outcome
	noResultCode int
	depositLog   []DepositRecord
	integrated   map[string]bool // supplier+number+year of every accepted document (duplicate rule)

	fluxes     map[string]*flux
	pending    []*flux // fluxes whose invoices are not created yet, oldest first
	invoices   map[int64]*invoiceRec
	invoiceIDs []int64 // creation order
	seqFlux    int64
	seqInvoice int64
	seqHisto   int64
}

func newState(latency time.Duration) *state {
	s := &state{
		latency:      latency,
		tokens:       map[string]time.Time{},
		subscribed:   map[string]bool{},
		expired:      map[string]bool{},
		endpoints:    map[string]int{},
		deposits:     map[string]int{},
		byID:         map[int64]*structure{},
		bySIRET:      map[string]*structure{},
		accounts:     map[string]*account{},
		fluxes:       map[string]*flux{},
		invoices:     map[int64]*invoiceRec{},
		seqInvoice:   100000000,
		integrated:   map[string]bool{},
		noResultCode: codeNoResult,
	}
	s.structures = seedStructures()
	for _, st := range s.structures {
		s.byID[st.id] = st
		s.bySIRET[st.siret] = st
	}
	for _, a := range seedAccounts() {
		s.accounts[a.login] = a
	}
	return s
}

// Counts is what GET /_emulator/requests returns: requests per endpoint path (including
// refused and faulted ones), access tokens issued, and accepted deposits per invoice number.
type Counts struct {
	Tokens    int            `json:"tokens"`
	Endpoints map[string]int `json:"endpoints"`
	Deposits  map[string]int `json:"deposits"`
}

// Requests returns a snapshot of the counters.
func (e *Emulator) Requests() Counts {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Counts{Tokens: e.state.tokensIssued, Endpoints: maps.Clone(e.state.endpoints),
		Deposits: maps.Clone(e.state.deposits)}
}

// ResetCounts zeroes the counters (not the tokens, fluxes or invoices).
func (e *Emulator) ResetCounts() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.tokensIssued = 0
	e.state.endpoints = map[string]int{}
	e.state.deposits = map[string]int{}
}

// SetLatency sets the delay added before every /cpro and token response.
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.latency = d
}

// SetSubscribed attaches or detaches one API ("factures", "structures", "utilisateurs",
// "transverses") from the PISTE application; detached APIs answer 403 with an empty body.
func (e *Emulator) SetSubscribed(api string, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.subscribed[api] = ok
}

// ExpirePassword makes the technical account's password expired: its calls get 401 like a
// wrong password, and structures/consulter shows an expiry date in the past.
func (e *Emulator) ExpirePassword(login string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.expired[login] = true
}

// SetAccountPassword changes a technical account's password (as a reset in Chorus Pro
// would): the old one is refused from then on.
func (e *Emulator) SetAccountPassword(login, password string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.state.accounts[login]
	if a == nil || password == "" {
		return fmt.Errorf("emulator: no technical account %q, or an empty password", login)
	}
	a.password = password
	delete(e.state.expired, login)
	return nil
}

// SetClientSecret changes the secret of the instance's PISTE application (as regenerating it
// in PISTE would): the old one gets 400 invalid_client from then on.
func (e *Emulator) SetClientSecret(secret string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state.clientSecret = secret
}
