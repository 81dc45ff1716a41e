package core

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"chorusdesk/domain"
	"chorusdesk/storage"
)

// After any sequence of writes, the rule cache holds exactly what a cache rebuilt from disk
// with the same key would hold.
func TestRuleCacheStaysCoherent(t *testing.T) {
	s := openService(t)
	rng := rand.New(rand.NewPCG(1, 2))
	codes := []string{domain.DefaultCode}
	var bundle bytes.Buffer
	for step := range 120 {
		code := codes[rng.IntN(len(codes))]
		c, err := s.Company(code)
		if err != nil {
			t.Fatal(err)
		}
		switch op := rng.IntN(7); op {
		case 0:
			codes = append(codes, fmt.Sprintf("C%d", step))
			mustAdd(t, s, codes[len(codes)-1])
		case 1, 2:
			k := fmt.Sprint(rng.IntN(6)) // small pool: shared logins and refusals happen
			st := domain.Setup{Enabled: rng.IntN(2) == 0}
			st.SetSlot(domain.Envs[rng.IntN(2)], creds(k))
			_, _ = s.SaveSetup(c.ID, st)
		case 3:
			to, _ := s.Company(codes[rng.IntN(len(codes))])
			_ = s.MoveSetup(c.ID, to.ID, rng.IntN(2) == 0)
		case 4:
			if !c.IsDefault() {
				if err := s.RemoveCompany(c.ID); err != nil {
					t.Fatal(err)
				}
				codes = removeCode(codes, code)
			}
		case 5:
			_ = s.SetEnabled(c.ID, rng.IntN(2) == 0)
		case 6:
			if bundle.Len() == 0 {
				if err := s.Export(&bundle, []byte("p")); err != nil {
					t.Fatal(err)
				}
			} else if _, err := s.Import(bytes.NewReader(bundle.Bytes()), []byte("p")); err == nil {
				cs, _ := s.Companies()
				codes = codes[:0]
				for _, c := range cs {
					codes = append(codes, c.Code)
				}
			}
		}
		checkRuleCache(t, s, step)
	}
}

func removeCode(codes []string, code string) []string {
	out := codes[:0]
	for _, c := range codes {
		if c != code {
			out = append(out, c)
		}
	}
	return out
}

func checkRuleCache(t *testing.T, s *Service, step int) {
	t.Helper()
	err := s.withVault(func(v *storage.Vault) error {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		return s.kv.View(func(txn storage.Tx) error {
			cached, _, err := s.ruleOwners(txn, v, "")
			if err != nil {
				return err
			}
			fresh := &ruleCache{vault: v, key: cached.key, owners: map[string]domain.SlotOwner{}, dirty: map[string]bool{}}
			cs, err := allCompanies(txn)
			if err != nil {
				return err
			}
			for _, c := range cs {
				if err := fresh.load(txn, c); err != nil {
					return err
				}
			}
			if !maps.EqualFunc(cached.owners, fresh.owners, func(a, b domain.SlotOwner) bool { return a == b }) {
				t.Fatalf("step %d: rule cache differs from the disk", step)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
