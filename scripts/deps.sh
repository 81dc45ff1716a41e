#!/usr/bin/env bash
# Installs what Chorus Desk needs on Debian/Ubuntu, only when it is missing, for the given sets:
#   build   → C toolchain and the X11/OpenGL headers Fyne's cgo build needs, the `fyne` tool
#   test    → build + Xvfb, xdotool and ImageMagick for the real-window test
#   lint    → staticcheck in bin/tools
#   package → build + the mingw-w64 cross-compiler (Windows programs), xz (Linux .tar.xz), `fyne`
#   msi     → msitools and wixl (the Windows installer, built and checked on Linux)
#   deb     → nfpm in bin/tools, binutils and dpkg (the .deb and its check)
# Go tools are pinned and go into this checkout's bin/tools, never system-wide.
#   scripts/deps.sh test lint package msi deb
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -gt 0 ] || set -- build
pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
gotools=()
for what in "$@"; do
  case "$what" in
    build) gotools+=("fyne.io/tools/cmd/fyne@v1.7.4") ;;
    test) pkgs+=(xvfb xauth xdotool imagemagick gnome-keyring dbus-daemon) ;;
    lint) gotools+=("honnef.co/go/tools/cmd/staticcheck@v0.8.2") ;;
    package) pkgs+=(gcc-mingw-w64-x86-64 xz-utils tar); gotools+=("fyne.io/tools/cmd/fyne@v1.7.4") ;;
    msi) pkgs+=(msitools wixl) ;;
    deb) pkgs+=(binutils dpkg); gotools+=("github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2") ;;
    *) echo "usage: scripts/deps.sh [build|test|lint|package|msi|deb]..." >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go: the module asks for Go 1.26. Go ≥ 1.21 fetches the right toolchain by itself
# (GOTOOLCHAIN=auto); an older or missing Go is told what to do.
if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: install Go 1.26 or newer (https://go.dev/doc/install), then run this again." >&2
  exit 1
fi
minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${minor:-0}" -lt 21 ]; then
  echo "Go $(go env GOVERSION) is too old: install Go 1.26 or newer (https://go.dev/doc/install)." >&2
  exit 1
fi

# Pinned Go tools in the project's own bin/tools (reinstalled when the pin changes).
tools="$PWD/bin/tools"
for t in "${gotools[@]}"; do
  pkg=${t%@*} version=${t#*@} mod=${pkg%/cmd/*}
  bin=$tools/$(basename "$pkg")
  if ! go version -m "$bin" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+$mod[[:space:]]+$version"; then
    echo "Installing $t into bin/tools"
    GOBIN="$tools" GOFLAGS=-buildvcs=false go install "$t"
  fi
done
