package app

import (
	"os"
	"runtime"
)

// isolateDesktopConfig points this process's desktop configuration root at dir before the
// Fyne app is created. Fyne keeps an app's preferences file under that root and writes it on
// every exit, even unchanged; the window keeps its own choices in the vault (core.UIPrefs),
// and `--demo` must write nothing outside its throwaway directory. Fyne finds the root from
// XDG_CONFIG_HOME on Linux and the BSDs, from the home directory on macOS and Windows; only
// this process (the demo) sees the change.
func isolateDesktopConfig(dir string) {
	switch runtime.GOOS {
	case "windows":
		os.Setenv("USERPROFILE", dir)
	case "darwin":
		os.Setenv("HOME", dir)
	default:
		os.Setenv("XDG_CONFIG_HOME", dir)
	}
}
