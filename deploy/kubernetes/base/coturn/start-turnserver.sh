#!/bin/sh
# Starts coturn with the settings from .env. The secret goes into a private copy of the config
# file instead of onto the command line, where every user of the host could read it.
set -eu
here="$(dirname "$0")"
: "${TURN_SECRET:?TURN_SECRET is required}"
: "${TURN_REALM:?TURN_REALM is required}"

umask 077
config="$(mktemp)"
cat "$here/turnserver.conf" > "$config"
printf 'static-auth-secret=%s\nrealm=%s\nlistening-port=%s\nmin-port=%s\nmax-port=%s\n' \
  "$TURN_SECRET" "$TURN_REALM" "${TURN_PORT:-3478}" "${TURN_MIN_PORT:-49160}" "${TURN_MAX_PORT:-49259}" >> "$config"
exec turnserver -c "$config"
