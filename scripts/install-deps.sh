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
need node "Node.js 20 or newer is missing: install it from https://nodejs.org."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
  || { echo "Node.js $(node --version) is too old: Vite needs 20.19 or newer." >&2; exit 1; }
