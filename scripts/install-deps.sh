#!/usr/bin/env bash
# Installs what building and testing Scriptix Desk needs on Debian/Ubuntu, and nothing
# when it is already there (safe to run twice). Other systems: see README "Prerequisites".
set -euo pipefail

# Build: Tauri's WebKitGTK stack. Test: Xvfb, WebKitWebDriver, a Secret Service (gnome-keyring)
# on a private D-Bus session, ImageMagick/xdotool for screenshots and driving the GTK dialog.
PACKAGES=(
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libxdo-dev libsecret-1-dev
  xvfb webkit2gtk-driver gnome-keyring dbus-x11 imagemagick xdotool
  # Package check: validate the desktop entry and AppStream file, read the .rpm's metadata.
  desktop-file-utils appstream rpm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "Missing packages: ${missing[*]}. This script knows apt-get only; see the README's prerequisites." >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "Missing packages: ${missing[*]}. Run as root or install sudo, or install them yourself." >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

need() { command -v "$1" >/dev/null || { echo "$2" >&2; exit 1; }; }
need cargo "Rust is missing: install it from https://rustup.rs (stable toolchain)."
# rust-toolchain.toml pins the release by number. A rustup whose only toolchain is "stable" at
# that very release would try to download it by number (and fail where only package registries
# are reachable), so give the installed stable toolchain its number as a second name.
pinned=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml 2>/dev/null || true)
if [ -n "$pinned" ] && command -v rustup >/dev/null \
  && ! rustup toolchain list | grep -q "^$pinned-"; then
  if rustc +stable --version 2>/dev/null | grep -q "^rustc $pinned "; then
    # `rustup toolchain link` refuses names that look like releases, so link the folder itself.
    host=$(rustc +stable -vV | sed -n 's/^host: //p')
    ln -s "$(rustc +stable --print sysroot)" "$(rustup show home)/toolchains/$pinned-$host"
  else
    echo "rust-toolchain.toml asks for Rust $pinned: install it with 'rustup toolchain install $pinned'." >&2
    exit 1
  fi
fi
need node "Node.js 20 or newer is missing: install it from https://nodejs.org."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
  || { echo "Node.js $(node --version) is too old: Vite needs 20.19 or newer." >&2; exit 1; }
