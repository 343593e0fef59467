#!/usr/bin/env bash
# Installs what is missing (packaging/install-deps.sh), then configures and builds Terrain into
# BUILD_DIR (default: build/ at the top of the source tree).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/install-deps.sh"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake --build "$build" --parallel "$(nproc)"
