#!/usr/bin/env bash
# Installs the system packages Sightline needs on Debian/Ubuntu, only when missing:
# libprotobuf-c (the runtime of the C structs the encoder fills and the decoder's unpack), pkg-config, zlib's headers (gzip in SightlineOTLP), libcurl
# (under Foundation's URLSession, the exporter's HTTP client) and SQLite's headers (the
# collector's store, through GRDB).
# Safe to run again and again.
set -euo pipefail

packages=(libprotobuf-c-dev pkg-config zlib1g-dev libcurl4 libsqlite3-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The interop tests build a Python venv; Debian's python3 needs python3-venv for that.
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
