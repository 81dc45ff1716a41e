package storage

import "golang.org/x/crypto/argon2"

// KDFParams are the Argon2id cost parameters stored in a vault header or an export bundle.
type KDFParams struct {
	MemoryKiB, Time uint32
	Threads         uint8
}

// DefaultKDF is the cost of every new vault header and export: 64 MiB, 3 passes, 4 lanes
// (docs/architecture.md, The KDF, its floor and its ceiling).
var DefaultKDF = KDFParams{MemoryKiB: 64 * 1024, Time: 3, Threads: 4}

// Floor and ceiling of stored parameters. The floor stops a header edited down to a trivial
// cost (8 MiB, one pass is still far from free per guess); the ceiling stops a header edited
// up to exhaust memory or hang the unlock. Both are checked before Argon2 runs.
var (
	MinKDF = KDFParams{MemoryKiB: 8 * 1024, Time: 1, Threads: 1}
	MaxKDF = KDFParams{MemoryKiB: 1024 * 1024, Time: 10, Threads: 16}
)

// Validate returns ErrKDFOutOfRange when any parameter is outside [MinKDF, MaxKDF].
func (p KDFParams) Validate() error {
	if p.MemoryKiB < MinKDF.MemoryKiB || p.MemoryKiB > MaxKDF.MemoryKiB ||
		p.Time < MinKDF.Time || p.Time > MaxKDF.Time ||
		p.Threads < MinKDF.Threads || p.Threads > MaxKDF.Threads {
		return ErrKDFOutOfRange
	}
	return nil
}

// deriveKey runs Argon2id; callers validate p first and zero the result after use.
func deriveKey(password, salt []byte, p KDFParams) []byte {
	return argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
}
