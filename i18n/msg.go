package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Msg is a message kept for later: a catalog key and its arguments, stored instead of the
// rendered sentence so a record written in one language reads in the other, and a corrected
// translation reaches old records too.
//
// Arguments survive JSON with their kind: strings, integers, booleans, decimals, durations
// (written for people when rendered), calendar days (Day) and nested messages (rendered in
// the reader's language). Any other value is kept as its text.
type Msg struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// M makes a Msg.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Text renders the message in lang.
func (m Msg) Text(lang Lang) string { return T(lang, m.Key, m.Args...) }

// Localize renders the message in lang (a Msg is a Localizer, so it nests in others).
func (m Msg) Localize(lang Lang) string { return m.Text(lang) }

// Day is a calendar day, YYYY-MM-DD, rendered in the reader's form (FormatDate).
type Day string

// Localize writes the day as lang does; a text that is not a day is kept as it is.
func (d Day) Localize(lang Lang) string {
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return string(d)
	}
	return FormatDate(lang, t)
}

// The JSON of an argument that is not a plain string, integer or boolean.
type argJSON struct {
	Msg      *Msg           `json:"msg,omitempty"`
	Duration *time.Duration `json:"duration_ns,omitempty"`
	Decimal  *float64       `json:"decimal,omitempty"`
	Day      *Day           `json:"day,omitempty"`
}

// MarshalJSON writes the arguments with their kinds.
func (m Msg) MarshalJSON() ([]byte, error) {
	type wire struct {
		Key  string            `json:"key"`
		Args []json.RawMessage `json:"args,omitempty"`
	}
	w := wire{Key: m.Key}
	for _, a := range m.Args {
		b, err := marshalArg(a)
		if err != nil {
			return nil, err
		}
		w.Args = append(w.Args, b)
	}
	return json.Marshal(w)
}

func marshalArg(a any) ([]byte, error) {
	switch v := a.(type) {
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return json.Marshal(v)
	case Msg:
		return json.Marshal(argJSON{Msg: &v})
	case *Error:
		return json.Marshal(argJSON{Msg: &Msg{Key: v.Key, Args: v.Args}})
	case time.Duration:
		return json.Marshal(argJSON{Duration: &v})
	case float64:
		return json.Marshal(argJSON{Decimal: &v})
	case float32:
		f := float64(v)
		return json.Marshal(argJSON{Decimal: &f})
	case Day:
		return json.Marshal(argJSON{Day: &v})
	case fmt.Stringer:
		return json.Marshal(v.String())
	case error:
		return json.Marshal(v.Error())
	}
	return json.Marshal(fmt.Sprint(a))
}

// UnmarshalJSON reads the arguments back with their kinds: a %d needs an integer, not the
// float64 JSON would give.
func (m *Msg) UnmarshalJSON(b []byte) error {
	var w struct {
		Key  string            `json:"key"`
		Args []json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	m.Key, m.Args = w.Key, nil
	for _, raw := range w.Args {
		a, err := unmarshalArg(raw)
		if err != nil {
			return err
		}
		m.Args = append(m.Args, a)
	}
	return nil
}

func unmarshalArg(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, fmt.Errorf("i18n: empty message argument")
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case 't', 'f':
		var v bool
		err := json.Unmarshal(raw, &v)
		return v, err
	case '{':
		var a argJSON
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		switch {
		case a.Msg != nil:
			return *a.Msg, nil
		case a.Duration != nil:
			return *a.Duration, nil
		case a.Decimal != nil:
			return *a.Decimal, nil
		case a.Day != nil:
			return *a.Day, nil
		}
		return nil, fmt.Errorf("i18n: unknown kind of message argument %s", raw)
	case 'n':
		return nil, nil
	}
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		return n, nil
	}
	var f float64
	err := json.Unmarshal(raw, &f)
	return f, err
}
