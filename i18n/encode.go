package i18n

import (
	"bytes"
	"encoding/json"
	"sort"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// pluralOrder is the order the forms of a plural message are written in.
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// encodeFile writes messages as a go-i18n JSON message file: keys sorted (so two people
// adding keys rarely touch the same lines), two-space indent, text as typed (no \u escapes
// of <, > and &), a plain string for a message without plural forms and an object of its
// forms otherwise.
func encodeFile(msgs map[string]*goi18n.Message) ([]byte, error) {
	keys := make([]string, 0, len(msgs))
	for k := range msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  ")
		writeString(&b, k)
		b.WriteString(": ")
		m := msgs[k]
		if !hasPlural(m) {
			writeString(&b, m.Other)
			continue
		}
		f := forms(m)
		b.WriteString("{")
		first := true
		for _, form := range pluralOrder {
			s, ok := f[form]
			if !ok {
				continue
			}
			if !first {
				b.WriteString(",")
			}
			first = false
			b.WriteString("\n    ")
			writeString(&b, form)
			b.WriteString(": ")
			writeString(&b, s)
		}
		b.WriteString("\n  }")
	}
	b.WriteString("\n}\n")
	if !json.Valid(b.Bytes()) {
		return nil, errInvalidJSON
	}
	return b.Bytes(), nil
}

type encodeError string

func (e encodeError) Error() string { return string(e) }

const errInvalidJSON = encodeError("i18n: the encoded message file is not valid JSON")

// writeString writes s as a JSON string without escaping HTML characters.
func writeString(b *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimRight(tmp.Bytes(), "\n"))
}
