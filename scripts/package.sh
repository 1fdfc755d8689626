#!/usr/bin/env bash
# `make package`: the release build and the Linux packages the Tauri bundler makes without
# downloading anything (.deb and .rpm; AppImage fetches tools from GitHub, MSI/DMG need
# Windows/macOS: see the README). Output: target/release/bundle/{deb,rpm}/.
# Set SKIP_DEPS=1 when the caller already ran install-deps.sh and build-ui.sh.
# PACKAGE_PROFILE=package-ci builds with the quick-to-compile profile of that name (root
# Cargo.toml) into target/package-ci/ instead; `make test` uses it for its package check.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
profile=${PACKAGE_PROFILE:-release}
cargo_args=(--locked)
# Tauri drops its own `--release` when cargo is given a profile, and bundles from
# target/<profile>/.
[ "$profile" = release ] || cargo_args+=(--profile "$profile")

if [ "${SKIP_DEPS:-0}" != 1 ]; then
  scripts/install-deps.sh
  scripts/build-ui.sh
fi

started=$(date +%s)
# The CLI is the locked @tauri-apps/cli from ui/package.json; run from the repo root so it
# finds src-tauri/ and ui/ side by side. `--ci` keeps it non-interactive; `-- --locked` goes
# to cargo. The UI is already built, so its beforeBuildCommand is skipped.
ui/node_modules/.bin/tauri build --ci --bundles deb,rpm \
  --config '{"build":{"beforeBuildCommand":""}}' -- "${cargo_args[@]}"
echo "$profile build and bundles took $(( $(date +%s) - started ))s"

bin=$target/$profile/scriptix-desk
deb=$(ls -t "$target/$profile"/bundle/deb/*.deb | head -1)
rpm=$(ls -t "$target/$profile"/bundle/rpm/*.rpm | head -1)
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo "binary: $bin ($(mib "$bin"))"
echo "deb:    $deb ($(mib "$deb"))"
echo "rpm:    $rpm ($(mib "$rpm"))"
