package domain

import (
	"errors"
	"fmt"
)

// Credentials are the opened fields of ONE slot on their way to the network: the PISTE client
// ID and secret for the token request, the Chorus login and password for the cpro-account
// header. They stay bytes from the vault to the place where the request is built, so the
// holder can wipe them (Wipe) as soon as that is done; a Go string could not be wiped. Fields
// not asked for are nil. Printing Credentials (fmt, %v, %#v) never shows a value, and they
// refuse to be written as JSON.
type Credentials struct {
	ClientID     []byte
	ClientSecret []byte
	Login        []byte
	Password     []byte
}

// Wipe zeroes b in place. It is the one wipe helper of the program: key material, passwords
// read from a prompt or an environment variable, opened credentials. clear on a slice that
// escapes to the heap is not optimised away.
func Wipe(b []byte) { clear(b) }

// Wipe zeroes every field and drops it.
func (c *Credentials) Wipe() {
	for _, b := range []*[]byte{&c.ClientID, &c.ClientSecret, &c.Login, &c.Password} {
		Wipe(*b)
		*b = nil
	}
}

// Get returns field f (the holder's bytes, not a copy).
func (c Credentials) Get(f Field) []byte {
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
	return nil
}

// Set makes b field f; the Credentials now own b (Wipe zeroes it).
func (c *Credentials) Set(f Field, b []byte) {
	switch f {
	case FieldClientID:
		c.ClientID = b
	case FieldClientSecret:
		c.ClientSecret = b
	case FieldLogin:
		c.Login = b
	case FieldPassword:
		c.Password = b
	}
}

// Has reports whether field f is filled.
func (c Credentials) Has(f Field) bool { return len(c.Get(f)) > 0 }

// IsEmpty reports whether no field is filled.
func (c Credentials) IsEmpty() bool {
	return len(c.ClientID) == 0 && len(c.ClientSecret) == 0 && len(c.Login) == 0 && len(c.Password) == 0
}

// CredentialsOf copies the text of a slot into fresh Credentials (the caller wipes them). It
// is for callers that only have text, such as tests and a form being tried before it is saved;
// the strings themselves cannot be wiped.
func CredentialsOf(s Slot) Credentials {
	var c Credentials
	for _, f := range Fields {
		if v := s.Get(f); v != "" {
			c.Set(f, []byte(v))
		}
	}
	return c
}

// Format shows which fields are filled, never a value, whatever the verb.
func (c Credentials) Format(st fmt.State, _ rune) {
	_, _ = fmt.Fprint(st, "domain.Slot{")
	for i, f := range Fields {
		if i > 0 {
			_, _ = fmt.Fprint(st, " ")
		}
		state := "empty"
		if c.Has(f) {
			state = "set"
		}
		_, _ = fmt.Fprintf(st, "%s:%s", f, state)
	}
	_, _ = fmt.Fprint(st, "}")
}

// ErrCredentialsJSON is returned by json.Marshal of Credentials: secrets are never serialised.
var ErrCredentialsJSON = errors.New("domain: credentials are never written as JSON")

// MarshalJSON refuses: an opened secret must not end up in a file, a log or a response.
func (Credentials) MarshalJSON() ([]byte, error) { return nil, ErrCredentialsJSON }

// ErrLocked is the error of anything that needs the vault's keys while the vault is locked
// (core.ErrLocked is this value): a credential holder that was wiped by the lock answers it
// too, so callers wait for an unlock instead of counting a failure.
var ErrLocked = errors.New("the vault is locked: unlock it with the master password")
