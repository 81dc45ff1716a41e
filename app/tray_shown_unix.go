//go:build linux || freebsd || openbsd || netbsd || dragonfly

package app

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

// trayShown asks the session bus whether a tray host is there: on the free desktops the tray
// is the StatusNotifierItem protocol (what Fyne's systray speaks), and a desktop without a
// StatusNotifierWatcher with a registered host (plain GNOME without the AppIndicator
// extension, a bare X server such as Xvfb) shows no icon at all. No session bus is no tray:
// the bus is never auto-launched for this question.
func trayShown() bool {
	addr := sessionBus()
	if addr == "" {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	var v dbus.Variant
	err = conn.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
			"org.kde.StatusNotifierWatcher", "IsStatusNotifierHostRegistered").Store(&v)
	if err != nil {
		return false
	}
	registered, _ := v.Value().(bool)
	return registered
}

// sessionBus is the address of the session bus: $DBUS_SESSION_BUS_ADDRESS, else the systemd
// user bus $XDG_RUNTIME_DIR/bus (the places Fyne's systray looks too, before it would try to
// launch a bus), else "".
func sessionBus() string {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" {
		return addr
	}
	rt := os.Getenv("XDG_RUNTIME_DIR")
	if rt == "" {
		return ""
	}
	sock := filepath.Join(rt, "bus")
	if fi, err := os.Stat(sock); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return ""
	}
	return "unix:path=" + sock
}

// trayInstallable reports whether Fyne's tray may be set up at all. Without a session bus its
// systray (fyne.io/systray at the version Fyne 2.7.1 pins) keeps no connection and then
// dereferences it when the app quits: the quit would crash before the store is closed. With a
// bus but no tray host yet the tray is set up (it registers when a host appears, such as a
// panel that starts after the app at login).
func trayInstallable() bool { return sessionBus() != "" }
