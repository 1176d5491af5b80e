#!/usr/bin/env bash
# Installs the browser the viewer's tests drive, only when missing: Debian's chromium and
# chromium-driver (the WebDriver server Selenium talks to). Scripts/test.sh runs it; the demo
# does not need a browser, so Scripts/install-dependencies.sh leaves it out.
# Safe to run again and again.
set -euo pipefail

packages=(chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
