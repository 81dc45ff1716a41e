package core

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// Import with a plan. PlanImport reads a bundle and says, per company of the bundle (its
// company record: name and SIRET; and its setup) and per setting, what an import would do,
// without writing anything; ApplyImport then does it. Both faces show the plan (the window
// in a dialog, the command line before asking) and apply only once the user agrees.
//
// A part the vault holds and the bundle holds differently is replaced only when the local
// copy is not newer than the bundle's: one changed here after the bundle's copy was made is a
// conflict, kept unless the user asks for the bundle's (ImportOptions.OverwriteNewer). The
// times compared are the records' change times (changestamp.go), the bundle's own per record
// when it carries them, else the time the bundle was made. Companies the bundle does not hold
// are kept. The active environment is never switched by an import.

// ImportAction says what an import does with one part.
type ImportAction string

const (
	ImportAdd      ImportAction = "add"      // not here yet: added
	ImportChange   ImportAction = "change"   // here, not newer than the bundle's copy, different: replaced
	ImportSame     ImportAction = "same"     // here and equal: nothing to do
	ImportKeep     ImportAction = "keep"     // only here (the bundle does not hold it): kept
	ImportConflict ImportAction = "conflict" // changed here after the bundle's copy: kept unless OverwriteNewer
)

// ImportDiff is one difference between the local copy and the bundle's. A secret (PISTE
// secret, Chorus password) is never shown: Secret is true and Old/New are empty.
type ImportDiff struct {
	Env    domain.Env `json:"env,omitempty"` // "" for a field that is not a slot's
	Field  string     `json:"field"`         // name, siret, enabled, tag, a domain.Field, password_expires, oauth_url, api_url, autolock
	Old    string     `json:"old,omitempty"`
	New    string     `json:"new,omitempty"`
	Secret bool       `json:"secret,omitempty"`
}

// ImportPart is what happens to one part: a company record, a setup or a setting.
type ImportPart struct {
	Action  ImportAction `json:"action"`
	Changes []ImportDiff `json:"changes,omitempty"`
	// Here is when the local copy last changed, Bundle when the bundle's copy did (zero when
	// unknown); shown for conflicts.
	Here   time.Time `json:"here,omitzero"`
	Bundle time.Time `json:"bundle,omitzero"`
}

// CompanyImport is the plan for one company.
type CompanyImport struct {
	Code    string     `json:"code"`
	Company ImportPart `json:"company"` // name and SIRET
	Setup   ImportPart `json:"setup"`
}

// SettingImport is the plan for one setting: the endpoints of one environment, or the
// auto-lock delay (Env empty).
type SettingImport struct {
	Setting string     `json:"setting"` // "endpoints" or "autolock"
	Env     domain.Env `json:"env,omitempty"`
	Part    ImportPart `json:"part"`
}

// ImportOptions choose how conflicts are settled.
type ImportOptions struct {
	// OverwriteNewer takes the bundle's copy of a part changed here after the bundle's copy
	// was made. Without it such a part is kept as it is here.
	OverwriteNewer bool
}

// ImportPlan is what an import of one bundle would do to the vault as it is now. It holds no
// secret in clear: the bundle's setups are already sealed under this vault. It is valid until
// the vault changes: ApplyImport then refuses it (ErrImportStale) and a new plan is needed.
type ImportPlan struct {
	Created   time.Time       `json:"created"`   // when the bundle was made
	Companies []CompanyImport `json:"companies"` // the bundle's, in its order, then the ones only here
	Settings  []SettingImport `json:"settings"`
	// ActiveEnv is this vault's active environment, which an import never switches; BundleEnv
	// the one of the desk that made the bundle.
	ActiveEnv domain.Env `json:"active_env"`
	BundleEnv domain.Env `json:"bundle_env,omitempty"`

	p *importPlan
}

// ErrImportStale is ApplyImport's answer when the vault changed since the plan was made.
var ErrImportStale = i18n.Errorf("secrets.import.stale")

// Problems lists why the import cannot be applied with opt (the environment rule, or a SIRET
// already used, across the vault as it would be); empty when it can.
func (p ImportPlan) Problems(opt ImportOptions) []Problem {
	if p.p == nil {
		return nil
	}
	return p.p.problems[opt.OverwriteNewer]
}

// Conflicts counts the parts changed here after the bundle's copy.
func (p ImportPlan) Conflicts() int { return p.count(ImportConflict) }

// Pending reports whether applying with opt would write anything.
func (p ImportPlan) Pending(opt ImportOptions) bool {
	n := p.count(ImportAdd) + p.count(ImportChange)
	if opt.OverwriteNewer {
		n += p.Conflicts()
	}
	return n > 0
}

func (p ImportPlan) count(a ImportAction) int {
	n := 0
	for _, c := range p.Companies {
		if c.Company.Action == a {
			n++
		}
		if c.Setup.Action == a {
			n++
		}
	}
	for _, s := range p.Settings {
		if s.Part.Action == a {
			n++
		}
	}
	return n
}

// applies reports whether a part with action a is written under opt.
func applies(a ImportAction, opt ImportOptions) bool {
	return a == ImportAdd || a == ImportChange || (a == ImportConflict && opt.OverwriteNewer)
}

// importPlan is the writing side of a plan.
type importPlan struct {
	created     time.Time
	entries     []importEntry
	settings    []settingOp
	fingerprint [32]byte
	problems    map[bool][]Problem // by OverwriteNewer
}

// importEntry is one company of the bundle, ready to be written.
type importEntry struct {
	c            domain.Company // as the bundle has it (this vault's ID)
	isNew        bool
	company      ImportAction
	setup        ImportAction
	companyTime  time.Time // the bundle's change times, written as the records' own
	setupTime    time.Time
	companyValue []byte // the company record
	setupValue   []byte // the setup record, sealed under this vault
}

type settingOp struct {
	key    []byte
	value  []byte
	action ImportAction
	when   time.Time
}

// PlanImport reads a bundle made by Export and plans its import: every company and setup is
// checked by the same rules as a save (a bundle that breaks them is refused with all its
// problems), then compared with the vault. Nothing is written. A wrong passphrase and a
// damaged file get the same message.
func (s *Service) PlanImport(r io.Reader, passphrase []byte) (ImportPlan, error) {
	doc, err := readBundle(r, passphrase)
	if err != nil {
		return ImportPlan{}, err
	}
	var plan ImportPlan
	err = s.withVault(func(v *storage.Vault) error {
		return s.view(func(txn storage.Tx) error {
			var err error
			plan, err = planImport(txn, v, doc)
			return err
		})
	})
	return plan, err
}

// ApplyImport writes what plan says, all or nothing, with one audit line: added and changed
// parts, conflicts as opt says (kept, or the bundle's taken). The active environment is not
// touched. A plan with nothing to write is still audited (the user asked for it). A plan made before the vault changed is refused with ErrImportStale; a plan whose
// result would break the environment rule is refused with its problems.
func (s *Service) ApplyImport(plan ImportPlan, opt ImportOptions) (ImportReport, error) {
	p := plan.p
	if p == nil {
		return ImportReport{}, ErrImportStale
	}
	if ps := p.problems[opt.OverwriteNewer]; len(ps) > 0 {
		return ImportReport{}, validationError(ps)
	}
	rep := plan.report(opt)
	err := s.withVault(func(*storage.Vault) error {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		if s.rules != nil { // rebuilt on the next save: many setups change at once
			clear(s.rules.key)
			s.rules = nil
		}
		return s.kvUpdate(func(txn storage.Tx) error {
			fp, err := importFingerprint(txn)
			if err != nil {
				return err
			}
			if fp != p.fingerprint {
				return ErrImportStale
			}
			if err := p.write(txn, opt); err != nil {
				return err
			}
			return s.addAudit(txn, ActionImport, "", plan.auditDetail(opt))
		})
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// Import plans and applies a bundle in one go, keeping what was changed here after the
// bundle's copy (the window's and the command line's confirmation go through PlanImport).
func (s *Service) Import(r io.Reader, passphrase []byte) (ImportReport, error) {
	plan, err := s.PlanImport(r, passphrase)
	if err != nil {
		return ImportReport{}, err
	}
	return s.ApplyImport(plan, ImportOptions{})
}

// readBundle opens and decodes a bundle. The plaintext buffer is wiped; what JSON decoding
// made of it (strings) is dropped when the plan is made.
func readBundle(r io.Reader, passphrase []byte) (exportDoc, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxBundleSize+1))
	if err != nil {
		return exportDoc{}, err
	}
	if len(raw) > maxBundleSize {
		return exportDoc{}, i18n.Errorf("core.import.format")
	}
	plain, err := storage.OpenWithPassphrase(passphrase, raw)
	if err != nil {
		// One message for a wrong passphrase and a damaged file: telling them apart would
		// tell a guesser when the passphrase was right.
		return exportDoc{}, i18n.Errorf("core.import.damaged")
	}
	defer domain.Wipe(plain)
	return decodeExport(plain)
}

// importProblem says which company of the bundle a problem is about.
func importProblem(code string, p Problem) Problem {
	e := i18n.Errorf("core.import.company", code, p.Message)
	return Problem{Env: p.Env, Field: p.Field, Message: e.Error(), Key: e.Key, Args: e.Args}
}

// bundleCompany is one validated company of the bundle.
type bundleCompany struct {
	c             domain.Company
	st            domain.Setup
	changed       time.Time
	setupChanged  time.Time
	existing      bool
	local         domain.Company
	localSetup    domain.Setup
	localRuleView domain.Setup // client IDs, secrets and logins only
}

// planImport validates doc, compares it with the vault and seals what it would write.
func planImport(txn storage.Tx, v *storage.Vault, doc exportDoc) (ImportPlan, error) {
	existing, err := allCompanies(txn)
	if err != nil {
		return ImportPlan{}, err
	}
	byCode := map[string]domain.Company{}
	for _, c := range existing {
		byCode[c.Code] = c
	}
	var ps []Problem
	var bcs []*bundleCompany
	seen := map[string]bool{}
	for _, ec := range doc.Companies {
		bc, eps := validateCompany(ec, byCode)
		if len(eps) > 0 {
			ps = append(ps, eps...)
			continue
		}
		if seen[bc.c.Code] {
			ps = append(ps, keyedProblem("", "code", "core.import.duplicate", bc.c.Code))
			continue
		}
		seen[bc.c.Code] = true
		if bc.changed.IsZero() {
			bc.changed = doc.Created
		}
		if bc.setupChanged.IsZero() {
			bc.setupChanged = doc.Created
		}
		bcs = append(bcs, bc)
	}
	settings, sps := validateSettings(doc)
	ps = append(ps, sps...)
	if len(ps) > 0 {
		return ImportPlan{}, validationError(ps)
	}

	plan := ImportPlan{Created: doc.Created.UTC(), BundleEnv: doc.Settings.ActiveEnv}
	if plan.ActiveEnv, err = activeEnv(txn); err != nil {
		return ImportPlan{}, err
	}
	p := &importPlan{created: doc.Created, problems: map[bool][]Problem{}}
	inBundle := map[string]bool{}
	for _, bc := range bcs {
		ci, entry, err := planEntry(txn, v, bc)
		if err != nil {
			return ImportPlan{}, err
		}
		inBundle[entry.c.ID] = true
		plan.Companies = append(plan.Companies, ci)
		p.entries = append(p.entries, entry)
	}
	var others []domain.SlotOwner // the setups the import leaves alone, as the rule sees them
	for _, c := range existing {
		if inBundle[c.ID] {
			continue
		}
		plan.Companies = append(plan.Companies, CompanyImport{Code: c.Code,
			Company: ImportPart{Action: ImportKeep}, Setup: ImportPart{Action: ImportKeep}})
		r, err := readSetupRecord(txn, c.ID)
		if err != nil {
			return ImportPlan{}, err
		}
		st, err := r.openFor(v, c, ruleFields)
		if err != nil {
			return ImportPlan{}, validationError([]Problem{problem("", "setup", err)})
		}
		others = append(others, domain.SlotOwner{CompanyID: c.ID, CompanyCode: c.Code, Setup: st})
	}
	for _, st := range settings {
		si, op, err := planSetting(txn, st)
		if err != nil {
			return ImportPlan{}, err
		}
		plan.Settings = append(plan.Settings, si)
		p.settings = append(p.settings, op)
	}
	p.problems[false] = checkResult(existing, others, bcs, p.entries, ImportOptions{})
	p.problems[true] = p.problems[false]
	if plan.Conflicts() > 0 { // the two choices differ only by the conflicts
		p.problems[true] = checkResult(existing, others, bcs, p.entries, ImportOptions{OverwriteNewer: true})
	}
	if p.fingerprint, err = importFingerprint(txn); err != nil {
		return ImportPlan{}, err
	}
	plan.p = p
	return plan, nil
}

// validateCompany checks one company of the bundle and matches it to a local one by code.
func validateCompany(ec exportCompany, byCode map[string]domain.Company) (*bundleCompany, []Problem) {
	var ps []Problem
	code, err := domain.NormalizeCode(ec.Code)
	if err != nil {
		return nil, []Problem{importProblem(ec.Code, problem("", "code", err))}
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
	st, expiryProblems := domain.NormalizeExpiry(st)
	for _, p := range problemsFromIssues(append(problems, expiryProblems...)) {
		ps = append(ps, importProblem(code, p))
	}
	local, ok := byCode[code]
	c := domain.Company{Code: code, Name: name, SIRET: siret}
	if ok {
		c.ID = local.ID
	}
	if c.IsDefault() { // the default company's name is fixed
		c.Name = DefaultCompanyName
		if ok {
			c.Name = local.Name
		}
	}
	return &bundleCompany{c: c, st: st, changed: ec.Changed, setupChanged: ec.SetupChanged, existing: ok, local: local}, ps
}

// decide compares a local part with the bundle's.
func decide(same bool, here, bundle time.Time) ImportAction {
	switch {
	case same:
		return ImportSame
	case here.After(bundle):
		return ImportConflict
	}
	return ImportChange
}

// planEntry plans one company of the bundle and prepares its records.
func planEntry(txn storage.Tx, v *storage.Vault, bc *bundleCompany) (CompanyImport, importEntry, error) {
	ci := CompanyImport{Code: bc.c.Code}
	e := importEntry{c: bc.c, isNew: !bc.existing, companyTime: bc.changed, setupTime: bc.setupChanged}
	if !bc.existing {
		id, err := newCompanyID()
		if err != nil {
			return ci, e, err
		}
		e.c.ID = id
		ci.Company = ImportPart{Action: ImportAdd, Changes: companyChanges(domain.Company{}, e.c)}
		e.company = ImportAdd
		ci.Setup = ImportPart{Action: ImportSame}
		if bc.st.HasData() {
			ci.Setup = ImportPart{Action: ImportAdd, Changes: setupDiff(domain.Setup{}, bc.st)}
		}
		e.setup = ci.Setup.Action
	} else {
		changes := companyChanges(bc.local, e.c)
		here, err := changedAt(txn, companyKey(e.c.ID))
		if err != nil {
			return ci, e, err
		}
		e.company = decide(len(changes) == 0, here, bc.changed)
		ci.Company = ImportPart{Action: e.company, Changes: changes, Here: here, Bundle: bc.changed}

		r, err := readSetupRecord(txn, e.c.ID)
		if err != nil {
			return ci, e, err
		}
		if bc.localSetup, err = r.openFor(v, bc.local, nil); err != nil {
			var unreadable *UnreadableSetupError
			if !errors.As(err, &unreadable) {
				return ci, e, err
			}
			// A setup that no longer opens is replaced, as a save would: the import repairs it.
			bc.localSetup = domain.Setup{}
		}
		bc.localRuleView = ruleView(bc.localSetup)
		diff := setupDiff(bc.localSetup, bc.st)
		if here, err = changedAt(txn, setupKey(e.c.ID)); err != nil {
			return ci, e, err
		}
		e.setup = decide(len(diff) == 0, here, bc.setupChanged)
		ci.Setup = ImportPart{Action: e.setup, Changes: diff, Here: here, Bundle: bc.setupChanged}
	}
	for _, p := range []*ImportPart{&ci.Company, &ci.Setup} {
		if p.Action != ImportConflict {
			p.Here, p.Bundle = time.Time{}, time.Time{}
		}
	}
	var err error
	if e.companyValue, err = json.Marshal(e.c); err != nil {
		return ci, e, err
	}
	rec, err := sealSetup(v, e.c.ID, bc.st)
	if err != nil {
		return ci, e, err
	}
	if e.setupValue, err = json.Marshal(rec); err != nil {
		return ci, e, err
	}
	return ci, e, nil
}

// ruleView keeps what the environment rule compares (client IDs, secrets, logins).
func ruleView(st domain.Setup) domain.Setup {
	out := domain.Setup{Enabled: st.Enabled, Tag: st.Tag}
	for _, e := range domain.Envs {
		var sl domain.Slot
		for _, f := range ruleFields {
			sl.Set(f, st.Slot(e).Get(f))
		}
		out.SetSlot(e, sl)
	}
	return out
}

// companyChanges lists what differs in a company record (the code is the match).
func companyChanges(old, new domain.Company) []ImportDiff {
	var out []ImportDiff
	if old.Name != new.Name && !new.IsDefault() {
		out = append(out, ImportDiff{Field: "name", Old: old.Name, New: new.Name})
	}
	if old.SIRET != new.SIRET {
		out = append(out, ImportDiff{Field: "siret", Old: old.SIRET, New: new.SIRET})
	}
	return out
}

// setupDiff lists what differs between two setups, secrets masked.
func setupDiff(old, new domain.Setup) []ImportDiff {
	var out []ImportDiff
	if old.Enabled != new.Enabled {
		out = append(out, ImportDiff{Field: "enabled", Old: strconv.FormatBool(old.Enabled), New: strconv.FormatBool(new.Enabled)})
	}
	if old.Tag != new.Tag {
		out = append(out, ImportDiff{Field: "tag", Old: old.Tag, New: new.Tag})
	}
	for _, e := range domain.Envs {
		o, n := old.Slot(e), new.Slot(e)
		for _, f := range domain.Fields {
			ov, nv := o.Get(f), n.Get(f)
			if ov == nv {
				continue
			}
			ch := ImportDiff{Env: e, Field: string(f), Old: ov, New: nv}
			if f == domain.FieldClientSecret || f == domain.FieldPassword {
				ch.Old, ch.New, ch.Secret = secretState(ov), secretState(nv), true
			}
			out = append(out, ch)
		}
		if ox, nx := old.Expires.Get(e), new.Expires.Get(e); ox != nx {
			out = append(out, ImportDiff{Env: e, Field: domain.FieldPasswordExpires, Old: ox, New: nx})
		}
	}
	return out
}

// secretState stands for a secret in a change: whether it is filled, never what it is.
func secretState(v string) string {
	if v == "" {
		return ""
	}
	return "set"
}

// bundleSetting is one validated setting of the bundle.
type bundleSetting struct {
	key     []byte
	value   []byte
	changed time.Time
	setting string
	env     domain.Env
	diff    func(local []byte, ok bool) []ImportDiff
}

func validateSettings(doc exportDoc) ([]bundleSetting, []Problem) {
	var out []bundleSetting
	var ps []Problem
	in := doc.Settings
	for _, e := range domain.Envs {
		ep, ok := in.Endpoints[e]
		if !ok {
			continue // an old or partial bundle: the local endpoints stay
		}
		valid, err := domain.ValidateEndpoints(ep)
		if err != nil {
			ps = append(ps, problem(e, "endpoints", err))
			continue
		}
		b, err := json.Marshal(valid)
		if err != nil {
			ps = append(ps, problem(e, "endpoints", err))
			continue
		}
		env := e
		out = append(out, bundleSetting{key: endpointsKey(e), value: b, changed: orCreated(in.EndpointsChanged[e], doc.Created),
			setting: "endpoints", env: e, diff: func(local []byte, ok bool) []ImportDiff {
				cur := domain.DefaultEndpoints(env)
				if ok {
					_ = json.Unmarshal(local, &cur)
				}
				var ch []ImportDiff
				if cur.OAuthURL != valid.OAuthURL {
					ch = append(ch, ImportDiff{Field: "oauth_url", Old: cur.OAuthURL, New: valid.OAuthURL})
				}
				if cur.APIURL != valid.APIURL {
					ch = append(ch, ImportDiff{Field: "api_url", Old: cur.APIURL, New: valid.APIURL})
				}
				return ch
			}})
	}
	d := time.Duration(in.AutoLockSeconds) * time.Second
	if d < MinAutoLock || d > MaxAutoLock {
		ps = append(ps, keyedProblem("", "autolock", "core.autolock.range",
			int(MinAutoLock/time.Minute), int(MaxAutoLock/time.Hour)))
		return out, ps
	}
	secs := strconv.FormatInt(in.AutoLockSeconds, 10)
	out = append(out, bundleSetting{key: []byte(keyAutoLock), value: []byte(secs), changed: orCreated(in.AutoLockChanged, doc.Created),
		setting: "autolock", diff: func(local []byte, ok bool) []ImportDiff {
			cur := strconv.FormatInt(int64(DefaultAutoLock/time.Second), 10)
			if ok {
				cur = string(local)
			}
			if cur == secs {
				return nil
			}
			return []ImportDiff{{Field: "autolock", Old: cur, New: secs}}
		}})
	return out, ps
}

func orCreated(t, created time.Time) time.Time {
	if t.IsZero() {
		return created
	}
	return t
}

func planSetting(txn storage.Tx, bs bundleSetting) (SettingImport, settingOp, error) {
	local, ok, err := getValue(txn, bs.key)
	if err != nil {
		return SettingImport{}, settingOp{}, err
	}
	here, err := changedAt(txn, bs.key)
	if err != nil {
		return SettingImport{}, settingOp{}, err
	}
	changes := bs.diff(local, ok)
	action := decide(len(changes) == 0, here, bs.changed)
	part := ImportPart{Action: action, Changes: changes}
	if action == ImportConflict {
		part.Here, part.Bundle = here, bs.changed
	}
	return SettingImport{Setting: bs.setting, Env: bs.env, Part: part},
		settingOp{key: bs.key, value: bs.value, action: action, when: bs.changed}, nil
}

// checkResult checks the vault as it would be after applying with opt: SIRETs stay unique
// and the environment rule holds for every setup written.
func checkResult(existing []domain.Company, others []domain.SlotOwner, bcs []*bundleCompany, entries []importEntry, opt ImportOptions) []Problem {
	written := map[string]bool{}
	var merged []domain.Company
	owners := append([]domain.SlotOwner(nil), others...)
	for i, e := range entries {
		bc := bcs[i]
		written[e.c.ID] = true
		c := bc.local
		if applies(e.company, opt) {
			c = e.c
		}
		merged = append(merged, c)
		st := bc.localRuleView
		if applies(e.setup, opt) || !bc.existing {
			st = bc.st
		}
		owners = append(owners, domain.SlotOwner{CompanyID: e.c.ID, CompanyCode: e.c.Code, Setup: st})
	}
	for _, c := range existing {
		if !written[c.ID] {
			merged = append(merged, c)
		}
	}
	// Which client IDs and secrets each environment holds after the import: a setup none of
	// whose values is held by the other environment cannot break the rule, so the rule itself
	// (domain.CheckEnvironmentRule, which names the other company) runs only on the few that
	// might, instead of comparing every setup with every other.
	held := map[domain.Env]map[string]bool{domain.Sandbox: {}, domain.Production: {}}
	for _, o := range owners {
		for _, env := range domain.Envs {
			for _, f := range []domain.Field{domain.FieldClientID, domain.FieldClientSecret} {
				if v := o.Setup.Slot(env).Get(f); v != "" {
					held[env][ruleValue(f, v)] = true
				}
			}
		}
	}
	mayBreak := func(st domain.Setup) bool {
		for _, env := range domain.Envs {
			for _, f := range []domain.Field{domain.FieldClientID, domain.FieldClientSecret} {
				if v := st.Slot(env).Get(f); v != "" && held[env.Other()][ruleValue(f, v)] {
					return true
				}
			}
		}
		return false
	}
	var ps []Problem
	for i, e := range entries {
		if applies(e.company, opt) {
			for _, u := range uniqueness(merged, e.c) {
				if u.Field == "siret" { // codes are unique by construction
					ps = append(ps, importProblem(e.c.Code, u))
				}
			}
		}
		if applies(e.setup, opt) && mayBreak(bcs[i].st) {
			for _, is := range problemsFromIssues(domain.CheckEnvironmentRule(e.c.ID, e.c.Code, bcs[i].st, owners)) {
				ps = append(ps, importProblem(e.c.Code, is))
			}
		}
	}
	return ps
}

// ruleValue is a value as the environment rule compares it: client IDs without regard to
// case (as domain's sameCredential does, over-matching only sends more setups to the rule),
// secrets exactly.
func ruleValue(f domain.Field, v string) string {
	if f == domain.FieldClientID {
		return string(f) + "\x00" + strings.ToLower(strings.ToUpper(v))
	}
	return string(f) + "\x00" + v
}

// importFingerprint hashes every record a plan depends on, so ApplyImport can tell that the
// vault has not changed since the plan.
func importFingerprint(txn storage.Tx) ([32]byte, error) {
	h := sha256.New()
	for _, prefix := range []string{prefixCompany, prefixCodeIndex, prefixSetup, prefixEndpoints, keyAutoLock, prefixChangeTime} {
		err := txn.Scan([]byte(prefix), func(k, v []byte) error {
			var n [8]byte
			for _, part := range [][]byte{k, v} {
				putLen(n[:], len(part))
				h.Write(n[:])
				h.Write(part)
			}
			return nil
		})
		if err != nil {
			return [32]byte{}, err
		}
	}
	var out [32]byte
	h.Sum(out[:0])
	return out, nil
}

func putLen(b []byte, n int) {
	for i := range 8 {
		b[7-i] = byte(n >> (8 * i))
	}
}

// write applies the plan under opt in txn; the records written carry the bundle's times.
func (p *importPlan) write(txn storage.Tx, opt ImportOptions) error {
	replaced := map[string]bool{}
	for _, e := range p.entries {
		if applies(e.company, opt) {
			if err := txn.Set(companyKey(e.c.ID), e.companyValue); err != nil {
				return err
			}
			if err := stampAt(txn, companyKey(e.c.ID), e.companyTime); err != nil {
				return err
			}
			if e.isNew {
				if err := txn.Set(codeIndexKey(e.c.Code), []byte(e.c.ID)); err != nil {
					return err
				}
			}
		}
		if applies(e.setup, opt) {
			if err := txn.Set(setupKey(e.c.ID), e.setupValue); err != nil {
				return err
			}
			if err := stampAt(txn, setupKey(e.c.ID), e.setupTime); err != nil {
				return err
			}
			replaced[e.c.ID] = true
		}
	}
	// The last Test results were about the replaced setups (one scan for all of them).
	stale, err := listKeys(txn, []byte(prefixTestResult))
	if err != nil {
		return err
	}
	for _, k := range stale {
		id, _, _ := strings.Cut(strings.TrimPrefix(string(k), prefixTestResult), "/")
		if replaced[id] {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, s := range p.settings {
		if applies(s.action, opt) {
			if err := txn.Set(s.key, s.value); err != nil {
				return err
			}
			if err := stampAt(txn, s.key, s.when); err != nil {
				return err
			}
		}
	}
	return nil
}

// report counts what applying with opt writes.
func (p ImportPlan) report(opt ImportOptions) ImportReport {
	var r ImportReport
	for _, c := range p.Companies {
		if applies(c.Company.Action, opt) || applies(c.Setup.Action, opt) {
			r.Companies++
		}
		if applies(c.Setup.Action, opt) {
			r.Setups++
		}
		for _, a := range []ImportAction{c.Company.Action, c.Setup.Action} {
			switch {
			case a == ImportAdd:
				r.Added++
			case a == ImportChange:
				r.Changed++
			case a == ImportConflict && opt.OverwriteNewer:
				r.Overwritten++
			case a == ImportConflict:
				r.KeptNewer++
			}
		}
	}
	for _, s := range p.Settings {
		if applies(s.Part.Action, opt) {
			r.Settings++
		}
		switch {
		case s.Part.Action == ImportConflict && opt.OverwriteNewer:
			r.Overwritten++
		case s.Part.Action == ImportConflict:
			r.KeptNewer++
		}
	}
	return r
}

// auditDetail is the import's audit entry (never a value of a secret, nor of an identifier).
func (p ImportPlan) auditDetail(opt ImportOptions) i18n.Msg {
	r := p.report(opt)
	return i18n.M("secrets.import.audit", i18n.Day(p.Created.Format(domain.ISODate)), r.Companies, r.Added, r.Changed,
		r.Setups, r.Settings, r.KeptNewer, r.Overwritten, envWord(p.ActiveEnv))
}
