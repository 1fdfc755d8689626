#!/usr/bin/env bash
# Runs every test of Scriptix Desk, stopping at the first failure. `make test` calls this,
# and so does CI (.ci/run). It installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
step() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)

step "Prerequisites"
scripts/install-deps.sh

step "UI build"
scripts/build-ui.sh

step "Rust formatting"
cargo fmt --all --check

# desk-core/test-bins: the crash-test worker and its test (cargo would skip them silently).
step "Clippy"
cargo clippy --workspace --all-targets --features desk-core/test-bins --locked -- -D warnings

step "Rust tests (core, fake server, client, command layer, bindings are current)"
cargo test --workspace --exclude desk-e2e --locked

step "Kill -9 and resume (20 trials; the worker binary is a test tool behind desk-core/test-bins)"
# Its own step rather than a feature on the line above: enabling the feature there would
# give desk-core other features than the app build below, and rebuild the app for it.
cargo test -p desk-core --features test-bins --test bulk_crash --locked

step "Full disk (a real 2 MiB tmpfs; mounting it needs root)"
# Ignored in the plain run above because it needs root; here it runs, and fails loudly if it
# cannot mount its tmpfs.
if [ "$(id -u)" -eq 0 ]; then
  cargo test -p desk-core --test bulk_disk_full --locked -- --ignored
else
  exe=$(cargo test -p desk-core --test bulk_disk_full --locked --no-run --message-format=json \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
  [ -n "$exe" ] || { echo "could not build the full-disk test" >&2; exit 1; }
  sudo "$exe" --ignored
fi

step "UI type check and unit tests"
(cd ui && npm run check --silent && npm test --silent)

step "Keyring unavailable (no D-Bus session): coded error, nothing written"
env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY \
  cargo test -p desk-core --test keyring_real --locked -- --ignored --exact keyring_unavailable

step "Real Secret Service and end-to-end tests (Xvfb + gnome-keyring)"
cargo build -p scriptix-desk --locked
dbus-run-session -- scripts/with-keyring.sh sh -c '
  cargo test -p desk-core --test keyring_real --locked -- --ignored --test-threads=1 --skip keyring_unavailable &&
  xvfb-run -a -s "-screen 0 1280x800x24" cargo test -p desk-e2e --locked -- --test-threads=2'

step "Packages: .deb and .rpm, installed with apt-get, first screen of the installed app, clean removal"
# The `package-ci` profile (root Cargo.toml) builds quicker than `release` (no optimiser, no
# single-threaded whole-program LTO) and has the same cfg (no debug assertions, so no test seams; panic abort; embedded UI): everything this
# checks (packaging, install, start, no test seams, removal) holds for it as for the shipped
# build. The shipped build itself is `make package`; its size and speed are `make bench-app`.
PACKAGE_PROFILE=package-ci SKIP_DEPS=1 scripts/package.sh
PACKAGE_PROFILE=package-ci scripts/package-check.sh

printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - started ))"
