//go:build unix

package outboxtest

import (
	"syscall"
	"time"
)

// CPUTime is the processor time the process has used (user and system): on a busy machine a
// benchmark's wall time says more about the other processes than about the code, its CPU
// time does not.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
