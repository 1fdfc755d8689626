#!/usr/bin/env bash
# Usage: dbus-run-session -- scripts/with-keyring.sh CMD...
# Starts a throwaway, unlocked gnome-keyring (Secret Service) on the current private D-Bus
# session, runs CMD, then stops that daemon (and only that one: its pid is the one this script
# started, never looked up by name, so a person's own keyring is never touched) and removes its
# temporary folder, whatever CMD did.
set -euo pipefail
tmp=$(mktemp -d)
daemon_pid=
cleanup() {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# A fresh keyring folder per run. HOME stays as it is: cargo and rustup live there.
export XDG_DATA_HOME="$tmp/data"
mkdir -p "$XDG_DATA_HOME" "$tmp/control"
chmod 700 "$tmp" "$tmp/control" # the daemon refuses a control folder others can read
# In the foreground, so `$!` is the daemon itself. The password must be non-empty, or no
# "login" collection is created and every write fails.
printf '%s' "${KEYRING_PW:-scriptix-desk-test}" \
  | gnome-keyring-daemon --foreground --unlock --components=secrets \
    --control-directory="$tmp/control" >"$tmp/daemon.out" 2>"$tmp/daemon.err" &
daemon_pid=$!
export GNOME_KEYRING_CONTROL="$tmp/control"
# Wait (at most 10 s) until it owns the Secret Service name on this session bus.
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
    | grep -q 'boolean true'; then
    break
  fi
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$tmp/daemon.err" >&2; echo "gnome-keyring-daemon exited" >&2; exit 1; }
  sleep 0.1
done
status=0
"$@" || status=$?
exit "$status"
