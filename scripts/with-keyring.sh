#!/usr/bin/env bash
# Usage: dbus-run-session -- scripts/with-keyring.sh CMD...
# Starts a throwaway, unlocked gnome-keyring (Secret Service) on the current private D-Bus
# session, runs CMD, and stops the daemon again whatever CMD did.
set -euo pipefail
# A fresh keyring folder per run. HOME stays as it is: cargo and rustup live there.
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
# The password must be non-empty, or no "login" collection is created and every write fails.
eval "$(printf '%s' "${KEYRING_PW:-scriptix-desk-test}" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
daemon_pid=$(pgrep -n -u "$(id -u)" gnome-keyring-d || true)
status=0
"$@" || status=$?
[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
exit "$status"
