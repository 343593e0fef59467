#!/usr/bin/env bash
# Installs the Debian 12 packages Terrain needs to build, test and run.
# Uses sudo when not root. Installs only what is missing, so a second run is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools libqt6svg6-dev qt6-qpa-plugins libgl-dev
  libgraphviz-dev graphviz
  nlohmann-json3-dev libyaml-cpp-dev libsqlite3-dev sqlite3 nettle-dev libjemalloc-dev libabsl-dev
  xvfb xauth fonts-dejavu-core
  adr-tools
  appstream desktop-file-utils shared-mime-info man-db dpkg-dev qt6-l10n-tools
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
