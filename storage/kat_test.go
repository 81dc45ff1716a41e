package storage

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/nacl/secretbox"
)

// Known answers, computed once with the counting reader and the floor parameters. They pin
// the on-disk formats: if one changes, old vaults and exports stop opening, so a change here
// must come with a new format version. Each test also re-derives the answer independently
// from the primitives, so the constants are checked, not just replayed.
const (
	katPassword = "correct horse battery staple"
	katHeader   = "43445601000020000000000101202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546475249a5f6cbeee96c4451fa9ab5b9cc0334966695a8c6c789c6b1e553dcf876d2b0cfec2e7cf7a2649eb85f44e81542b479ed8a99e649c63eb870623d575953f306f2e99e450b6c6c46b9a8135d2773e4"
	katSealed   = "01a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7df770350f484d3a6434815a2b05680a1761a97983878c45c1ddfa395"
	katBundle   = "43445801000020000000000101404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566671af5f2395b2762236ddf4fed918417ee567c646b923099e06c28495bf4c9144a"
)

var katIdentity = Identity{CompanyID: "c-0001", Env: "sandbox", Field: "client_secret"}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// counting returns n bytes start, start+1, ...
func counting(start byte, n int) []byte {
	b := make([]byte, n)
	(&countingReader{next: start}).Read(b)
	return b
}

func TestKnownAnswerHeader(t *testing.T) {
	v, header, err := createVault(&countingReader{}, []byte(katPassword), cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(header); got != katHeader {
		t.Fatalf("header = %s\nwant     %s", got, katHeader)
	}
	// Independent derivation: data key = bytes 0..31 of the source, salt 32..47, nonce 48..71.
	dataKey, salt, nonce := counting(0, 32), counting(32, 16), counting(48, 24)
	if !bytes.Equal(v.dataKey, dataKey) {
		t.Fatal("data key is not the first 32 bytes of the random source")
	}
	want := []byte{'C', 'D', 'V', 1, 0, 0, 0x20, 0, 0, 0, 0, 1, 1}
	want = append(want, salt...)
	want = append(want, nonce...)
	kek := argon2.IDKey([]byte(katPassword), salt, 1, 8192, 1, 32)
	want = secretbox.Seal(want, dataKey, (*[24]byte)(nonce), (*[32]byte)(kek))
	macKey, err := hkdf.Key(sha256.New, dataKey, nil, "chorusdesk/v1/header-mac", 32)
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, macKey)
	m.Write(want)
	want = m.Sum(want)
	if !bytes.Equal(header, want) {
		t.Fatalf("header differs from the independent derivation:\n got %x\nwant %x", header, want)
	}
	// And it unlocks to the same key.
	u, err := UnlockVault(header, []byte(katPassword))
	if err != nil {
		t.Fatalf("UnlockVault: %v", err)
	}
	if !bytes.Equal(u.dataKey, dataKey) {
		t.Fatal("unlocked data key differs")
	}
}

func TestKnownAnswerSealed(t *testing.T) {
	dataKey := counting(0, 32)
	v := &Vault{dataKey: bytes.Clone(dataKey), rng: &countingReader{next: 0xA0}}
	sealed, err := v.Seal(katIdentity, []byte("s3cr3t-value"))
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(sealed); got != katSealed {
		t.Fatalf("sealed = %s\nwant     %s", got, katSealed)
	}
	key, err := hkdf.Key(sha256.New, dataKey, nil, "chorusdesk/v1/field\x00c-0001\x00sandbox\x00client_secret", 32)
	if err != nil {
		t.Fatal(err)
	}
	nonce := counting(0xA0, 24)
	want := append([]byte{1}, nonce...)
	want = secretbox.Seal(want, []byte("s3cr3t-value"), (*[24]byte)(nonce), (*[32]byte)(key))
	if !bytes.Equal(sealed, want) {
		t.Fatalf("sealed differs from the independent derivation:\n got %x\nwant %x", sealed, want)
	}
	plain, err := v.Open(katIdentity, mustHex(t, katSealed))
	if err != nil || string(plain) != "s3cr3t-value" {
		t.Fatalf("Open(katSealed) = %q, %v", plain, err)
	}
}

func TestKnownAnswerBundle(t *testing.T) {
	plain := []byte(`{"companies":[]}`)
	bundle, err := sealWithPassphrase(&countingReader{next: 0x40}, []byte("export passphrase"), plain, cheapKDF)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(bundle); got != katBundle {
		t.Fatalf("bundle = %s\nwant     %s", got, katBundle)
	}
	salt, nonce := counting(0x40, 16), counting(0x50, 24)
	header := []byte{'C', 'D', 'X', 1, 0, 0, 0x20, 0, 0, 0, 0, 1, 1}
	header = append(append(header, salt...), nonce...)
	stretched := argon2.IDKey([]byte("export passphrase"), salt, 1, 8192, 1, 32)
	key, err := hkdf.Key(sha256.New, stretched, nil, "chorusdesk/v1/export\x00"+string(header), 32)
	if err != nil {
		t.Fatal(err)
	}
	want := secretbox.Seal(bytes.Clone(header), plain, (*[24]byte)(nonce), (*[32]byte)(key))
	if !bytes.Equal(bundle, want) {
		t.Fatalf("bundle differs from the independent derivation:\n got %x\nwant %x", bundle, want)
	}
	got, err := OpenWithPassphrase([]byte("export passphrase"), mustHex(t, katBundle))
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("OpenWithPassphrase(katBundle) = %q, %v", got, err)
	}
}
