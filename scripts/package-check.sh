#!/usr/bin/env bash
# Checks the built packages the way an IT department would use them: the .deb installs with
# apt-get, the INSTALLED app starts under Xvfb and shows its first screen (WebDriver on
# /usr/bin/scriptix-desk, with the debug-only test variables set and shown to be ignored),
# and `apt-get purge` leaves no file behind in the system folders. `make test` runs it after
# scripts/package.sh (both with PACKAGE_PROFILE=package-ci); `make package-check` on the full
# release build. Needs root or sudo (it installs a package).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
out=$target/${PACKAGE_PROFILE:-release}
pkg=scriptix-desk
if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
fail() { echo "package check: $*" >&2; exit 1; }

deb=$(ls -t "$out"/bundle/deb/*.deb 2>/dev/null | head -1) || true
rpm=$(ls -t "$out"/bundle/rpm/*.rpm 2>/dev/null | head -1) || true
[ -n "$deb" ] && [ -n "$rpm" ] || fail "no .deb/.rpm under $out/bundle: run scripts/package.sh"
[[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == "install ok installed" ]] \
  && fail "$pkg is already installed here; remove it first so the check starts clean"

version=$("$out/scriptix-desk" --version | sed 's/^scriptix-desk //')
echo "version $version"

echo "--- package metadata"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail ".deb version differs from --version"
depends=$(dpkg-deb -f "$deb" Depends); recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Depends: $depends"; echo "Recommends: $recommends"
grep -q 'libwebkit2gtk-4.1-0' <<<"$depends" || fail ".deb does not depend on WebKitGTK 4.1"
grep -q 'gnome-keyring' <<<"$recommends" || fail ".deb does not recommend a Secret Service provider"
[ "$(rpm -qp --qf '%{VERSION}' "$rpm" 2>/dev/null)" = "$version" ] || fail ".rpm version differs from --version"
grep -q 'webkit2gtk4.1' <<<"$(rpm -qpR "$rpm" 2>/dev/null)" || fail ".rpm does not require webkit2gtk4.1"
grep -q 'gnome-keyring' <<<"$(rpm -qp --recommends "$rpm" 2>/dev/null)" || fail ".rpm does not recommend gnome-keyring"
# Tauri names the desktop entry after the product name ("Scriptix Desk.desktop").
desktop="/usr/share/applications/Scriptix Desk.desktop"
# Listings in variables: `grep -q` stopping early would fail a pipe under pipefail.
deb_files=$(dpkg-deb -c "$deb"); rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
for f in /usr/bin/scriptix-desk "$desktop" /usr/share/metainfo/io.scriptix.desk.metainfo.xml; do
  grep -qF "${f#/}" <<<"$deb_files" || fail ".deb lacks $f"
  grep -qxF "$f" <<<"$rpm_files" || fail ".rpm lacks $f"
done
grep -q 'usr/share/icons/hicolor/.*/apps/scriptix-desk.png' <<<"$deb_files" || fail ".deb has no icons"

# A snapshot of the system folders, to show afterwards that nothing was left behind.
snapshot() { find /usr /etc /opt -xdev \( -type f -o -type l \) 2>/dev/null | sort; }
before=$(mktemp); after=$(mktemp)
# Whatever fails after the install, the package does not stay on the machine (a CI machine is
# left as found, and the next run starts clean).
cleanup() {
  rm -f "$before" "$after"
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == *" installed" ]]; then
    echo "package check: removing $pkg after the failure" >&2
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get remove -y -qq "$pkg" || true
    "${SUDO[@]}" dpkg --purge "$pkg" || true
  fi
}
trap cleanup EXIT
snapshot >"$before"

echo "--- apt-get install $deb"
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$deb"
installed=$(dpkg-query -W -f='${Version}' "$pkg")
[ "$installed" = "$version" ] || fail "installed version $installed, expected $version"
[ "$(/usr/bin/scriptix-desk --version)" = "scriptix-desk $version" ] || fail "installed --version is wrong"
env -u DISPLAY /usr/bin/scriptix-desk --help >/dev/null || fail "installed --help fails without a display"
desktop-file-validate "$desktop"
grep -q '^Name\[nl\]=' "$desktop" || fail "no Dutch name in the desktop entry"
grep -q '^Keywords\[nl\]=' "$desktop" || fail "no Dutch keywords"
appstreamcli validate --no-net --pedantic /usr/share/metainfo/io.scriptix.desk.metainfo.xml \
  || appstreamcli validate --no-net /usr/share/metainfo/io.scriptix.desk.metainfo.xml

echo "--- the installed app under Xvfb (WebDriver)"
DESK_E2E_APP=/usr/bin/scriptix-desk dbus-run-session -- scripts/with-keyring.sh \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p desk-e2e --locked --test e2e -- --ignored --exact \
  installed::installed_app_shows_its_first_screen_and_has_no_test_seams

echo "--- apt-get remove, then purge"
files=$(dpkg-query -L "$pkg")
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get remove -y -qq "$pkg"
# A package without conffiles is gone after `remove`; `dpkg --purge` makes sure either way.
"${SUDO[@]}" dpkg --purge "$pkg"
[[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == *" installed" ]] && fail "$pkg is still installed"
left=()
while IFS= read -r f; do
  if [ -f "$f" ] || [ -L "$f" ]; then left+=("$f"); fi
done <<<"$files"
((${#left[@]} == 0)) || fail "files left after purge: ${left[*]}"
snapshot >"$after"
new=$(comm -13 "$before" "$after" | grep -v -e '^/usr/share/icons/hicolor/icon-theme.cache$' || true)
[ -z "$new" ] || fail "new files in system folders after purge: $new"
echo "package check passed: installed, first screen shown, no test seams, removed cleanly"
