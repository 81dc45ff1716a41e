package storage

import (
	"bytes"
	"errors"
	"testing"
)

func TestBackupSealOpen(t *testing.T) {
	v, header := newTestVault(t, testPassword)
	plain := []byte(`{"format":"chorusdesk-export","companies":[]}`)
	b, err := v.SealBackup(header, plain)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.OpenBackup(b); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("OpenBackup: %q %v", got, err)
	}
	got, v2, h2, err := OpenBackupWithPassword(b, []byte(testPassword))
	if err != nil || !bytes.Equal(got, plain) || !bytes.Equal(h2, header) {
		t.Fatalf("OpenBackupWithPassword: %q %v", got, err)
	}
	// The vault unlocked from the backup seals what the first one opens: the same key.
	again, err := v2.SealBackup(header, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.OpenBackup(again); err != nil || string(got) != "x" {
		t.Fatalf("not the same data key: %v", err)
	}
	v2.Wipe()

	other, _ := newTestVault(t, testPassword)
	tests := []struct {
		name string
		open func() error
		want error
	}{
		{"another vault", func() error { _, err := other.OpenBackup(b); return err }, ErrBadBackup},
		{"wrong password", func() error { _, _, _, err := OpenBackupWithPassword(b, []byte("wrong")); return err }, ErrWrongPassword},
		{"not a backup", func() error { _, err := v.OpenBackup([]byte("CDX\x01garbage")); return err }, ErrBadBackup},
		{"empty", func() error { _, err := v.OpenBackup(nil); return err }, ErrBadBackup},
		{"truncated", func() error { _, err := v.OpenBackup(b[:len(b)-1]); return err }, ErrBadBackup},
		{"newer version", func() error {
			c := bytes.Clone(b)
			c[3] = 9
			_, err := v.OpenBackup(c)
			return err
		}, ErrUnsupportedVersion},
	}
	for _, tc := range tests {
		if err := tc.open(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	// Every byte is bound: a flip anywhere fails (as a bad backup, or as a bad embedded
	// header for the password path), never opens to other bytes.
	for i := range b {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		if got, err := v.OpenBackup(c); err == nil {
			t.Fatalf("byte %d flipped still opens: %q", i, got)
		}
	}
	v.Wipe()
	if _, err := v.SealBackup(header, plain); !errors.Is(err, ErrWiped) {
		t.Fatalf("SealBackup after Wipe: %v", err)
	}
}

// FuzzOpenBackup: arbitrary bytes never panic and never open, except the backup really
// sealed by this vault.
func FuzzOpenBackup(f *testing.F) {
	v, header, err := createVault(&countingReader{}, []byte("fuzz"), cheapKDF)
	if err != nil {
		f.Fatal(err)
	}
	b, err := v.SealBackup(header, []byte("fuzz settings"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:backupOffHdr+2])
	f.Add([]byte("CDB\x01\x00\x00"))
	f.Add([]byte("CDB\x01\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := v.OpenBackup(in)
		if err == nil && (!bytes.Equal(in, b) || string(got) != "fuzz settings") {
			t.Fatalf("forged backup opened: %q", got)
		}
		if h, err := BackupHeader(in); err == nil && len(h) == 0 {
			t.Fatal("empty header accepted")
		}
	})
}
