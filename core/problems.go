package core

import (
	"errors"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// problem turns a domain validation error into a Problem naming the field.
func problem(env domain.Env, field string, err error) Problem {
	p := Problem{Env: env, Field: field, Message: err.Error()}
	var ue *UnreadableSetupError
	var ie *i18n.Error
	switch {
	case errors.As(err, &ue):
		p.Key, p.Args = "core.setup.unreadable", []any{ue.Company}
	case errors.As(err, &ie):
		p.Key, p.Args = ie.Key, ie.Args
	}
	return p
}

// keyedProblem builds a Problem from one of the core's own catalog keys.
func keyedProblem(env domain.Env, field, key string, args ...any) Problem {
	return problem(env, field, i18n.Errorf(key, args...))
}

func problemsFromIssues(issues []domain.Issue) []Problem {
	out := make([]Problem, 0, len(issues))
	for _, is := range issues {
		var err error = is.Err
		if is.Err == nil { // defensive: an issue always carries its message
			err = i18n.Errorf("core.setup.invalid")
		}
		out = append(out, problem(is.Env, is.Field, err))
	}
	return out
}

func validationError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

// Localize renders every problem in lang (the GUI shows them under the fields).
func (e *ValidationError) Localize(lang i18n.Lang) string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Localized(lang)
	}
	s := i18n.T(lang, "core.validation.several")
	for _, p := range e.Problems {
		s += "\n  - " + p.Localized(lang)
	}
	return s
}

// Localized renders the problem in lang, English when it has no catalog key.
func (p Problem) Localized(lang i18n.Lang) string {
	if p.Key == "" {
		return p.Message
	}
	return i18n.T(lang, p.Key, p.Args...)
}
