//go:build !windows

package autostart

// systemRunKey is nil away from Windows: there is no Run key.
func systemRunKey() RunKey { return nil }
