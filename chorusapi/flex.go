package chorusapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// FlexInt64 is an int64 that Chorus Pro sometimes sends as a JSON string ("12345"); both
// forms decode. It always encodes as a number, as the Swagger says.
type FlexInt64 int64

func (f *FlexInt64) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*f = 0
			return nil
		}
		b = []byte(s)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		// A float such as 1.0 still names an integer id.
		x, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || x != float64(int64(x)) {
			return fmt.Errorf("chorusapi: %q is not an integer", truncate(string(b), 40))
		}
		n = int64(x)
	}
	*f = FlexInt64(n)
	return nil
}

// FlexString is a string that Chorus Pro sometimes sends as a JSON number (a SIRET such as
// 99999999999999 in the official examples); both forms decode. It encodes as a string.
type FlexString string

func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
		return nil
	}
	var n json.Number
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&n); err != nil {
		return fmt.Errorf("chorusapi: expected a string or a number")
	}
	*f = FlexString(n.String())
	return nil
}

// FlexBool is a bool that may arrive as "true"/"false" or "OUI"/"NON".
type FlexBool bool

func (f *FlexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch strings.ToLower(strings.Trim(string(b), `"`)) {
	case "true", "oui", "1":
		*f = true
	case "false", "non", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("chorusapi: expected a boolean")
	}
	return nil
}

// envelope is the codeRetour/libelle pair every Chorus answer carries.
type envelope struct {
	CodeRetour FlexInt64  `json:"codeRetour"`
	Libelle    FlexString `json:"libelle"`
}

type parsedEnvelope struct {
	CodeRetour int
	Libelle    string
	noResult   bool // set by the client when a search answered "no result"
}

// parseEnvelope reads codeRetour/libelle from a JSON object; ok is false for anything else
// (HTML pages, empty bodies, arrays).
func parseEnvelope(body []byte) (parsedEnvelope, bool) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return parsedEnvelope{}, false
	}
	cr, ok := raw["codeRetour"]
	if !ok {
		return parsedEnvelope{}, false
	}
	var env envelope
	if err := json.Unmarshal(cr, &env.CodeRetour); err != nil {
		return parsedEnvelope{}, false
	}
	if lb, ok := raw["libelle"]; ok {
		_ = json.Unmarshal(lb, &env.Libelle)
	}
	return parsedEnvelope{CodeRetour: int(env.CodeRetour), Libelle: string(env.Libelle)}, true
}
