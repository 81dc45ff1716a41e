package core

import (
	"errors"
	"testing"

	"chorusdesk/i18n"
)

// The master-password policy is the core's own rule (domain.CheckMasterPassword), not only the
// faces': Init and ChangePassword refuse a password it refuses, with exit code 2 and the
// policy's reason, and change nothing.
func TestInitAndChangePasswordApplyThePolicy(t *testing.T) {
	cases := []struct {
		name, pw string
		key      string // "" = accepted
		exit     int
	}{
		{"empty", "", "core.vault.password_empty", ExitUsage},
		{"short", "abc", "setupui.password.short", ExitUsage},
		{"eleven characters", "Xk9#mQ2$vL7", "setupui.password.short", ExitUsage},
		{"common", "password1234", "setupui.password.weak", ExitUsage},
		{"product name", "chorusdesk2024", "setupui.password.weak", ExitUsage},
		{"not UTF-8", "\xff\xfe correct horse battery", "setupui.password.invalid", ExitUsage},
		{"strong", "a new master password", "", ExitOK},
	}
	for _, c := range cases {
		t.Run("Init/"+c.name, func(t *testing.T) {
			s := openDir(t, t.TempDir())
			err := s.Init([]byte(c.pw))
			checkPolicyError(t, err, c.key, c.exit)
			if got := s.HasVault(); got != (c.key == "") {
				t.Fatalf("vault created: %v", got)
			}
		})
		t.Run("ChangePassword/"+c.name, func(t *testing.T) {
			s := openService(t)
			err := s.ChangePassword([]byte(testPassword), []byte(c.pw))
			checkPolicyError(t, err, c.key, c.exit)
			s.Lock()
			still := testPassword
			if c.key == "" {
				still = c.pw
			}
			if err := s.Unlock([]byte(still)); err != nil {
				t.Fatalf("unlock with %q after the change: %v", still, err)
			}
		})
	}
}

func checkPolicyError(t *testing.T, err error, key string, exit int) {
	t.Helper()
	if got := ExitCode(err); got != exit {
		t.Fatalf("exit code %d (%v), want %d", got, err, exit)
	}
	if key == "" {
		return
	}
	if !hasProblemKey(err, key) {
		t.Fatalf("error %T %v, want a validation problem with key %s", err, err, key)
	}
	if i18n.Message(i18n.FR, err) == i18n.Message(i18n.EN, err) {
		t.Fatalf("message not translated: %q", i18n.Message(i18n.FR, err))
	}
}

func hasProblemKey(err error, key string) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		if p.Key == key {
			return true
		}
	}
	return false
}
