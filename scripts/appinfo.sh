# Sourced by the packaging scripts: the [Details] of FyneApp.toml as shell variables
# (app_name, app_id, app_version, app_build, app_version4 = the four Windows version numbers).
app_field() {
  sed -nE '/^\[Details\]/,/^\[/ s/^[[:space:]]*'"$1"'[[:space:]]*=[[:space:]]*"?([^"#]*[^"#[:space:]])"?.*/\1/p' FyneApp.toml | head -1
}
app_name=$(app_field Name)
app_id=$(app_field ID)
app_version=$(app_field Version)
app_build=$(app_field Build)
app_build=${app_build:-1}
[ -n "$app_version" ] && [ -n "$app_name" ] && [ -n "$app_id" ] || {
  echo "FyneApp.toml: [Details] needs Name, ID and Version" >&2
  exit 1
}
# 0.1 → 0.1.0.<build>, as fyne package and tools/pecheck count them; suffixes (-rc1) dropped.
app_version4=$(awk -F. -v b="$app_build" '{ for (i = 1; i <= 3; i++) { v = $i; sub(/[-+].*/, "", v); printf "%d.", v } printf "%d", b }' <<<"$app_version")
