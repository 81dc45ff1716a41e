//go:build unix

package app

import (
	"syscall"
	"time"
)

// processCPU is the CPU time used by this process so far. Benchmarks report it per operation
// beside the wall time, which a shared 2-core machine inflates with other people's work.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
