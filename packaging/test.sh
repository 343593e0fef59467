#!/usr/bin/env bash
# Installs, builds and runs the whole test suite. Needs no display: GUI tests use the offscreen
# platform.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/build.sh"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure --parallel 2 --timeout 900
