package storage

import (
	"errors"
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// keyringTestEnv turns on the test against the real OS credential store. scripts/with-keyring.sh
// sets it after starting a private Secret Service (gnome-keyring-daemon on its own D-Bus
// session), so the test never writes into a developer's own keyring by surprise and never
// waits on an unlock prompt.
const keyringTestEnv = "CHORUSDESK_KEYRING_TEST"

// The data key through a real Secret Service: kept, read back into a vault that opens the
// original's values, still valid after a password change, refused for another vault, and
// gone after Forget. The entry is under a test service name and removed at the end.
func TestKeyringSecretService(t *testing.T) {
	if os.Getenv(keyringTestEnv) != "1" {
		t.Skip("no Secret Service for tests: run `scripts/with-keyring.sh go test -tags ci -run SecretService ./storage/` (it starts a private gnome-keyring under dbus-run-session)")
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal(keyringTestEnv + "=1 but no D-Bus session: start the test through scripts/with-keyring.sh")
	}
	const service = "Chorus Desk (test)"
	dir := t.TempDir()
	k := newKeyringWith(osKeyring{}, service, dir)
	t.Cleanup(func() { _ = keyring.Delete(service, k.Account()) })

	v, header := newTestVault(t, "pw-one")
	defer v.Wipe()
	if err := k.Keep(v); err != nil {
		t.Fatalf("keep in the Secret Service: %v (cause: %v)", err, errors.Unwrap(err))
	}
	if ok, err := k.Present(); !ok || err != nil {
		t.Fatalf("present: %v, %v", ok, err)
	}
	got, err := k.Open(header)
	if err != nil {
		t.Fatalf("open: %v (cause: %v)", err, errors.Unwrap(err))
	}
	sealOpen(t, v, got)
	got.Wipe()

	newHeader, err := v.Rewrap([]byte("pw-two"), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if got, err = k.Open(newHeader); err != nil {
		t.Fatalf("after a password change: %v", err)
	}
	sealOpen(t, v, got)
	got.Wipe()

	_, otherHeader := newTestVault(t, "pw-one")
	if _, err := k.Open(otherHeader); !errors.Is(err, ErrKeyringStale) {
		t.Fatalf("another vault: %v, want ErrKeyringStale", err)
	}

	// What the store holds under our name is the key in its format, nothing else.
	raw, err := keyring.Get(service, k.Account())
	if err != nil || len(raw) != len(keyringPrefix)+43 {
		t.Fatalf("stored value: length %d, %v", len(raw), err)
	}

	if err := k.Forget(); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(service, k.Account()); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after Forget the Secret Service still answers: %v", err)
	}
	if _, err := k.Open(header); !errors.Is(err, ErrKeyringMissing) {
		t.Fatalf("open after Forget: %v", err)
	}
}
