package outbox

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"chorusdesk/chorusapi"
	"chorusdesk/domain"
)

// recipient is what the structures API says about a buyer (the pre-flight), following the
// official order: rechercher structure → consulter (which references are mandatory) →
// rechercher services (which services are active).
type recipient struct {
	found    bool
	inactive bool
	name     string
	params   chorusapi.ParametresStructure
	services []chorusapi.Service
}

// ReservedService is the service code Chorus Pro keeps for invoices between public bodies; a
// supplier using it gets the invoice rejected (OCA chorus_partner_service.py).
const ReservedService = "FACTURES_PUBLIQUES"

// problem returns why the invoice cannot go to this recipient, or nil.
func (r recipient) problem(it *Item) Text {
	switch {
	case !r.found:
		return msg("outbox.pf.unknown_buyer", it.BuyerSIRET)
	case r.inactive:
		return msg("outbox.pf.inactive_buyer", it.BuyerSIRET, r.name)
	case r.params.GestionNumeroEJOuCodeService && it.ServiceCode == "" && it.Commitment == "":
		return msg("outbox.pf.need_service_or_ej", r.name)
	case !r.params.GestionNumeroEJOuCodeService && r.params.CodeServiceDoitEtreRenseigne && it.ServiceCode == "":
		return msg("outbox.pf.need_service", r.name, r.activeCodes())
	case !r.params.GestionNumeroEJOuCodeService && r.params.NumeroEJDoitEtreRenseigne && it.Commitment == "":
		return msg("outbox.pf.need_ej", r.name)
	}
	if it.ServiceCode == "" {
		return nil
	}
	if strings.EqualFold(it.ServiceCode, ReservedService) {
		return msg("outbox.pf.reserved_service", it.ServiceCode)
	}
	if len(r.services) == 0 {
		return nil // the structure publishes no services: nothing to check against
	}
	for _, s := range r.services {
		if strings.EqualFold(s.CodeService, it.ServiceCode) {
			if !bool(s.EstActif) {
				return msg("outbox.pf.inactive_service", it.ServiceCode, r.name, r.activeCodes())
			}
			return nil
		}
	}
	return msg("outbox.pf.unknown_service", it.ServiceCode, r.name, r.activeCodes())
}

// activeCodes lists the active services a supplier may use, for messages.
func (r recipient) activeCodes() string {
	var codes []string
	for _, s := range r.services {
		if bool(s.EstActif) && !strings.EqualFold(s.CodeService, ReservedService) {
			codes = append(codes, s.CodeService)
		}
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		return "-"
	}
	return strings.Join(codes, ", ")
}

// preflightCache keeps recipients per environment and buyer SIRET for a TTL. Concurrent
// checks of the same buyer share one look-up (a batch of a thousand invoices to one recipient
// costs three calls, not three thousand). Errors are not cached.
type preflightCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]*pfEntry
}

type pfEntry struct {
	ready chan struct{} // closed when r/err are set
	r     recipient
	err   error
	at    time.Time
}

func newPreflightCache(ttl time.Duration) *preflightCache {
	return &preflightCache{ttl: ttl, m: map[string]*pfEntry{}}
}

// lookup returns the recipient for siret, from the cache or from Chorus Pro.
func (c *preflightCache) lookup(ctx context.Context, env domain.Env, siret string, now time.Time,
	fetch func(context.Context) (recipient, error)) (recipient, error) {
	key := string(env) + "/" + siret
	for {
		c.mu.Lock()
		e, ok := c.m[key]
		if ok {
			select {
			case <-e.ready:
				if e.err == nil && now.Sub(e.at) < c.ttl {
					c.mu.Unlock()
					return e.r, nil
				}
				ok = false // stale or failed: fetch again
			default:
			}
		}
		if !ok {
			e = &pfEntry{ready: make(chan struct{})}
			c.m[key] = e
			c.mu.Unlock()
			e.r, e.err = fetch(ctx)
			e.at = now
			close(e.ready)
			return e.r, e.err
		}
		c.mu.Unlock()
		select { // another worker is fetching: share its answer
		case <-e.ready:
			if e.err == nil {
				return e.r, nil
			}
			// its failure may be its own (its context ended): try ourselves
		case <-ctx.Done():
			return recipient{}, ctx.Err()
		}
	}
}

// forget drops the cached answer for siret.
func (c *preflightCache) forget(env domain.Env, siret string) {
	c.mu.Lock()
	delete(c.m, string(env)+"/"+siret)
	c.mu.Unlock()
}

// fetchRecipient asks the structures API about siret.
func fetchRecipient(ctx context.Context, cl *chorusapi.Client, siret string) (recipient, error) {
	list, err := cl.RechercherStructure(ctx, siret)
	if err != nil {
		return recipient{}, err
	}
	var s *chorusapi.Structure
	for i := range list {
		if string(list[i].IdentifiantStructure) == siret {
			s = &list[i]
			break
		}
	}
	if s == nil {
		return recipient{found: false}, nil
	}
	r := recipient{found: true, name: s.DesignationStructure}
	if st := strings.ToUpper(s.Statut); strings.HasPrefix(st, "INACTI") {
		r.inactive = true
		return r, nil
	}
	// The two look-ups need only the structure's id: ask both at once.
	var services []chorusapi.Service
	var serr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		services, serr = cl.RechercherServices(ctx, int64(s.IDStructureCPP))
	}()
	d, err := cl.ConsulterStructure(ctx, int64(s.IDStructureCPP))
	<-done
	if err != nil {
		return recipient{}, err
	}
	if serr != nil {
		return recipient{}, serr
	}
	r.params, r.services = d.Parametres, services
	if n := d.InformationGenerales.RaisonSocialeStructure; n != "" && r.name == "" {
		r.name = n
	}
	return r, nil
}
