#!/usr/bin/env bash
# Checks the packages that `make package` and `make windows` left in dist/ and prints a summary:
#   - Linux: the .tar.xz holds the ELF binary, the .desktop entry and the icon at the places
#     its Makefile installs them from;
#   - Windows: tools/pecheck (a PE amd64 executable, GUI subsystem, icon, version = FyneApp.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8

version=$(sed -nE '/^\[Details\]/,/^\[/ s/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' FyneApp.toml)
name=$(sed -nE '/^\[Details\]/,/^\[/ s/^[[:space:]]*Name[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' FyneApp.toml)
linux=dist/chorusdesk-$version-linux-amd64.tar.xz
windows=dist/chorusdesk-$version-windows-amd64.exe
fail=0

check_linux() {
  local list
  list=$(tar -tJf "$linux") || { echo "FAIL $linux: not a readable .tar.xz"; return 1; }
  local want ok=0
  # fyne puts the tree under usr/local/ when the building machine has /usr/local, else under usr/;
  # depending on the tar version the archive starts with ./ or with a chorusdesk/ folder.
  for want in 'Makefile' 'usr/(local/)?bin/chorusdesk' 'usr/(local/)?share/applications/.*\.desktop' 'usr/(local/)?share/pixmaps/.*\.png'; do
    grep -qxE "(\./|[^/]+/)?$want" <<<"$list" || { echo "FAIL $linux: no $want inside"; ok=1; }
  done
  [ $ok -eq 0 ] || return 1
  local magic desktop
  magic=$(tar -xOJf "$linux" --wildcards '*usr/*bin/chorusdesk' | head -c 4 | od -An -c | tr -d ' ')
  [ "$magic" = '177ELF' ] || { echo "FAIL $linux: bin/chorusdesk is not an ELF executable"; return 1; }
  desktop=$(tar -xOJf "$linux" --wildcards '*usr/*share/applications/*.desktop')
  grep -qx "Name=$name" <<<"$desktop" || { echo "FAIL $linux: the .desktop entry is not named $name"; return 1; }
  grep -qE '^Exec=chorusdesk( |$)' <<<"$desktop" || { echo "FAIL $linux: the .desktop entry does not start chorusdesk"; return 1; }
  grep -qE '^Icon=.+' <<<"$desktop" || { echo "FAIL $linux: the .desktop entry has no icon"; return 1; }
  printf 'ok   %s: ELF binary, .desktop "%s", icon, %s\n' "$linux" "$name" "$(du -h "$linux" | cut -f1)"
}

for f in "$linux" "$windows"; do
  [ -f "$f" ] || { echo "FAIL $f: missing (make package windows)"; fail=1; }
done
[ $fail -eq 0 ] || exit 1
check_linux || fail=1
go run ./tools/pecheck -toml FyneApp.toml "$windows" || fail=1
if [ $fail -ne 0 ]; then
  echo "package-check: FAILED"
  exit 1
fi
echo "package-check: Linux and Windows packages of $name $version are good"
