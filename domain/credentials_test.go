package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestCredentialsWipeZeroesTheBytes(t *testing.T) {
	c := CredentialsOf(Slot{ClientID: "id-1", ClientSecret: "secret-1", Login: "login-1", Password: "pw-1"})
	backing := [][]byte{c.ClientID, c.ClientSecret, c.Login, c.Password}
	c.Wipe()
	for i, b := range backing {
		for _, x := range b {
			if x != 0 {
				t.Fatalf("field %d not zeroed", i)
			}
		}
	}
	if !c.IsEmpty() || c.ClientSecret != nil {
		t.Fatal("wiped credentials still hold fields")
	}
	c.Wipe() // idempotent
}

func TestCredentialsOfCopiesAndSkipsEmpty(t *testing.T) {
	s := Slot{ClientID: "id", Login: "l"}
	c := CredentialsOf(s)
	if !c.Has(FieldClientID) || c.Has(FieldClientSecret) || c.Password != nil {
		t.Fatalf("%v", c)
	}
	c.ClientID[0] = 'X'
	if s.ClientID != "id" {
		t.Fatal("CredentialsOf shares memory with the slot")
	}
}

func TestCredentialsNeverPrintedNorSerialised(t *testing.T) {
	c := CredentialsOf(Slot{ClientID: "id-visible", ClientSecret: "s3cret-value", Login: "login", Password: "p4ss-value"})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(verb, c)
		for _, secret := range []string{"s3cret-value", "p4ss-value", fmt.Sprintf("%x", "s3cret-value"), "115 51 99"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows a value: %s", verb, out)
			}
		}
		if !strings.Contains(out, "client_secret:set") {
			t.Errorf("%s does not say which fields are set: %s", verb, out)
		}
	}
	if b, err := json.Marshal(c); !errors.Is(err, ErrCredentialsJSON) || b != nil {
		t.Fatalf("json.Marshal = %q, %v", b, err)
	}
	if _, err := json.Marshal(struct{ C Credentials }{c}); err == nil {
		t.Fatal("credentials inside a struct were serialised")
	}
}
