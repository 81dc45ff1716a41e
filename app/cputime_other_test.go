//go:build !unix

package app

import "time"

// processCPU is not measured on this system; the metric then reads 0.
func processCPU() time.Duration { return 0 }
