#!/usr/bin/env bash
# Runs a command with a private Secret Service, so the tests of the OS credential store
# ("keep transfers running while locked") talk to a real one on Linux:
#   scripts/with-keyring.sh go test -tags ci -count=1 -run SecretService ./storage/
# It starts a D-Bus session of its own (dbus-run-session), a gnome-keyring-daemon in it with a
# throwaway login keyring unlocked by a throwaway password, and a throwaway HOME for the
# keyring's files; everything ends with the command. Installs gnome-keyring and dbus if missing
# (Debian/Ubuntu).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS…]" >&2; exit 2; }

missing=()
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-daemon)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${_CHORUSDESK_IN_KEYRING:-}" != 1 ]; then
  export _CHORUSDESK_IN_KEYRING=1
  exec dbus-run-session -- "$0" "$@"
fi

# Inside the private D-Bus session. go test must keep finding its caches after HOME changes.
export GOPATH="${GOPATH:-$(go env GOPATH)}" GOCACHE="${GOCACHE:-$(go env GOCACHE)}" GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
keyring_home=$(mktemp -d)
trap 'kill "${GNOME_KEYRING_PID:-}" 2>/dev/null || true; rm -rf "$keyring_home"' EXIT
export HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/.local/share" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'throwaway' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
export CHORUSDESK_KEYRING_TEST=1
"$@"
