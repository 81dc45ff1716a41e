//go:build !unix && !windows

package outbox

func readOnlyFS(error) bool { return false }
