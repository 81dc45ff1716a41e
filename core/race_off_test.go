//go:build !race

package core

import "time"

// crashImportMaxDelay bounds when a crash test's child is killed after it is ready (see
// race_on_test.go for the race detector's).
const crashImportMaxDelay = 1500 * time.Millisecond
