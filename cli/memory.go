package cli

import "runtime"

// afterKDF collects the memory of the master password's key derivation, right after the
// unlock. Argon2id takes 64 MiB (storage.DefaultKDF) that is garbage once the key is derived;
// left to the collector's pacing, it sets the heap goal of the rest of the command at twice
// that, so nothing is collected while `send` reads, checks and deposits an invoice, and every
// byte of that work lands in fresh memory on top of the 64 MiB. Collected here (one
// collection, a few milliseconds, once per command), those pages are reused: a 10 MB invoice
// costs what its work holds at once, not all it ever allocated. Nothing is returned to the
// system here (no FreeOSMemory): the peak is lowered by reuse, not hidden.
func afterKDF() { runtime.GC() }
