#!/usr/bin/env bash
# Builds a release package of Chorus Desk with `fyne package` (fyne.io/tools, see scripts/deps.sh):
#   scripts/package.sh linux    → dist/chorusdesk-<version>-linux-amd64.tar.xz
#   scripts/package.sh windows  → dist/chorusdesk-<version>-windows-amd64.exe (mingw-w64 cross-build)
# Name, ID, version, build number and icon come from FyneApp.toml and Icon.png.
#
# `fyne package` writes into the source directory while it works (a metadata .go file, a
# fyne.syso resource object, the binary) and then increments Build in FyneApp.toml. So it runs
# on a copy of the sources under dist/: the work tree is never touched, a concurrent `go build`
# never sees a Windows .syso, and the version embedded is the one committed.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8

target=${1:?usage: scripts/package.sh linux|windows}
root=$PWD
fyne=$root/bin/tools/fyne
[ -x "$fyne" ] || { echo "package: $fyne is missing: run scripts/deps.sh package" >&2; exit 1; }

version=$(sed -nE '/^\[Details\]/,/^\[/ s/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' FyneApp.toml)
[ -n "$version" ] || { echo "package: no Version in the [Details] of FyneApp.toml" >&2; exit 1; }

stage=$root/dist/.stage-$target
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
# The files git knows (committed or new, not ignored): what a clone would hold, plus work in progress.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$stage"
else
  tar --exclude=./dist --exclude=./bin -cf - . | tar -xf - -C "$stage"
fi

start=$(date +%s)
case "$target" in
  linux)
    # -s -w as in `make build` (fyne takes -ldflags out of GOFLAGS), but not --release: its
    # -trimpath would make a second cold build of every cgo package next to `make build`'s.
    (cd "$stage" && GOFLAGS="${GOFLAGS:+$GOFLAGS }-ldflags=-s -ldflags=-w" "$fyne" package -os linux)
    out=dist/chorusdesk-$version-linux-amd64.tar.xz
    mv "$stage"/*.tar.xz "$out"
    ;;
  windows)
    cc=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
    command -v "$cc" >/dev/null || { echo "package: $cc is missing: run scripts/deps.sh package" >&2; exit 1; }
    # fyne adds -H=windowsgui (no console window) and embeds the icon, manifest and version.
    # --release gives -s -w (and -trimpath, harmless here: nothing else builds for Windows).
    # GOFLAGS cannot carry -ldflags here: fyne builds twice for Windows and drops them after
    # the first build, so the shipped binary would keep its debug information (60 MB).
    (cd "$stage" && CC=$cc CXX=${cc%gcc}g++ CGO_ENABLED=1 GOOS=windows GOARCH=amd64 "$fyne" package -os windows --release)
    out=dist/chorusdesk-$version-windows-amd64.exe
    mv "$stage"/*.exe "$out"
    ;;
  *)
    echo "usage: scripts/package.sh linux|windows" >&2; exit 2 ;;
esac
secs=$(( $(date +%s) - start ))
printf 'package: %s (%s, built in %ds)\n' "$out" "$(du -h "$out" | cut -f1)" "$secs"
