#!/usr/bin/env bash
# Installs the Debian packages named as arguments when any of them is missing.
# Retries because another apt run may hold the package database (see docs/development.md).
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3; do
  if $sudo apt-get update -q && $sudo apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}"; then
    exit 0
  fi
  echo "apt-get failed (attempt $attempt), retrying in 10 s" >&2
  sleep 10
done
echo "Could not install ${missing[*]}" >&2
exit 1
