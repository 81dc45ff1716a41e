package storage

import (
	"runtime"

	"golang.org/x/crypto/argon2"
)

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
//
// Argon2id's memory (64 MiB at the default cost) is garbage once the key is derived. Left to
// the collector's pacing it sets the heap goal of the rest of the process at twice that, so
// nothing is collected while, say, `send` reads, checks and deposits a 10 MB invoice or the
// window builds its first screens, and all of that lands in fresh memory on top of the
// 64 MiB. Collected here (one collection, a few milliseconds, once per unlock), those pages
// are reused. Nothing is returned to the system (no FreeOSMemory): the peak is lowered by
// reuse, not hidden. Cheap costs (tests) are left to the pacer.
func deriveKey(password, salt []byte, p KDFParams) []byte {
	key := argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
	if p.MemoryKiB >= collectAfterKiB {
		runtime.GC()
	}
	return key
}

// collectAfterKiB is the derivation cost from which deriveKey collects its memory at once.
const collectAfterKiB = 32 * 1024
