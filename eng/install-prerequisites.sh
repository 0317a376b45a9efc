#!/usr/bin/env bash
# Installs what a fresh machine of this kind lacks for the tests, from Debian's packages:
#   redis-server (the system must run on real Redis too), chromium (browser tests), coturn (TURN relay tests).
# Nothing is downloaded from anywhere else; Playwright drives the Debian chromium.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${missing[*]}. Install them (sudo apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi

echo "Installing ${missing[*]} from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian enables and starts coturn/redis services on install; the system starts its own on free ports.
for service in coturn redis-server; do
  (command -v systemctl >/dev/null 2>&1 && systemctl stop "$service" >/dev/null 2>&1) || true
  (command -v service >/dev/null 2>&1 && service "$service" stop >/dev/null 2>&1) || true
done
