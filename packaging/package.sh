#!/usr/bin/env bash
# Installs what is missing, builds, and makes the Debian package with CPack: build/terrain_VERSION_ARCH.deb.
# Install it with `sudo apt install ./build/terrain_*.deb` (or `sudo dpkg -i`).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/build.sh"
(cd "$build" && cpack --config CPackConfig.cmake)
ls -1 "$build"/terrain_*.deb
