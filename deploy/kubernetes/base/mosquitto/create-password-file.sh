#!/bin/sh
# Writes mosquitto's password file for the services' user from MQTT_PASSWORD. docker compose runs it
# (service mosquitto-password-file) at every `docker compose up`, before the broker starts; the broker
# reads it when it starts. The password never appears on a command line.
set -eu

file="${1:?usage: create-password-file.sh <password file>}"
: "${MQTT_PASSWORD:?MQTT_PASSWORD is required}"
# The user the acl file grants full access to.
username=hiroba-services

umask 077
plain="$file.new"
printf '%s:%s\n' "$username" "$MQTT_PASSWORD" > "$plain"
mosquitto_passwd -U "$plain"
mv -f "$plain" "$file"
# The broker drops root for user mosquitto, which must still read the file.
if [ "$(id -u)" = 0 ] && id mosquitto > /dev/null 2>&1; then
  chown mosquitto:mosquitto "$file"
fi
