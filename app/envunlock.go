package app

import "os"

// passwordEnv is the variable the command line reads the master password from.
const passwordEnv = "CHORUSDESK_PASSWORD"

// unlockFromEnv unlocks the vault with CHORUSDESK_PASSWORD when it is set, exactly as if the
// user had typed it, so scripts and the start-up benchmark can open the window unlocked. It is
// opt-in by nature (the variable is unset unless someone sets it) and never creates a vault.
// The variable is removed from the environment first: nothing started later inherits it.
func (u *UI) unlockFromEnv() {
	pw, ok := os.LookupEnv(passwordEnv)
	if !ok {
		return
	}
	os.Unsetenv(passwordEnv)
	s := u.unlock
	if pw == "" || s == nil || s.creating {
		return
	}
	s.password.SetText(pw)
	u.submitUnlock()
}
