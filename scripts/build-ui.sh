#!/usr/bin/env bash
# Installs the UI's locked npm packages (only when the lock file changed) and builds ui/dist,
# which the app embeds.
set -euo pipefail
cd "$(dirname "$0")/../ui"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
