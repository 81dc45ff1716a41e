package core

import (
	"testing"
	"time"

	"chorusdesk/domain"
)

func TestActiveEnv(t *testing.T) {
	s := openService(t)
	if e, err := s.ActiveEnv(); err != nil || e != domain.Sandbox {
		t.Fatalf("default active env = %v, %v", e, err)
	}
	tests := []struct {
		in      domain.Env
		want    domain.Env
		wantErr bool
	}{
		{domain.Production, domain.Production, false},
		{"SANDBOX", domain.Sandbox, false},
		{"qualification", domain.Sandbox, true},
		{"", domain.Sandbox, true},
	}
	for _, tc := range tests {
		_, err := s.SetActiveEnv(tc.in, false)
		if (err != nil) != tc.wantErr {
			t.Fatalf("SetActiveEnv(%q) err = %v", tc.in, err)
		}
		if e, _ := s.ActiveEnv(); e != tc.want {
			t.Fatalf("after SetActiveEnv(%q): %v, want %v", tc.in, e, tc.want)
		}
	}
	var envs int
	a, _ := s.Audit()
	for _, e := range a {
		if e.Action == ActionEnv {
			envs++
		}
	}
	if envs != 2 {
		t.Fatalf("%d env audit entries, want 2 (one per actual switch)", envs)
	}
}

func TestEndpoints(t *testing.T) {
	s := openService(t)
	for _, e := range domain.Envs {
		ep, err := s.Endpoints(e)
		if err != nil || ep != domain.DefaultEndpoints(e) {
			t.Fatalf("default endpoints %s = %+v, %v", e, ep, err)
		}
	}
	local := domain.Endpoints{OAuthURL: "http://127.0.0.1:8080/api/oauth/token", APIURL: "http://127.0.0.1:8080"}
	tests := []struct {
		name    string
		env     domain.Env
		ep      domain.Endpoints
		wantErr bool
	}{
		{"emulator on loopback", domain.Sandbox, local, false},
		{"plain http elsewhere", domain.Production, domain.Endpoints{OAuthURL: "http://example.com/t", APIURL: "https://example.com"}, true},
		{"not a URL", domain.Production, domain.Endpoints{OAuthURL: "token", APIURL: "api"}, true},
		{"bad env", "prod", local, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.SetEndpoints(tc.env, tc.ep)
			if (err != nil) != tc.wantErr {
				t.Fatalf("SetEndpoints err = %v, wantErr %v", err, tc.wantErr)
			}
			if tc.wantErr {
				problemsOf(t, err)
				return
			}
			got, _ := s.Endpoints(tc.env)
			if got != tc.ep {
				t.Fatalf("Endpoints = %+v, want %+v", got, tc.ep)
			}
			if e := lastAudit(t, s); e.Action != ActionEndpoints {
				t.Fatalf("last audit %+v", e)
			}
		})
	}
	if p, _ := s.Endpoints(domain.Production); p != domain.DefaultEndpoints(domain.Production) {
		t.Fatal("a refused change altered production endpoints")
	}
}

func TestAutoLock(t *testing.T) {
	s := openService(t)
	if d, err := s.AutoLockAfter(); err != nil || d != DefaultAutoLock {
		t.Fatalf("default auto-lock %v, %v", d, err)
	}
	tests := []struct {
		in, want time.Duration
		wantErr  bool
	}{
		{5 * time.Minute, 5 * time.Minute, false},
		{90*time.Second + 300*time.Millisecond, 90 * time.Second, false},
		{30 * time.Second, 90 * time.Second, true},
		{25 * time.Hour, 90 * time.Second, true},
	}
	for _, tc := range tests {
		err := s.SetAutoLockAfter(tc.in)
		if (err != nil) != tc.wantErr {
			t.Fatalf("SetAutoLockAfter(%v) err = %v", tc.in, err)
		}
		if d, _ := s.AutoLockAfter(); d != tc.want {
			t.Fatalf("after SetAutoLockAfter(%v): %v, want %v", tc.in, d, tc.want)
		}
	}
}
