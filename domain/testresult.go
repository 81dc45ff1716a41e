package domain

import (
	"bytes"
	"encoding/json"
	"time"

	"chorusdesk/i18n"
)

// TestStep is one step of the connection test. Key and Args are the step's message as a
// catalog key and its arguments, so a kept result re-renders in whatever language the user
// picks later; Raw is the server's own code and label, shown as is beside the sentence.
// Results kept before keys existed have only Message (English): Text falls back to it.
type TestStep struct {
	Name    string `json:"name"` // setup, network, token, account, attachment
	OK      bool   `json:"ok"`
	Skipped bool   `json:"skipped,omitempty"`
	Message string `json:"message"` // rendered in the language of the run (older readers)
	Key     string `json:"key,omitempty"`
	Args    []any  `json:"args,omitempty"` // strings and integers only
	Raw     string `json:"raw,omitempty"`
	MS      int64  `json:"ms"`
}

// Text renders the step's message in lang, with the server's raw words after it.
func (s TestStep) Text(lang i18n.Lang) string {
	if s.Key == "" {
		return s.Message
	}
	msg := i18n.T(lang, s.Key, s.Args...)
	if s.Raw != "" {
		msg = i18n.T(lang, "api.with_raw", msg, s.Raw)
	}
	return msg
}

// UnmarshalJSON reads Args back with their types: JSON has only one number type, and a %d
// verb needs an integer.
func (s *TestStep) UnmarshalJSON(b []byte) error {
	type plain TestStep
	var raw struct {
		plain
		Args []json.RawMessage `json:"args,omitempty"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = TestStep(raw.plain)
	s.Args = nil
	for _, a := range raw.Args {
		dec := json.NewDecoder(bytes.NewReader(a))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		s.Args = append(s.Args, v)
	}
	return nil
}

// TestResult is the outcome of one Test run; the last one per company and environment is kept.
// Source and SetupFrom say whose setup was tested: the company's own, or the `*****` one that
// applies to it.
type TestResult struct {
	Company   string     `json:"company"`
	Env       Env        `json:"env"`
	Source    Source     `json:"source,omitempty"`
	SetupFrom string     `json:"setup_company,omitempty"`
	Time      time.Time  `json:"time"`
	OK        bool       `json:"ok"`
	Steps     []TestStep `json:"steps"`
}
