#!/usr/bin/env bash
# Installs, builds and runs the whole test suite. Needs no display: GUI tests use the offscreen
# platform.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$top/build}"
bash "$top/packaging/build.sh"
export QT_QPA_PLATFORM=offscreen

# The interoperability checks run the other tools on our exports: Mermaid's parser, Backstage's catalog
# model and log4brains' build come from npm (Node.js is on the machines; Debian does not package them).
# Installed once into the build folder; without npm or its registry those three checks skip, naming
# the tool, and everything else still runs.
npm_dir="$build/npm"
if command -v npm >/dev/null 2>&1 && [ ! -x "$npm_dir/node_modules/.bin/log4brains" ]; then
  echo "test: installing the interoperability checkers from npm into $npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
    @backstage/catalog-model yaml mermaid@10 jsdom log4brains ||
    echo "test: npm could not install them; the Mermaid, Backstage and log4brains checks will skip"
fi
if [ -x "$npm_dir/node_modules/.bin/log4brains" ]; then
  export TERRAIN_LOG4BRAINS="$npm_dir/node_modules/.bin/log4brains"
fi
ctest --test-dir "$build" --output-on-failure --parallel 2 --timeout 900
