//go:build !unix && !windows

package invoice

import "os"

func openNoBlock(path string) (*os.File, error) { return os.Open(path) }

// sharingViolation reports a sharing or lock violation; only Windows has them.
func sharingViolation(error) bool { return false }
