#!/bin/sh
# Starts Janus with the settings from .env, the way ./run configures it (infra/LocalComponents/JanusConfiguration.cs):
# only the VideoRoom plugin (string room ids) and the HTTP transport load; the REST API listens on one private address
# and needs the API secret; the admin API is off; ICE gathers on the one address browsers and cameras reach; RTP uses
# one port block. The secret goes into private config files, never onto the command line.
set -eu
: "${JANUS_API_SECRET:?JANUS_API_SECRET is required}"
: "${JANUS_MEDIA_ADDRESS:?JANUS_MEDIA_ADDRESS is required}"
: "${JANUS_API_ADDRESS:?JANUS_API_ADDRESS is required}"
api_port="${JANUS_API_PORT:-8088}"
min_port="${JANUS_MIN_PORT:-49260}"
max_port="${JANUS_MAX_PORT:-49359}"

library=""
for folder in /usr/lib/*/janus; do
  [ -f "$folder/plugins/libjanus_videoroom.so" ] && library="$folder"
done
[ -n "$library" ] || { echo "Janus's VideoRoom plugin is not installed" >&2; exit 1; }

# Every shared library in a folder except the one kept, comma-separated.
all_but() {
  ls "$1" 2>/dev/null | grep '\.so$' | grep -vx "${2:-}" | paste -sd, -
}

umask 077
config="$(mktemp -d)"
cat > "$config/janus.jcfg" <<JCFG
general: {
  configs_folder = "$config"
  plugins_folder = "$library/plugins"
  transports_folder = "$library/transports"
  events_folder = "$library/events"
  loggers_folder = "$library/loggers"
  debug_level = 4
  server_name = "hiroba-janus"
  api_secret = "$JANUS_API_SECRET"
  session_timeout = 60
}
media: {
  ipv6 = false
  rtp_port_range = "$min_port-$max_port"
}
nat: {
  nice_debug = false
  ice_enforce_list = "$JANUS_MEDIA_ADDRESS"
  ignore_mdns = true
}
plugins: { disable = "$(all_but "$library/plugins" libjanus_videoroom.so)" }
transports: { disable = "$(all_but "$library/transports" libjanus_http.so)" }
loggers: { disable = "$(all_but "$library/loggers")" }
events: { broadcast = false disable = "$(all_but "$library/events")" }
JCFG
cat > "$config/janus.transport.http.jcfg" <<JCFG
general: {
  json = "compact"
  base_path = "/janus"
  http = true
  port = $api_port
  ip = "$JANUS_API_ADDRESS"
  https = false
}
admin: {
  admin_http = false
  admin_https = false
}
JCFG
cat > "$config/janus.plugin.videoroom.jcfg" <<JCFG
general: {
  string_ids = true
}
JCFG
exec janus --configs-folder "$config" --config "$config/janus.jcfg" --disable-colors
