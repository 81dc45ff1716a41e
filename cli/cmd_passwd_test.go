package cli

import (
	"errors"
	"testing"
)

func TestPasswd(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.ok("company", "add", "ACME", "--name", "Acme")
	h.plant("SBX_SECRET", "passwd-test-secret-1")
	h.plant("SBX_PW", "passwd-test-password-1")
	h.ok("setup", "set", "ACME", "--env", "sandbox", "--client-id", "cid", "--client-secret-env", "SBX_SECRET", "--login", "lg", "--password-env", "SBX_PW")

	const newPass = "a brand new master password"
	h.plant("CHORUSDESK_NEW_PASSWORD", newPass)
	h.ok("passwd")
	delete(h.env, "CHORUSDESK_NEW_PASSWORD")

	// The old password no longer opens the vault; the new one does, with every secret intact.
	h.want(ExitAuth, args("setup", "show", "ACME"), "wrong master password")
	h.env["CHORUSDESK_PASSWORD"] = newPass
	var s setupJSON
	h.decode(h.ok("setup", "show", "ACME", "--json"), &s)
	if !s.Sandbox.Complete || s.Sandbox.ClientID != "cid" {
		t.Fatalf("setup after passwd: %+v", s)
	}
}

func TestPasswdFailures(t *testing.T) {
	h := newHarness(t)
	h.ok("init")
	h.env["CHORUSDESK_NEW_PASSWORD"] = "another long password"

	h.env["CHORUSDESK_PASSWORD"] = "wrong"
	h.want(ExitAuth, args("passwd"), "wrong master password")

	// A new password the policy refuses: exit 2, the old password still opens the vault.
	h.env["CHORUSDESK_PASSWORD"] = testMaster
	h.env["CHORUSDESK_NEW_PASSWORD"] = "password1234"
	h.want(ExitUsage, args("passwd"), "too easy to guess")
	h.ok("company", "list")
	h.env["CHORUSDESK_NEW_PASSWORD"] = "another long password"

	delete(h.env, "CHORUSDESK_PASSWORD")
	h.want(ExitAuth, args("passwd"), "CHORUSDESK_PASSWORD")

	// No new password and no terminal: a usage problem; the old password still works.
	h.env["CHORUSDESK_PASSWORD"] = testMaster
	delete(h.env, "CHORUSDESK_NEW_PASSWORD")
	h.want(ExitUsage, args("passwd"), "CHORUSDESK_NEW_PASSWORD")
	h.ok("company", "list")

	// At a prompt, the new password is asked twice and must match.
	answers := []string{"first new password", "second new password"}
	h.secrets = append(h.secrets, answers...)
	i := 0
	h.readPassword = func(string) ([]byte, error) {
		if i == len(answers) {
			return nil, errors.New("no more input")
		}
		i++
		return []byte(answers[i-1]), nil
	}
	h.want(ExitUsage, args("passwd"), "differ")
	h.readPassword = nil
	h.ok("company", "list")
}
