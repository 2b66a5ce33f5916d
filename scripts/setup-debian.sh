#!/usr/bin/env bash
# Installs the system libraries the Pizhu window needs at run time on Debian/Ubuntu
# (OpenGL through Mesa, X11 and xkbcommon). Building needs none of them; tests need none.
# Idempotent: installs only what is missing.
set -euo pipefail
packages=(libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxrandr2 libxi6)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "pizhu: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
