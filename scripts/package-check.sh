#!/usr/bin/env bash
# Checks the packages scripts/package.sh left in dist/ and prints one line per artefact:
#   - Linux .tar.xz: the ELF binary, the .desktop entry and the icon where its Makefile takes them;
#   - console command line (dist/cli): static ELF for Linux, Mach-O for macOS amd64 and arm64;
#   - Windows programs, with tools/pecheck: chorusdesk.exe subsystem 2 (GUI), chorusdesk.com
#     subsystem 3 (console), both amd64 with the icon at 16–256 px, the manifest (Windows 10/11,
#     per-monitor-v2 DPI) and the version of FyneApp.toml;
#   - MSI, with msiinfo/msiextract: File, Component, Shortcut, Registry, Environment, Icon,
#     Property (ProductVersion, ARP icon, per-user) tables, the install sequence, the summary's
#     no-elevation flag, and that the files inside are the ones checked above;
#   - .deb, with dpkg-deb -c/-I: the files, their modes, the control fields, and that every
#     shared library the window program needs comes from a package it depends on.
# Then it shows that the checks can fail: each is run once more on a broken copy (a console
# program where the window is expected, an MSI without its shortcut, a .deb without its menu
# entry) and must refuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=en_US.UTF-8
source scripts/appinfo.sh

linux=dist/chorusdesk-$app_version-linux-amd64.tar.xz
msi=dist/chorusdesk-$app_version-windows-amd64.msi
deb=dist/chorusdesk_${app_version}-${app_build}_amd64.deb
gui=dist/windows/chorusdesk.exe
con=dist/windows/chorusdesk.com
clis=(dist/cli/chorusdesk-cli-linux-amd64 dist/cli/chorusdesk-cli-darwin-amd64 dist/cli/chorusdesk-cli-darwin-arm64)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
size() { du -h "$1" | cut -f1; }
bad() { echo "FAIL $*"; return 1; }

check_linux() {
  local list want ok=0 magic desktop
  list=$(tar -tJf "$linux") || bad "$linux: not a readable .tar.xz" || return 1
  # fyne puts the tree under usr/local/ when the building machine has /usr/local, else under usr/;
  # depending on the tar version the archive starts with ./ or with a chorusdesk/ folder.
  for want in 'Makefile' 'usr/(local/)?bin/chorusdesk' 'usr/(local/)?share/applications/.*\.desktop' 'usr/(local/)?share/pixmaps/.*\.png'; do
    grep -qxE "(\./|[^/]+/)?$want" <<<"$list" || { bad "$linux: no $want inside"; ok=1; }
  done
  [ $ok -eq 0 ] || return 1
  magic=$(tar -xOJf "$linux" --wildcards '*usr/*bin/chorusdesk' | head -c 4 | od -An -c | tr -d ' ')
  [ "$magic" = '177ELF' ] || bad "$linux: bin/chorusdesk is not an ELF executable" || return 1
  desktop=$(tar -xOJf "$linux" --wildcards '*usr/*share/applications/*.desktop')
  grep -qx "Name=$app_name" <<<"$desktop" || bad "$linux: the .desktop entry is not named $app_name" || return 1
  grep -qE '^Exec=chorusdesk( |$)' <<<"$desktop" || bad "$linux: the .desktop entry does not start chorusdesk" || return 1
  grep -qE '^Icon=.+' <<<"$desktop" || bad "$linux: the .desktop entry has no icon" || return 1
  printf 'ok   %s: ELF binary, .desktop "%s", icon, %s\n' "$linux" "$app_name" "$(size "$linux")"
}

# check_cli FILE: the console command line for the system its name says, with no C library.
check_cli() {
  local f=$1 magic want
  [ -f "$f" ] || bad "$f: missing (make cli)" || return 1
  magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
  case "$f" in
    *linux-amd64) want=7f454c46 ;;        # ELF
    *darwin-*) want=cffaedfe ;;           # Mach-O 64-bit, little-endian
  esac
  [ "$magic" = "$want" ] || bad "$f: magic $magic, want $want" || return 1
  case "$f" in
    *linux-amd64)
      # CGO_ENABLED=0: statically linked, no program interpreter, no shared library.
      readelf -lW "$f" | grep -q 'INTERP' && { bad "$f: dynamically linked (needs a C library): build it with CGO_ENABLED=0"; return 1; }
      ;;
    *darwin-arm64)
      [ "$(od -An -tx1 -j4 -N4 "$f" | tr -d ' \n')" = 0c000001 ] || bad "$f: not an arm64 Mach-O" || return 1 ;;
    *darwin-amd64)
      [ "$(od -An -tx1 -j4 -N4 "$f" | tr -d ' \n')" = 07000001 ] || bad "$f: not an x86-64 Mach-O" || return 1 ;;
  esac
  printf 'ok   %s: console command line, no cgo, %s\n' "$f" "$(size "$f")"
}

# msi_rows MSI TABLE prints the rows of TABLE (without msiinfo's three header lines). msiinfo
# writes a table's binary streams (the Icon table's icon) into TABLE/ under the current folder:
# it runs in the scratch folder, so the work tree stays as it was.
msi_rows() {
  local m
  m=$(realpath "$1")
  mkdir -p "$work/export"
  (cd "$work/export" && msiinfo export "$m" "$2" 2>/dev/null) | tail -n +4 | tr -d '\r'
}

check_msi() {
  local m=$1 rows f
  [ -f "$m" ] || bad "$m: missing (make msi)" || return 1
  msiinfo tables "$m" >/dev/null 2>&1 || bad "$m: not an MSI database" || return 1
  rows=$(msi_rows "$m" Property)
  grep -qx "ProductVersion	$app_version" <<<"$rows" || bad "$m: ProductVersion is not $app_version (FyneApp.toml)" || return 1
  grep -qx "ProductName	$app_name" <<<"$rows" || bad "$m: ProductName is not $app_name" || return 1
  grep -qx "ARPPRODUCTICON	chorusdesk.ico" <<<"$rows" || bad "$m: no Add/Remove Programs icon (ARPPRODUCTICON)" || return 1
  grep -q "^UpgradeCode	" <<<"$rows" || bad "$m: no UpgradeCode (a new version could not replace this one)" || return 1
  # Per user: no ALLUSERS, and the summary's word count has bit 8 (no elevation needed).
  grep -q "^ALLUSERS	" <<<"$rows" && { bad "$m: ALLUSERS is set: not a per-user install"; return 1; }
  local wc
  wc=$(msiinfo suminfo "$m" | sed -nE 's/^Source: ([0-9]+).*/\1/p')
  [ -n "$wc" ] && (( wc & 8 )) || bad "$m: the summary's word count ($wc) asks for elevation: not a per-user install" || return 1
  rows=$(msi_rows "$m" File)
  for f in chorusdesk.exe chorusdesk.com; do
    grep -qE "^[^	]+	[^	]+	$f	$(stat -c %s "dist/windows/$f")	" <<<"$rows" || bad "$m: File table has no $f of the size of dist/windows/$f" || return 1
  done
  rows=$(msi_rows "$m" Component)
  for f in WindowProgram ConsoleProgram; do
    # Attribute 4: the key path is a registry value (HKCU), as a per-user component needs.
    grep -qE "^$f	\{[0-9A-F-]+\}	INSTALLDIR	[0-9]+	" <<<"$rows" || bad "$m: no component $f in INSTALLDIR" || return 1
    (( $(awk -F'\t' -v c="$f" '$1 == c {print $4}' <<<"$rows") & 4 )) || bad "$m: component $f's key path is not a registry value" || return 1
  done
  rows=$(msi_rows "$m" Shortcut)
  awk -F'\t' '$2 == "ProgramMenuFolder" && $5 == "[INSTALLDIR]chorusdesk.exe" && $9 == "chorusdesk.ico"' <<<"$rows" | grep -q . \
    || bad "$m: no Start-menu shortcut to chorusdesk.exe with the icon" || return 1
  msi_rows "$m" Icon | grep -q '^chorusdesk.ico	' || bad "$m: no icon in the Icon table" || return 1
  rows=$(msi_rows "$m" Registry)
  [ "$(awk -F'\t' '$2 == 1' <<<"$rows" | wc -l)" -ge 2 ] && ! awk -F'\t' '$2 != 1' <<<"$rows" | grep -q . \
    || bad "$m: the Registry table must hold HKCU (root 1) values only" || return 1
  msi_rows "$m" Environment | grep -qx 'UserPath	=-PATH	\[~\];\[INSTALLDIR\]	ConsoleProgram' \
    || bad "$m: the console program's folder is not added to the user's PATH" || return 1
  rows=$(msi_rows "$m" InstallExecuteSequence)
  for f in CreateShortcuts RemoveShortcuts WriteEnvironmentStrings RemoveEnvironmentStrings WriteRegistryValues RemoveExistingProducts; do
    grep -q "^$f	" <<<"$rows" || bad "$m: $f is not in the install sequence" || return 1
  done
  # The files inside are the programs checked by pecheck.
  rm -rf "$work/msi" && mkdir -p "$work/msi"
  msiextract -C "$work/msi" "$m" >/dev/null || bad "$m: msiextract failed" || return 1
  for f in chorusdesk.exe chorusdesk.com; do
    local inside
    inside=$(find "$work/msi" -name "$f" | head -1)
    [ -n "$inside" ] && cmp -s "$inside" "dist/windows/$f" || bad "$m: its $f is not dist/windows/$f" || return 1
  done
  printf 'ok   %s: per-user, version %s, chorusdesk.exe + chorusdesk.com, Start-menu shortcut, icon, PATH, Add/Remove Programs, %s\n' "$m" "$app_version" "$(size "$m")"
}

check_deb() {
  local d=$1 list info f lib pkg depends
  [ -f "$d" ] || bad "$d: missing (make deb)" || return 1
  list=$(dpkg-deb -c "$d") || bad "$d: not a .deb" || return 1
  info=$(dpkg-deb -I "$d") || bad "$d: no control information" || return 1
  for f in /usr/bin/chorusdesk /usr/bin/chorusdesk-cli; do
    grep -qE "^-rwxr-xr-x .* \.$f\$" <<<"$list" || bad "$d: no executable $f" || return 1
  done
  for f in "/usr/share/applications/$app_id.desktop" "/usr/share/icons/hicolor/512x512/apps/$app_id.png"; do
    grep -qE "^-rw-r--r-- .* \.$f\$" <<<"$list" || bad "$d: no $f" || return 1
  done
  grep -qE "^ Package: chorusdesk$" <<<"$info" || bad "$d: package name is not chorusdesk" || return 1
  grep -qE "^ Version: $app_version-$app_build$" <<<"$info" || bad "$d: version is not $app_version-$app_build (FyneApp.toml)" || return 1
  grep -qE "^ Architecture: amd64$" <<<"$info" || bad "$d: architecture is not amd64" || return 1
  depends=$(sed -nE 's/^ Depends: //p' <<<"$info")
  grep -qE 'libc6 \(>= [0-9.]+\)' <<<"$depends" || bad "$d: no libc6 (>= …) dependency" || return 1
  # Every shared library the window program needs comes from a package of Depends (looked up
  # in the dpkg database of this machine, where the program was built).
  rm -rf "$work/deb" && dpkg-deb -x "$d" "$work/deb"
  grep -qx "Exec=chorusdesk" "$work/deb/usr/share/applications/$app_id.desktop" || bad "$d: the menu entry does not start chorusdesk" || return 1
  grep -qx "Icon=$app_id" "$work/deb/usr/share/applications/$app_id.desktop" || bad "$d: the menu entry's icon is not $app_id" || return 1
  for lib in $(readelf -dW "$work/deb/usr/bin/chorusdesk" | sed -nE 's/.*\(NEEDED\).*\[(.+)\]/\1/p'); do
    pkg=$(dpkg -S "*/$lib" 2>/dev/null | grep -v -- '-dev' | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] || bad "$d: no installed package provides $lib" || return 1
    grep -qE "(^|, )$pkg( |,|$)" <<<"$depends" || bad "$d: needs $lib from $pkg, which Depends lacks" || return 1
  done
  readelf -lW "$work/deb/usr/bin/chorusdesk-cli" | grep -q INTERP && { bad "$d: chorusdesk-cli is dynamically linked"; return 1; }
  printf 'ok   %s: chorusdesk + chorusdesk-cli, menu entry, icon, version %s-%s, Depends: %s, %s\n' "$d" "$app_version" "$app_build" "$depends" "$(size "$d")"
}

pecheck() { go run ./tools/pecheck -toml FyneApp.toml "$@"; }

check_linux || fail=1
for f in "${clis[@]}"; do check_cli "$f" || fail=1; done
pecheck -subsystem gui "$gui" || fail=1
pecheck -subsystem console "$con" || fail=1
check_msi "$msi" || fail=1
check_deb "$deb" || fail=1
if [ $fail -ne 0 ]; then
  echo "package-check: FAILED"
  exit 1
fi

# The checks must be able to fail: broken copies must be refused.
expect_refused() {
  local what=$1; shift
  if "$@" >"$work/refused.log" 2>&1; then
    echo "FAIL the check accepted $what"; cat "$work/refused.log"; fail=1
  else
    echo "ok   refused $what: $(grep -m1 FAIL "$work/refused.log" | cut -c1-120)"
  fi
}
expect_refused "the console program as the window program" pecheck -subsystem gui "$con"
expect_refused "the window program as the console program" pecheck -subsystem console "$gui"
cp "$msi" "$work/broken.msi"
msibuild "$work/broken.msi" -q 'DELETE FROM `Shortcut`'
expect_refused "an MSI without its Start-menu shortcut" check_msi "$work/broken.msi"
cp "$msi" "$work/old.msi"
msibuild "$work/old.msi" -q "UPDATE \`Property\` SET \`Value\` = '0.0.1' WHERE \`Property\` = 'ProductVersion'"
expect_refused "an MSI of another version" check_msi "$work/old.msi"
rm -rf "$work/unpacked" && dpkg-deb -R "$deb" "$work/unpacked"
rm "$work/unpacked/usr/share/applications/$app_id.desktop"
dpkg-deb --root-owner-group -b "$work/unpacked" "$work/broken.deb" >/dev/null
expect_refused "a .deb without its menu entry" check_deb "$work/broken.deb"
cp "${clis[0]}" "$work/chorusdesk-cli-darwin-arm64"
expect_refused "a Linux program named as the macOS one" check_cli "$work/chorusdesk-cli-darwin-arm64"
if [ $fail -ne 0 ]; then
  echo "package-check: FAILED (a check cannot fail)"
  exit 1
fi
echo "package-check: the Linux, Windows (MSI) and Debian packages and the console programs of $app_name $app_version are good"
