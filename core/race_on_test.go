//go:build race

package core

import "time"

// crashImportMaxDelay bounds when a crash test's child is killed after it is ready. The race
// detector makes a 500-company import several times slower (about 2 s here, against 0.2 s):
// the window must still let some imports commit, or the test proves nothing.
const crashImportMaxDelay = 5 * time.Second
