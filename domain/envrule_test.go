package domain

import (
	"strings"
	"testing"
)

func TestCheckEnvironmentRule(t *testing.T) {
	acme := SlotOwner{CompanyID: "id-acme", CompanyCode: "ACME", Setup: Setup{
		Sandbox:    Slot{ClientID: "app-sbx", ClientSecret: "sec-sbx", Login: "l", Password: "p"},
		Production: Slot{ClientID: "app-prd", ClientSecret: "sec-prd", Login: "l", Password: "p"}}}
	dflt := SlotOwner{CompanyID: "id-default", CompanyCode: DefaultCode, Setup: Setup{
		Production: Slot{ClientID: "dflt-prd", ClientSecret: "dflt-sec", Login: "l", Password: "p"}}}
	// self is this company's previously saved setup: it must be ignored (replaced by s).
	self := SlotOwner{CompanyID: "id-self", CompanyCode: "SELF", Setup: Setup{
		Production: Slot{ClientID: "old-sbx-now-prd", ClientSecret: "x", Login: "l", Password: "p"}}}
	others := []SlotOwner{self, acme, dflt}
	slot := func(id, sec string) Slot {
		return Slot{ClientID: id, ClientSecret: sec, Login: "me", Password: "pw"}
	}
	tests := []struct {
		name string
		s    Setup
		want []string // env/field/key/args
	}{
		{name: "no conflict", s: Setup{Sandbox: slot("mine-sbx", "s1"), Production: slot("mine-prd", "s2")}},
		{name: "same sandbox app as another company's sandbox is allowed", s: Setup{Sandbox: slot("app-sbx", "sec-sbx")}},
		{name: "sandbox ID is another company's production ID",
			s:    Setup{Sandbox: slot("app-prd", "mine")},
			want: []string{"sandbox/client_id/domain.envrule.sandbox.client_id/ACME"}},
		{name: "production ID and secret are another company's sandbox ones",
			s: Setup{Production: slot("app-sbx", "sec-sbx")},
			want: []string{"production/client_id/domain.envrule.production.client_id/ACME",
				"production/client_secret/domain.envrule.production.client_secret/ACME"}},
		{name: "client ID compared without case",
			s:    Setup{Production: slot("APP-SBX", "other")},
			want: []string{"production/client_id/domain.envrule.production.client_id/ACME"}},
		{name: "secret compared exactly",
			s: Setup{Production: slot("new", "SEC-SBX")}},
		{name: "the default company counts",
			s:    Setup{Sandbox: slot("dflt-prd", "dflt-sec")},
			want: []string{"sandbox/client_id/domain.envrule.sandbox.client_id/*****", "sandbox/client_secret/domain.envrule.sandbox.client_secret/*****"}},
		{name: "own other slot counts",
			s: Setup{Sandbox: slot("same", "same-sec"), Production: slot("same", "same-sec")},
			want: []string{"sandbox/client_id/domain.envrule.sandbox.client_id/SELF",
				"sandbox/client_secret/domain.envrule.sandbox.client_secret/SELF",
				"production/client_id/domain.envrule.production.client_id/SELF",
				"production/client_secret/domain.envrule.production.client_secret/SELF"}},
		{name: "own previously saved setup is replaced, not compared",
			s: Setup{Sandbox: slot("old-sbx-now-prd", "x")}},
		{name: "empty slots never conflict", s: Setup{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, is := range CheckEnvironmentRule("id-self", "SELF", tc.s, others) {
				requireCatalog(t, is.Err)
				args := make([]string, len(is.Err.Args))
				for i, a := range is.Err.Args {
					args[i] = a.(string)
				}
				got = append(got, string(is.Env)+"/"+is.Field+"/"+is.Err.Key+"/"+strings.Join(args, ","))
				for _, v := range []string{tc.s.Sandbox.ClientID, tc.s.Sandbox.ClientSecret, tc.s.Production.ClientID, tc.s.Production.ClientSecret} {
					if v != "" && (strings.Contains(is.Err.Error(), v) || strings.Contains(is.Err.Localize("fr"), v)) {
						t.Errorf("message %q carries the value %q", is.Err.Error(), v)
					}
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestEnvironmentRuleMessageNamesCompanyAndEnv(t *testing.T) {
	others := []SlotOwner{{CompanyID: "b", CompanyCode: "BETA", Setup: Setup{Production: fullSlot("x")}}}
	issues := CheckEnvironmentRule("a", "ALPHA", Setup{Sandbox: fullSlot("x")}, others)
	if len(issues) != 2 {
		t.Fatalf("want 2 issues, got %d", len(issues))
	}
	en, fr := issues[0].Err.Error(), issues[0].Err.Localize("fr")
	for _, want := range []string{"BETA", "production", "Sandbox PISTE client ID"} {
		if !strings.Contains(en, want) {
			t.Errorf("English %q lacks %q", en, want)
		}
	}
	for _, want := range []string{"BETA", "production", "bac à sable"} {
		if !strings.Contains(fr, want) {
			t.Errorf("French %q lacks %q", fr, want)
		}
	}
}

func TestSharedLoginWarnings(t *testing.T) {
	others := []SlotOwner{
		{CompanyID: "me", CompanyCode: "ME", Setup: Setup{Sandbox: fullSlot("mine")}},
		{CompanyID: "a", CompanyCode: "A", Setup: Setup{Sandbox: Slot{Login: "shared@x.fr"}, Production: Slot{Login: "shared@x.fr"}}},
		{CompanyID: "b", CompanyCode: "B", Setup: Setup{Sandbox: Slot{Login: "SHARED@x.fr"}}},
		{CompanyID: "c", CompanyCode: "C", Setup: Setup{Production: Slot{Login: "other"}}},
	}
	s := Setup{Sandbox: Slot{Login: "shared@x.fr"}, Production: Slot{Login: "mine-login"}}
	got := SharedLoginWarnings("me", s, others)
	if len(got) != 1 {
		t.Fatalf("want 1 warning, got %v", got)
	}
	requireCatalog(t, got[0])
	if got[0].Key != "domain.shared_login.sandbox" || got[0].Args[0] != "A, B" {
		t.Fatalf("got %s %v", got[0].Key, got[0].Args)
	}
	if strings.Contains(got[0].Error(), "shared@x.fr") {
		t.Fatal("warning carries the login")
	}
	// The company's own saved setup never warns about itself.
	if w := SharedLoginWarnings("me", Setup{Sandbox: fullSlot("mine")}, others); len(w) != 0 {
		t.Fatalf("self warning: %v", w)
	}
	s.Production.Login = "shared@x.fr"
	if w := SharedLoginWarnings("me", s, others); len(w) != 2 || w[1].Key != "domain.shared_login.production" || w[1].Args[0] != "A" {
		t.Fatalf("production warning: %v", w)
	}
}
