#!/usr/bin/env bash
# Builds Chorus Desk's release packages into dist/ (name, ID, version, build and icon come from
# FyneApp.toml and Icon.png; the tools are installed by scripts/deps.sh package):
#   scripts/package.sh linux    → dist/chorusdesk-<version>-linux-amd64.tar.xz (fyne package)
#   scripts/package.sh cli      → dist/cli/chorusdesk-cli-{linux-amd64,darwin-amd64,darwin-arm64}
#                                 (the console command line, CGO_ENABLED=0: no Fyne, no C)
#   scripts/package.sh windows  → dist/windows/chorusdesk.exe (the window, GUI subsystem, cgo with
#                                 mingw-w64), dist/windows/chorusdesk.com (the console command line)
#                                 and dist/windows/chorusdesk.ico
#   scripts/package.sh msi      → dist/chorusdesk-<version>-windows-amd64.msi (wixl, from windows)
#   scripts/package.sh deb      → dist/chorusdesk_<version>-<build>_amd64.deb (nfpm, from linux + cli)
#
# Builds that need the program's folder to hold generated files (fyne's metadata .go file, the
# Windows resource .syso) run on a copy of the sources under dist/: the work tree is never
# touched, a concurrent `go build` never sees a Windows .syso, and `fyne package` increments
# Build in the copy's FyneApp.toml, not in the committed one.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
source scripts/appinfo.sh

target=${1:?usage: scripts/package.sh linux|cli|windows|msi|deb}
root=$PWD
tools=$root/bin/tools
mkdir -p dist

# stage NAME copies the files git knows (committed or new, not ignored) to dist/.stage-NAME.
stage=""
cleanup() { [ -z "$stage" ] || rm -rf "$stage"; }
trap cleanup EXIT
make_stage() {
  stage=$root/dist/.stage-$1
  rm -rf "$stage"
  mkdir -p "$stage"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$stage"
  else
    tar --exclude=./dist --exclude=./bin -cf - . | tar -xf - -C "$stage"
  fi
}
need() { [ -x "$1" ] || command -v "$1" >/dev/null || { echo "package: $1 is missing: run scripts/deps.sh $2" >&2; exit 1; }; }
# report FILE... prints each artefact with its size and the time since $start.
start=$(date +%s)
report() {
  local f
  for f in "$@"; do printf 'package: %s (%s)\n' "$f" "$(du -h "$f" | cut -f1)"; done
  printf 'package: %s built in %ds\n' "$target" $(( $(date +%s) - start ))
}

case "$target" in
  linux)
    need "$tools/fyne" package
    make_stage linux
    # -s -w as in `make build` (fyne takes -ldflags out of GOFLAGS), but not --release: its
    # -trimpath would make a second cold build of every cgo package next to `make build`'s.
    (cd "$stage" && GOFLAGS="${GOFLAGS:+$GOFLAGS }-ldflags=-s -ldflags=-w" "$tools/fyne" package -os linux)
    out=dist/chorusdesk-$app_version-linux-amd64.tar.xz
    mv "$stage"/*.tar.xz "$out"
    report "$out"
    ;;

  cli)
    # -trimpath: the same compiled packages serve every copy of the sources (the Windows stage,
    # the test that builds the program), so each GOOS/GOARCH compiles once.
    mkdir -p dist/cli
    for p in linux/amd64 darwin/amd64 darwin/arm64; do
      out=dist/cli/chorusdesk-cli-${p%/*}-${p#*/}
      CGO_ENABLED=0 GOOS=${p%/*} GOARCH=${p#*/} go build -trimpath -ldflags "-s -w" -o "$out" ./cmd/chorusdesk-cli
    done
    report dist/cli/chorusdesk-cli-*
    ;;

  windows)
    need "$tools/fyne" package
    cc=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
    need "$cc" package
    make_stage windows
    mkdir -p dist/windows
    # Icon (16–256 px), manifest (Windows 10/11, per-monitor-v2 DPI) and version, as .syso
    # objects that go build links for windows/amd64 (tools/mkwinres says why not fyne package's).
    res=(-name "$app_name" -id "$app_id" -version "$app_version4" -icon Icon.png)
    go run ./tools/mkwinres -kind gui "${res[@]}" -o "$stage/rsrc_windows_amd64.syso" -ico dist/windows/chorusdesk.ico
    go run ./tools/mkwinres -kind console "${res[@]}" -o "$stage/cmd/chorusdesk-cli/rsrc_windows_amd64.syso"
    # The window: fyne build adds the app metadata (ID, name, version, icon for the window),
    # -H=windowsgui (no console), release mode and -s -w -trimpath.
    (cd "$stage" && CC=$cc CXX=${cc%gcc}g++ CGO_ENABLED=1 GOOS=windows GOARCH=amd64 "$tools/fyne" build -os windows --release -o chorusdesk.exe)
    # The console command line: a plain console program (subsystem 3), no cgo.
    (cd "$stage" && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -trimpath -ldflags "-s -w" -o chorusdesk.com ./cmd/chorusdesk-cli)
    mv "$stage/chorusdesk.exe" "$stage/chorusdesk.com" dist/windows/
    report dist/windows/chorusdesk.exe dist/windows/chorusdesk.com dist/windows/chorusdesk.ico
    ;;

  msi)
    need wixl msi
    need msibuild msi
    for f in chorusdesk.exe chorusdesk.com chorusdesk.ico; do
      [ -f "dist/windows/$f" ] || { echo "package: dist/windows/$f is missing: run scripts/package.sh windows" >&2; exit 1; }
    done
    out=dist/chorusdesk-$app_version-windows-amd64.msi
    # wixl finds Source files relative to the current folder.
    wixl -a x64 -D "Version=$app_version" -D "Name=$app_name" -D SourceDir=dist/windows -o "$out.tmp" packaging/windows/chorusdesk.wxs 2> >(grep -v 'builder.vala' >&2)
    # wixl has no <Environment>: add the folder to the user's PATH with an Environment row on
    # the console program's component. "=-PATH" = set on install, remove on uninstall, user
    # variable; "[~];[INSTALLDIR]" = append to the existing value (removed alone on uninstall).
    msibuild "$out.tmp" \
      -q 'CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)' \
      -q "INSERT INTO \`Environment\` (\`Environment\`, \`Name\`, \`Value\`, \`Component_\`) VALUES ('UserPath', '=-PATH', '[~];[INSTALLDIR]', 'ConsoleProgram')" \
      -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', 3300)" \
      -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', 5200)"
    mv "$out.tmp" "$out"
    report "$out"
    ;;

  deb)
    need "$tools/nfpm" deb
    tarball=dist/chorusdesk-$app_version-linux-amd64.tar.xz
    cli=dist/cli/chorusdesk-cli-linux-amd64
    for f in "$tarball" "$cli"; do
      [ -f "$f" ] || { echo "package: $f is missing: run scripts/package.sh linux and cli" >&2; exit 1; }
    done
    make_stage deb
    # The window program is the one of the .tar.xz (one Linux build for both packages).
    tar -xOJf "$tarball" --wildcards '*usr/*bin/chorusdesk' >"$stage/chorusdesk"
    chmod 0755 "$stage/chorusdesk"
    cp "$cli" "$stage/chorusdesk-cli"
    # libc6 (>= the newest glibc symbol version the window program uses): the .deb installs
    # on any Debian/Ubuntu whose glibc is at least that of the build machine's symbols.
    glibc=$(objdump -T "$stage/chorusdesk" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -Vu | tail -1)
    [ -n "$glibc" ] || { echo "package: no glibc symbol version found in the Linux binary" >&2; exit 1; }
    out=dist/chorusdesk_${app_version}-${app_build}_amd64.deb
    rm -f "$out"
    (cd "$stage" && APP_VERSION=$app_version APP_BUILD=$app_build GLIBC_MIN=$glibc \
      "$tools/nfpm" package --config packaging/linux/nfpm.yaml --packager deb --target "$root/$out" >/dev/null)
    report "$out"
    echo "package: the .deb needs libc6 >= $glibc"
    ;;

  *)
    echo "usage: scripts/package.sh linux|cli|windows|msi|deb" >&2; exit 2 ;;
esac
