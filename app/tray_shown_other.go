//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package app

// trayShown: Windows always has its notification area and macOS its menu bar, where Fyne puts
// the icon.
func trayShown() bool { return true }

// trayInstallable: the tray can always be set up there.
func trayInstallable() bool { return true }
