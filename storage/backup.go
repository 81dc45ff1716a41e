package storage

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"

	"golang.org/x/crypto/nacl/secretbox"

	"chorusdesk/domain"
	"chorusdesk/i18n"
)

// Backup file, version 1: "CDB" || version (1) || length of the vault header (2 bytes, big
// endian) || the vault header || nonce (24) || secretbox(plaintext). The box key is
// HKDF(data key, label || every byte before the box), so the backup opens with the vault's
// own key (no passphrase of its own) and a change to any byte before the box fails like a
// wrong key. It carries the vault header (the data key wrapped under the master password):
// when the database itself is lost, the master password of the day the backup was written is
// all it takes to open it.
const (
	backupVersion = 1
	backupOffLen  = 4
	backupOffHdr  = backupOffLen + 2
	maxHeaderLen  = 1 << 10
)

var backupMagic = []byte("CDB")

// ErrBadBackup: not a backup, damaged, or sealed under another vault's key.
var ErrBadBackup = i18n.Errorf("store.backup.bad")

// SealBackup seals plaintext (the vault's settings) under this vault's key, with vaultHeader
// (the header this vault was unlocked from) inside.
func (v *Vault) SealBackup(vaultHeader, plaintext []byte) ([]byte, error) {
	if len(vaultHeader) == 0 || len(vaultHeader) > maxHeaderLen {
		return nil, ErrBadHeader
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.dataKey == nil {
		return nil, ErrWiped
	}
	pre := backupOffHdr + len(vaultHeader)
	out := make([]byte, pre+nonceSize, pre+nonceSize+len(plaintext)+boxOverhead)
	copy(out, backupMagic)
	out[len(backupMagic)] = backupVersion
	binary.BigEndian.PutUint16(out[backupOffLen:], uint16(len(vaultHeader)))
	copy(out[backupOffHdr:], vaultHeader)
	if err := readRandom(v.rng, out[pre:]); err != nil {
		return nil, err
	}
	key, err := backupKey(v.dataKey, out[:pre+nonceSize])
	if err != nil {
		return nil, err
	}
	defer domain.Wipe(key)
	nonce := (*[nonceSize]byte)(out[pre:])
	return secretbox.Seal(out, plaintext, nonce, (*[keySize]byte)(key)), nil
}

// BackupHeader returns the vault header a backup carries, without opening anything.
func BackupHeader(backup []byte) ([]byte, error) {
	if len(backup) < backupOffHdr || !bytes.Equal(backup[:len(backupMagic)], backupMagic) {
		return nil, ErrBadBackup
	}
	if backup[len(backupMagic)] != backupVersion {
		return nil, ErrUnsupportedVersion
	}
	n := int(binary.BigEndian.Uint16(backup[backupOffLen:]))
	if n == 0 || n > maxHeaderLen || len(backup) < backupOffHdr+n+nonceSize+boxOverhead {
		return nil, ErrBadBackup
	}
	return bytes.Clone(backup[backupOffHdr : backupOffHdr+n]), nil
}

// OpenBackup opens a backup sealed under this vault's key. Errors: ErrBadBackup (not a
// backup, damaged, or another vault's), ErrUnsupportedVersion, ErrWiped. Never panics.
func (v *Vault) OpenBackup(backup []byte) ([]byte, error) {
	h, err := BackupHeader(backup)
	if err != nil {
		return nil, err
	}
	pre := backupOffHdr + len(h)
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.dataKey == nil {
		return nil, ErrWiped
	}
	key, err := backupKey(v.dataKey, backup[:pre+nonceSize])
	if err != nil {
		return nil, ErrBadBackup
	}
	defer domain.Wipe(key)
	nonce := (*[nonceSize]byte)(backup[pre : pre+nonceSize])
	plain, ok := secretbox.Open(nil, backup[pre+nonceSize:], nonce, (*[keySize]byte)(key))
	if !ok {
		return nil, ErrBadBackup
	}
	if plain == nil {
		plain = []byte{}
	}
	return plain, nil
}

// OpenBackupWithPassword unlocks the vault header the backup carries with password (the
// master password of the day it was written) and opens the backup. It returns the unlocked
// vault too (the caller wipes it) and the header, so a vault lost with its database can be
// rebuilt under the same key. Errors: those of UnlockVault (ErrWrongPassword, ...), then
// those of OpenBackup.
func OpenBackupWithPassword(backup, password []byte) (plain []byte, v *Vault, header []byte, err error) {
	header, err = BackupHeader(backup)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err = UnlockVault(header, password)
	if err != nil {
		return nil, nil, nil, err
	}
	plain, err = v.OpenBackup(backup)
	if err != nil {
		v.Wipe()
		return nil, nil, nil, err
	}
	return plain, v, header, nil
}

func backupKey(dataKey, sealedPart []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, dataKey, nil, "chorusdesk/v1/backup\x00"+string(sealedPart), keySize)
}
