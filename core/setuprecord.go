package core

import (
	"encoding/json"
	"errors"

	"chorusdesk/domain"
	"chorusdesk/i18n"
	"chorusdesk/storage"
)

// setupRecord is the stored form of a setup: the enabled flag and the tag in plain text,
// every non-empty credential field sealed under Identity{company ID, env, field}. An absent
// record is an empty, disabled setup.
type setupRecord struct {
	Enabled bool              `json:"enabled,omitempty"`
	Tag     string            `json:"tag,omitempty"`
	Sealed  map[string][]byte `json:"sealed,omitempty"` // "<env>/<field>" → sealed value
	Expires domain.Expiry     `json:"expires,omitzero"` // password expiry dates, not secret
}

func sealedName(e domain.Env, f domain.Field) string { return string(e) + "/" + string(f) }

func identity(companyID string, e domain.Env, f domain.Field) storage.Identity {
	return storage.Identity{CompanyID: companyID, Env: string(e), Field: string(f)}
}

func readSetupRecord(txn storage.Tx, id string) (setupRecord, error) {
	var r setupRecord
	v, err := txn.Get(setupKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	err = json.Unmarshal(v, &r)
	return r, err
}

func writeSetupRecord(txn storage.Tx, id string, r setupRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return txn.Set(setupKey(id), b)
}

// hasData mirrors domain.Setup.HasData without opening anything.
func (r setupRecord) hasData() bool { return r.Enabled || r.Tag != "" || len(r.Sealed) > 0 }

// slotFilled reports whether env e of the record holds credentials (slots are all-or-nothing).
func (r setupRecord) slotFilled(e domain.Env) bool {
	for _, f := range domain.Fields {
		if _, ok := r.Sealed[sealedName(e, f)]; ok {
			return true
		}
	}
	return false
}

// presence is the setup with a placeholder in every filled field: enough for the resolution
// rule, which looks only at the flag and at which slots are empty, without any key.
func (r setupRecord) presence() domain.Setup {
	st := domain.Setup{Enabled: r.Enabled, Tag: r.Tag}
	for _, e := range domain.Envs {
		var c domain.Slot
		for _, f := range domain.Fields {
			if _, ok := r.Sealed[sealedName(e, f)]; ok {
				c.Set(f, "*")
			}
		}
		st.SetSlot(e, c)
	}
	return st
}

// open decrypts the listed fields (all when fields is nil) of record r of company id. A value
// sealed for another record does not open: the error is storage.ErrTampered, never garbage.
func (r setupRecord) open(v *storage.Vault, id string, fields []domain.Field) (domain.Setup, error) {
	if fields == nil {
		fields = domain.Fields
	}
	st := domain.Setup{Enabled: r.Enabled, Tag: r.Tag, Expires: r.Expires}
	for _, e := range domain.Envs {
		var c domain.Slot
		for _, f := range fields {
			sealed, ok := r.Sealed[sealedName(e, f)]
			if !ok {
				continue
			}
			plain, err := v.Open(identity(id, e, f), sealed)
			if err != nil {
				return domain.Setup{}, err
			}
			c.Set(f, string(plain))
			domain.Wipe(plain)
		}
		st.SetSlot(e, c)
	}
	return st, nil
}

// openSlot decrypts the listed fields (all four when fields is empty) of ONE slot, env, of
// record r of company id, as bytes the caller owns and wipes (Credentials.Wipe). The other
// slot is not touched. On error nothing opened is left behind.
func (r setupRecord) openSlot(v *storage.Vault, id string, env domain.Env, fields []domain.Field) (domain.Credentials, error) {
	if len(fields) == 0 {
		fields = domain.Fields
	}
	var c domain.Credentials
	for _, f := range fields {
		sealed, ok := r.Sealed[sealedName(env, f)]
		if !ok || c.Has(f) {
			continue
		}
		plain, err := v.Open(identity(id, env, f), sealed)
		if err != nil {
			c.Wipe()
			return domain.Credentials{}, err
		}
		c.Set(f, plain)
	}
	return c, nil
}

// openSlotFor is openSlot with the company's code in the error.
func (r setupRecord) openSlotFor(v *storage.Vault, c domain.Company, env domain.Env, fields []domain.Field) (domain.Credentials, error) {
	cred, err := r.openSlot(v, c.ID, env, fields)
	if err != nil {
		return cred, &UnreadableSetupError{Company: c.Code, Err: err}
	}
	return cred, nil
}

// sealSetup seals every non-empty field of st for company id.
func sealSetup(v *storage.Vault, id string, st domain.Setup) (setupRecord, error) {
	r := setupRecord{Enabled: st.Enabled, Tag: st.Tag, Expires: st.Expires}
	for _, e := range domain.Envs {
		c := st.Slot(e)
		for _, f := range domain.Fields {
			val := c.Get(f)
			if val == "" {
				continue
			}
			sealed, err := v.Seal(identity(id, e, f), []byte(val))
			if err != nil {
				return setupRecord{}, err
			}
			if r.Sealed == nil {
				r.Sealed = map[string][]byte{}
			}
			r.Sealed[sealedName(e, f)] = sealed
		}
	}
	return r, nil
}

// UnreadableSetupError says which company's saved setup does not open (damaged, or sealed
// values copied from another record). It unwraps to the storage error (storage.ErrTampered).
// Saving that company's setup again replaces it.
type UnreadableSetupError struct {
	Company string
	Err     error
}

func (e *UnreadableSetupError) Error() string { return e.Localize(i18n.EN) }

// Localize renders the error in lang.
func (e *UnreadableSetupError) Localize(lang i18n.Lang) string {
	return i18n.T(lang, "core.setup.unreadable", e.Company)
}

func (e *UnreadableSetupError) Unwrap() error { return e.Err }

// openFor is open with the company's code in the error.
func (r setupRecord) openFor(v *storage.Vault, c domain.Company, fields []domain.Field) (domain.Setup, error) {
	st, err := r.open(v, c.ID, fields)
	if err != nil {
		return st, &UnreadableSetupError{Company: c.Code, Err: err}
	}
	return st, nil
}
