#!/usr/bin/env bash
# Installs, builds, writes the bundled demo map to a fresh file and opens Terrain on it.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/build.sh"
dir="${XDG_DATA_HOME:-$HOME/.local/share}/terrain"
mkdir -p "$dir"
map="$dir/demo-$(date +%Y%m%d-%H%M%S).terrain"
"$build/bin/terrain" demo "$map"
echo "demo map: $map"
exec "$build/bin/terrain" "$map"
