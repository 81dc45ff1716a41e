#!/usr/bin/env bash
# Installs what Chorus Desk needs on Debian/Ubuntu, only when it is missing.
#   scripts/deps.sh build   → C toolchain and the X11/OpenGL headers Fyne's cgo build needs
#   scripts/deps.sh test    → the above + Xvfb, xdotool and ImageMagick for the real-window test
#   scripts/deps.sh package → the build set + the mingw-w64 cross-compiler (Windows .exe), xz for the
#                             Linux .tar.xz, and the `fyne` packaging tool in bin/tools (not system-wide)
set -euo pipefail

what=${1:-build}
pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
if [ "$what" = test ]; then
  pkgs+=(xvfb xauth xdotool imagemagick)
fi
if [ "$what" = package ]; then
  pkgs+=(gcc-mingw-w64-x86-64 xz-utils tar)
fi

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

# The fyne packaging tool, pinned, in the project's own bin/tools so nothing system-wide changes.
if [ "$what" = package ]; then
  fyne_version=v1.7.4
  tools="$(cd "$(dirname "$0")/.." && pwd)/bin/tools"
  if ! go version -m "$tools/fyne" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+fyne.io/tools[[:space:]]+$fyne_version"; then
    echo "Installing fyne.io/tools/cmd/fyne@$fyne_version into bin/tools"
    GOBIN="$tools" GOFLAGS=-buildvcs=false go install "fyne.io/tools/cmd/fyne@$fyne_version"
  fi
fi
