// Package domain holds the product's rules (companies, setups, the environment rule, the
// resolution rule, endpoints, credentials as bytes, safe display text; docs/rules.md). It is
// pure: no storage, no network, no Fyne. The GUI and the CLI reach it through package core.
package domain

// Env is a Chorus Pro environment. Sandbox is Chorus Pro "qualification".
type Env string

const (
	Sandbox    Env = "sandbox"
	Production Env = "production"
)

// Envs lists the environments in display order.
var Envs = []Env{Sandbox, Production}

// DefaultCode is the code of the default (fallback) company.
const DefaultCode = "*****"

// Company is a legal entity of the firm. ID is an opaque random identifier used as the
// storage key and in the sealing identity; Code is what users see and type.
type Company struct {
	ID    string `json:"id"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	SIRET string `json:"siret,omitempty"`
}

// IsDefault reports whether c is the `*****` fallback company.
func (c Company) IsDefault() bool { return c.Code == DefaultCode }

// Field names one of the four credential fields of a slot. The string values are stable:
// they are part of the sealing identity of every secret (docs/architecture.md, The vault's
// cryptography) and appear in validation messages.
type Field string

const (
	FieldClientID     Field = "client_id"
	FieldClientSecret Field = "client_secret"
	FieldLogin        Field = "login"
	FieldPassword     Field = "password"
)

// Fields lists the credential fields in form order.
var Fields = []Field{FieldClientID, FieldClientSecret, FieldLogin, FieldPassword}

// Slot is one environment slot of a setup as the user edits it: PISTE application + Chorus
// technical account, as text. It is the form's view of a setup (the window's entries and the
// command line hold text anyway); the transfer path never uses it: it gets Credentials, whose
// bytes it can wipe.
type Slot struct {
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	Login        string `json:"login,omitempty"`
	Password     string `json:"password,omitempty"`
}

// IsEmpty reports whether no field of the slot is filled.
func (c Slot) IsEmpty() bool {
	return c.ClientID == "" && c.ClientSecret == "" && c.Login == "" && c.Password == ""
}

// Get returns the value of field f.
func (c Slot) Get(f Field) string {
	switch f {
	case FieldClientID:
		return c.ClientID
	case FieldClientSecret:
		return c.ClientSecret
	case FieldLogin:
		return c.Login
	case FieldPassword:
		return c.Password
	}
	return ""
}

// Set sets field f to v.
func (c *Slot) Set(f Field, v string) {
	switch f {
	case FieldClientID:
		c.ClientID = v
	case FieldClientSecret:
		c.ClientSecret = v
	case FieldLogin:
		c.Login = v
	case FieldPassword:
		c.Password = v
	}
}

// Setup is a company's Chorus setup: the enabled flag, the optional ID tag and one
// credential slot per environment.
type Setup struct {
	Enabled    bool   `json:"enabled"`
	Tag        string `json:"tag,omitempty"`
	Sandbox    Slot   `json:"sandbox"`
	Production Slot   `json:"production"`
	// Expires is the expiry date of each slot's Chorus password (not a secret).
	Expires Expiry `json:"password_expires,omitzero"`
}

// Slot returns the credentials for env e.
func (s Setup) Slot(e Env) Slot {
	if e == Production {
		return s.Production
	}
	return s.Sandbox
}

// SetSlot replaces the credentials for env e.
func (s *Setup) SetSlot(e Env, c Slot) {
	if e == Production {
		s.Production = c
	} else {
		s.Sandbox = c
	}
}

// HasData reports whether the setup holds anything worth an overwrite confirmation when a
// setup is moved onto it.
func (s Setup) HasData() bool {
	return s.Enabled || s.Tag != "" || !s.Sandbox.IsEmpty() || !s.Production.IsEmpty()
}

// Endpoints are the two URLs of an environment: the OAuth token URL and the API base URL.
type Endpoints struct {
	OAuthURL string `json:"oauth_url"`
	APIURL   string `json:"api_url"`
}

// Source says which setup the resolution rule picked.
type Source string

const (
	SourceSpecific Source = "specific"
	SourceDefault  Source = "default"
	SourceNone     Source = "none"
)

// Resolution is the outcome of the resolution rule (Resolve) for one company and environment.
// Transfer is false when the invoice must not be transferred; Reason then says why.
// Warning is set when the `*****` fallback is used.
type Resolution struct {
	Company   string `json:"company"`
	Env       Env    `json:"env"`
	Source    Source `json:"source"`
	Transfer  bool   `json:"transfer"`
	Reason    string `json:"reason"`
	Warning   string `json:"warning,omitempty"`
	SetupFrom string `json:"setup_company,omitempty"` // code of the company whose setup applies
}
