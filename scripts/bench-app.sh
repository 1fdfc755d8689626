#!/usr/bin/env bash
# `make bench-app`: benchmarks of the release build, side by side with a bare Tauri 2 window
# (benches/bare-window, same Tauri version and release profile).
#   P5 sizes of the binary and the .deb, and what weighs most;
#   P3 and P4 inside the real webview under Xvfb (tests/benches/app/): first rows after
#   switching to a 10,000-session account, rows matching each keystroke, frames dropped while
#   scrolling, start to first screen and memory (PSS of every app process); then first rows,
#   keystrokes and memory again on a 100,000-session account, side by side with the 10,000
#   one as ratios (issue 20; DESK_BENCH_LARGE=0 leaves it out).
# SKIP_BUILD=1 reuses the release build and packages already in target/.
# DESK_BENCH_ROUNDS=N sets the rounds (3 by default).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
target=$CARGO_TARGET_DIR

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  scripts/package.sh
fi
# The baseline: built like the app (release profile, UI embedded).
cargo build --release --locked -p bare-window --features custom-protocol

app=$target/release/scriptix-desk
bare=$target/release/bare-window
deb=$(ls -t "$target"/release/bundle/deb/*.deb | head -1)
# The goals are in MB (10^6 bytes); MiB in brackets.
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MB (%.1f MiB)", b / 1e6, b / 1048576 }'; }
bytes() { stat -c %s "$1"; }

echo "=== P5 sizes"
printf '%-44s %20s %10s\n' "file" "size" "goal"
printf '%-44s %20s %10s\n' "release binary (stripped)" "$(mib "$(bytes "$app")")" "≤ 12 MB"
printf '%-44s %20s %10s\n' ".deb" "$(mib "$(bytes "$deb")")" "≤ 6 MB"
printf '%-44s %20s %10s\n' "bare Tauri 2 window binary (same profile)" "$(mib "$(bytes "$bare")")" ""
printf '%-44s %20s\n' "app minus bare window (the app's own weight)" "$(mib $(( $(bytes "$app") - $(bytes "$bare") )))"
echo "largest sections of the app binary:"
size -A "$app" | awk 'NR > 2 && $2 > 262144 { printf "  %-20s %8.1f MiB\n", $1, $2 / 1048576 }'
echo "embedded UI (ui/dist): $(du -sb ui/dist | awk '{ printf "%.2f MiB", $1 / 1048576 }')"

echo
echo "=== P3 and P4 (Xvfb, WebKitWebDriver, gnome-keyring on a private D-Bus session)"
# The measured programs are the release builds above. The harness that drives them only
# waits on WebDriver and reads /proc, so it is built like the e2e tests (`cargo test`, dev
# profile, shared with `make test`) instead of compiling its dependencies once more for
# the release profile.
DESK_E2E_APP=$app DESK_BENCH_BARE=$bare \
  dbus-run-session -- scripts/with-keyring.sh \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p desk-e2e --locked --bench app
