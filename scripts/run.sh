#!/usr/bin/env bash
# Starts Scriptix Desk. With no account set up yet it opens in practice mode (sample data
# on a built-in practice server), so a newcomer can try everything safely.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-ui.sh
exec cargo run -p scriptix-desk --locked -- --practice-when-empty "$@"
