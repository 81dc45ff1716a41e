package domain

import (
	"slices"
	"testing"

	"chorusdesk/i18n"
)

// requireCatalog fails when err's key is missing from the English or the French catalog, so
// every message the domain can produce is proven to be translated.
func requireCatalog(t *testing.T, err *i18n.Error) {
	t.Helper()
	if err == nil {
		t.Fatal("nil *i18n.Error")
	}
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR} {
		if !slices.Contains(i18n.Keys(lang), err.Key) {
			t.Errorf("key %q missing from the %s catalog", err.Key, lang)
		}
	}
	if s := err.Localize(i18n.FR); s == err.Error() && len(err.Args) == 0 {
		t.Errorf("French text of %q equals the English text %q", err.Key, s)
	}
}

// asI18n asserts err is a catalogued *i18n.Error.
func asI18n(t *testing.T, err error) *i18n.Error {
	t.Helper()
	e, ok := err.(*i18n.Error)
	if !ok {
		t.Fatalf("error %v (%T) is not an *i18n.Error", err, err)
	}
	requireCatalog(t, e)
	return e
}

func langOf(s string) i18n.Lang { return i18n.Lang(s) }
