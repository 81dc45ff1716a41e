package storage

import (
	"bytes"
	"encoding/binary"
)

// Vault header, version 1 (133 bytes, big-endian):
//
//	offset size  field
//	0      3     magic "CDV"
//	3      1     version (1)
//	4      4     Argon2id memory, KiB
//	8      4     Argon2id time (passes)
//	12     1     Argon2id threads (lanes)
//	13     16    salt
//	29     24    nonce of the wrapped key
//	53     48    wrapped data key: secretbox(32-byte data key) under the Argon2id output (KEK)
//	101    32    MAC: HMAC-SHA256 over bytes 0..100, key = HKDF(data key, "…/header-mac")
//
// The salt and parameters feed the KEK, so changing them makes the wrapped key fail to open
// (reported as ErrWrongPassword: without the right KEK a damaged header and a wrong password
// look the same). The MAC binds every byte, including the version and any field that does
// not feed the KEK, to the data key: once the key is unwrapped, a header that was modified
// anywhere else is ErrTampered.
const (
	headerVersion = 1
	keySize       = 32
	saltSize      = 16
	nonceSize     = 24
	boxOverhead   = 16 // secretbox.Overhead
	wrappedSize   = keySize + boxOverhead
	macSize       = 32

	offVersion = 3
	offKDF     = 4
	offSalt    = offKDF + 9
	offNonce   = offSalt + saltSize
	offWrapped = offNonce + nonceSize
	offMAC     = offWrapped + wrappedSize
	headerSize = offMAC + macSize
)

var headerMagic = []byte("CDV")

// Header is a decoded vault header. It holds no secret: the data key inside WrappedKey is
// only readable with the master password.
type Header struct {
	Version    uint8
	KDF        KDFParams
	Salt       [saltSize]byte
	Nonce      [nonceSize]byte
	WrappedKey [wrappedSize]byte
	MAC        [macSize]byte
}

// DecodeHeader parses a header without checking the KDF range or any key (UnlockVault does
// both). Errors: ErrBadHeader (short, long, wrong magic), ErrUnsupportedVersion.
func DecodeHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < offVersion+1 || !bytes.Equal(b[:offVersion], headerMagic) {
		return h, ErrBadHeader
	}
	// The version is checked before the length: another version may have another size.
	if b[offVersion] != headerVersion {
		return h, ErrUnsupportedVersion
	}
	if len(b) != headerSize {
		return h, ErrBadHeader
	}
	h.Version = b[offVersion]
	h.KDF = decodeKDF(b[offKDF:])
	copy(h.Salt[:], b[offSalt:])
	copy(h.Nonce[:], b[offNonce:])
	copy(h.WrappedKey[:], b[offWrapped:])
	copy(h.MAC[:], b[offMAC:])
	return h, nil
}

// Encode is the inverse of DecodeHeader.
func (h Header) Encode() []byte {
	b := make([]byte, 0, headerSize)
	b = append(b, headerMagic...)
	b = append(b, h.Version)
	b = appendKDF(b, h.KDF)
	b = append(b, h.Salt[:]...)
	b = append(b, h.Nonce[:]...)
	b = append(b, h.WrappedKey[:]...)
	return append(b, h.MAC[:]...)
}

// macInput is every header byte the MAC covers (all but the MAC itself).
func (h Header) macInput() []byte { return h.Encode()[:offMAC] }

func appendKDF(b []byte, p KDFParams) []byte {
	b = binary.BigEndian.AppendUint32(b, p.MemoryKiB)
	b = binary.BigEndian.AppendUint32(b, p.Time)
	return append(b, p.Threads)
}

// decodeKDF reads the 9 bytes written by appendKDF; b must be at least that long.
func decodeKDF(b []byte) KDFParams {
	return KDFParams{
		MemoryKiB: binary.BigEndian.Uint32(b[0:4]),
		Time:      binary.BigEndian.Uint32(b[4:8]),
		Threads:   b[8],
	}
}
