package core

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// ruleCache keeps, while the vault is unlocked, a fingerprint of every company's client IDs,
// secrets and logins, so a save checks the environment rule and the shared-login warning
// against 1,000 companies without opening 6,000 sealed values (targets: save ≤ 20 ms p99, UI
// cost flat up to 1,000 companies). Fingerprints are HMAC-SHA256 under a random key that
// lives only in memory and is wiped on Lock; nothing of it is ever written to disk.
//
// Comparing fingerprints is comparing values: client IDs and logins are case-folded before
// hashing, because the rule compares them case-insensitively (domain.sameCredential); secrets
// are hashed exactly. The cache is touched only under writeMu.
type ruleCache struct {
	vault  *storage.Vault // the unlocked vault it was built with; another one means rebuild
	key    []byte
	owners map[string]domain.SlotOwner // by company ID; only setups with credentials
	dirty  map[string]bool             // companies written since: reload before use
}

func (s *Service) dropRuleCache() {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.rules != nil {
		clear(s.rules.key)
		s.rules = nil
	}
}

// touchSetup records, inside a write transaction, that company id's setup (or the company)
// changed; the cache reloads it after the transaction commits.
func (s *Service) touchSetup(id string) {
	if s.txnTouched == nil {
		s.txnTouched = map[string]bool{}
	}
	s.txnTouched[id] = true
}

// commitTouched is called by update after a successful commit.
func (s *Service) commitTouched() {
	if s.rules != nil {
		for id := range s.txnTouched {
			s.rules.dirty[id] = true
		}
	}
	s.txnTouched = nil
}

func (c *ruleCache) fingerprint(f domain.Field, v string) string {
	if v == "" {
		return ""
	}
	if f == domain.FieldClientID || f == domain.FieldLogin {
		v = strings.ToLower(strings.ToUpper(v))
	}
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(f))
	m.Write([]byte{0})
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// fingerprints replaces every rule field of st by its fingerprint; passwords are dropped.
func (c *ruleCache) fingerprints(st domain.Setup) domain.Setup {
	out := domain.Setup{Enabled: st.Enabled, Tag: st.Tag}
	for _, e := range domain.Envs {
		var cr domain.Slot
		for _, f := range ruleFields {
			cr.Set(f, c.fingerprint(f, st.Slot(e).Get(f)))
		}
		out.SetSlot(e, cr)
	}
	return out
}

func (c *ruleCache) load(txn storage.Tx, comp domain.Company) error {
	r, err := readSetupRecord(txn, comp.ID)
	if err != nil {
		return err
	}
	if len(r.Sealed) == 0 {
		delete(c.owners, comp.ID)
		return nil
	}
	st, err := r.openFor(c.vault, comp, ruleFields)
	if err != nil {
		return err
	}
	c.owners[comp.ID] = domain.SlotOwner{CompanyID: comp.ID, CompanyCode: comp.Code, Setup: c.fingerprints(st)}
	return nil
}

// loadOrDefer loads comp; the company being saved may have an unreadable setup (the save
// replaces it), so its failure is deferred: it stays dirty and is reloaded after the save.
func (c *ruleCache) loadOrDefer(txn storage.Tx, comp domain.Company, exceptID string) error {
	err := c.load(txn, comp)
	if err != nil && comp.ID == exceptID {
		delete(c.owners, comp.ID)
		c.dirty[comp.ID] = true
		return nil
	}
	return err
}

// ruleOwners returns the fingerprinted setups of every company but exceptID, sorted by code
// (so a refusal names the same company every time), and the cache to fingerprint the setup
// being saved with. Caller holds writeMu.
func (s *Service) ruleOwners(txn storage.Tx, v *storage.Vault, exceptID string) (*ruleCache, []domain.SlotOwner, error) {
	c := s.rules
	if c == nil || c.vault != v {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, nil, err
		}
		c = &ruleCache{vault: v, key: key, owners: map[string]domain.SlotOwner{}, dirty: map[string]bool{}}
		cs, err := allCompanies(txn)
		if err != nil {
			return nil, nil, err
		}
		for _, comp := range cs {
			if err := c.loadOrDefer(txn, comp, exceptID); err != nil {
				return nil, nil, err
			}
		}
		if s.rules != nil {
			clear(s.rules.key)
		}
		s.rules = c
	}
	// Collect first: loadOrDefer may mark a company dirty again.
	dirty := slices.Collect(maps.Keys(c.dirty))
	clear(c.dirty)
	for _, id := range dirty {
		comp, err := getCompany(txn, id)
		switch {
		case errors.Is(err, ErrNotFound):
			delete(c.owners, id)
		case err != nil:
			c.dirty[id] = true
			return nil, nil, err
		default:
			if err := c.loadOrDefer(txn, comp, exceptID); err != nil {
				c.dirty[id] = true
				return nil, nil, err
			}
		}
	}
	out := make([]domain.SlotOwner, 0, len(c.owners))
	for id, o := range c.owners {
		if id != exceptID {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CompanyCode < out[j].CompanyCode })
	return c, out, nil
}
