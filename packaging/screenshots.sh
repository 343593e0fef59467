#!/usr/bin/env bash
# Refreshes docs/screenshots/ (what the README shows) from the GUI test that walks the main views at
# 1920×1080 offscreen: builds, runs tst_firstrun (and its high-DPI run), and copies its docs-*.png.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/build.sh"
ctest --test-dir "$build" -R '^tst_firstrun' --output-on-failure
mkdir -p "$top/docs/screenshots"
for f in "$build"/tests/gui/screenshots/docs-*.png; do
    name="$(basename "$f")"
    cp "$f" "$top/docs/screenshots/${name#docs-}"
done
ls -1 "$top/docs/screenshots"
