package core

import (
	"encoding/json"
	"strconv"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// kvOp is one put or delete of a planned write.
type kvOp struct {
	Key    []byte
	Value  []byte
	Delete bool
}

func (o kvOp) apply(txn storage.Tx) error {
	if o.Delete {
		return txn.Delete(o.Key)
	}
	return txn.Set(o.Key, o.Value)
}

// writeAtomically applies ops and one audit entry all-or-nothing. An import of hundreds of
// companies is too big for one Badger transaction: storage then writes it through its redo
// journal, still all-or-nothing and crash-safe. The caller holds writeMu; the rule cache is
// rebuilt afterwards.
func (s *Service) writeAtomically(ops []kvOp, action string, detail ...i18n.Msg) error {
	if s.rules != nil {
		clear(s.rules.key)
		s.rules = nil
	}
	return s.kvUpdate(func(txn storage.Tx) error {
		for _, o := range ops {
			if err := o.apply(txn); err != nil {
				return err
			}
		}
		return s.addAudit(txn, action, "", detail...)
	})
}

// replacePlan is a document (a backup) that replaces the vault's companies, setups and
// settings, fully validated and ready to be written: the restore of backup.go. An import
// does not use it (importplan.go: an import never replaces newer local values nor switches
// the active environment; a restore puts the vault back as the backup had it).
type replacePlan struct {
	entries   []replaceEntry
	env       domain.Env
	endpoints map[domain.Env]domain.Endpoints
	autoLock  time.Duration
}

type replaceEntry struct {
	c     domain.Company
	st    domain.Setup
	isNew bool
}

// planCompany validates one company of the bundle and matches it to an existing one by code.
func planReplaceCompany(ec exportCompany, byCode map[string]domain.Company) (replaceEntry, []Problem) {
	var ps []Problem
	code, err := domain.NormalizeCode(ec.Code)
	if err != nil {
		return replaceEntry{}, []Problem{importProblem(ec.Code, problem("", "code", err))}
	}
	name, err := domain.ValidateName(ec.Name)
	if err != nil {
		ps = append(ps, importProblem(code, problem("", "name", err)))
	}
	siret, err := domain.ValidateSIRET(ec.SIRET)
	if err != nil {
		ps = append(ps, importProblem(code, problem("", "siret", err)))
	}
	st, _, problems := domain.NormalizeSetup(ec.Setup)
	for _, p := range problemsFromIssues(problems) {
		ps = append(ps, importProblem(code, p))
	}
	c, ok := byCode[code]
	if !ok {
		c = domain.Company{Code: code}
	}
	if !c.IsDefault() { // the default company's name is fixed
		c.Name = name
	} else if c.Name == "" {
		c.Name = DefaultCompanyName
	}
	c.SIRET = siret
	return replaceEntry{c: c, st: st, isNew: !ok}, ps
}

func (p *replacePlan) planSettings(in exportSettings) []Problem {
	var ps []Problem
	env, err := domain.ParseEnv(string(in.ActiveEnv))
	if err != nil {
		ps = append(ps, problem("", "env", err))
	}
	p.env = env
	p.endpoints = map[domain.Env]domain.Endpoints{}
	for _, e := range domain.Envs {
		ep, ok := in.Endpoints[e]
		if !ok {
			ep = domain.DefaultEndpoints(e)
		}
		valid, err := domain.ValidateEndpoints(ep)
		if err != nil {
			ps = append(ps, problem(e, "endpoints", err))
		}
		p.endpoints[e] = valid
	}
	p.autoLock = time.Duration(in.AutoLockSeconds) * time.Second
	if p.autoLock < MinAutoLock || p.autoLock > MaxAutoLock {
		ps = append(ps, keyedProblem("", "autolock", "core.autolock.range",
			int(MinAutoLock/time.Minute), int(MaxAutoLock/time.Hour)))
	}
	return ps
}

// checkAgainstVault checks SIRET uniqueness and the environment rule on the vault as it will
// be after the import: the imported companies plus the existing ones the bundle leaves alone.
func (p *replacePlan) checkAgainstVault(txn storage.Tx, v *storage.Vault, existing []domain.Company) []Problem {
	imported := map[string]bool{}
	var merged []domain.Company
	var owners []domain.SlotOwner
	for _, e := range p.entries {
		imported[e.c.ID] = true
		merged = append(merged, e.c)
		owners = append(owners, domain.SlotOwner{CompanyID: e.c.ID, CompanyCode: e.c.Code, Setup: e.st})
	}
	for _, c := range existing {
		if imported[c.ID] {
			continue
		}
		merged = append(merged, c)
		r, err := readSetupRecord(txn, c.ID)
		if err == nil {
			var st domain.Setup
			if st, err = r.openFor(v, c, ruleFields); err == nil {
				owners = append(owners, domain.SlotOwner{CompanyID: c.ID, CompanyCode: c.Code, Setup: st})
			}
		}
		if err != nil {
			return []Problem{problem("", "setup", err)}
		}
	}
	var ps []Problem
	for _, e := range p.entries {
		for _, u := range uniqueness(merged, e.c) {
			if u.Field == "siret" { // codes are unique by construction
				ps = append(ps, importProblem(e.c.Code, u))
			}
		}
		for _, is := range problemsFromIssues(domain.CheckEnvironmentRule(e.c.ID, e.c.Code, e.st, owners)) {
			ps = append(ps, importProblem(e.c.Code, is))
		}
	}
	return ps
}

// ops lists the writes of the plan, every secret sealed under this vault and the company's
// ID. It reads txn (for stale test results) but writes nothing.
func (p *replacePlan) ops(txn storage.Tx, v *storage.Vault) ([]kvOp, error) {
	var ops []kvOp
	put := func(k []byte, val []byte) { ops = append(ops, kvOp{Key: k, Value: val}) }
	for _, e := range p.entries {
		cb, err := json.Marshal(e.c)
		if err != nil {
			return nil, err
		}
		put(companyKey(e.c.ID), cb)
		put(codeIndexKey(e.c.Code), []byte(e.c.ID))
		rec, err := sealSetup(v, e.c.ID, e.st)
		if err != nil {
			return nil, err
		}
		rb, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		put(setupKey(e.c.ID), rb)
		keys, err := listKeys(txn, testResultPrefix(e.c.ID))
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			ops = append(ops, kvOp{Key: k, Delete: true})
		}
	}
	put([]byte(keyActiveEnv), []byte(p.env))
	for _, e := range domain.Envs {
		b, err := json.Marshal(p.endpoints[e])
		if err != nil {
			return nil, err
		}
		put(endpointsKey(e), b)
	}
	put([]byte(keyAutoLock), []byte(strconv.FormatInt(int64(p.autoLock/time.Second), 10)))
	return ops, nil
}

func (p *replacePlan) report() ImportReport {
	r := ImportReport{Companies: len(p.entries)}
	for _, e := range p.entries {
		if e.st.HasData() {
			r.Setups++
		}
	}
	return r
}
