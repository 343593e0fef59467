#!/usr/bin/env bash
# package_test.sh BUILD_DIR VERSION: builds the .deb from BUILD_DIR with CPack into a temporary folder,
# installs it into a clean directory tree with dpkg-deb -x, and checks what a user would get.
set -euo pipefail
build="$1"
version="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is missing: run packaging/install-deps.sh (package $2)"; }
need cpack cmake
need dpkg-deb dpkg
need appstreamcli appstream
need desktop-file-validate desktop-file-utils
need update-mime-database shared-mime-info
need man man-db

echo "== cpack"
cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log"
    fail "cpack could not build the package"
}
deb="$(ls "$work"/pkg/terrain_*.deb)"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
[[ "$(basename "$deb")" == "terrain_${version}_"*.deb ]] || fail "unexpected package name $(basename "$deb")"

echo "== control"
control="$(dpkg-deb -f "$deb")"
echo "$control" | grep -E '^(Package|Version|Architecture|Depends|Recommends|Section):'
grep -q '^Package: terrain$' <<<"$control" || fail "Package is not terrain"
grep -q "^Version: ${version}$" <<<"$control" || fail "Version is not $version"
depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libqt6widgets6 libqt6gui6 libqt6core6 libqt6svg6 libgvc6 libcgraph6 libyaml-cpp0.7 libsqlite3-0 \
    libabsl20220623 qt6-qpa-plugins; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

echo "== files"
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
expected=(./usr/bin/terrain ./usr/libexec/terrain/terrain-layout
    ./usr/share/applications/io.terrain.Terrain.desktop
    ./usr/share/metainfo/io.terrain.Terrain.metainfo.xml
    ./usr/share/icons/hicolor/scalable/apps/io.terrain.Terrain.svg
    ./usr/share/mime/packages/io.terrain.Terrain.xml
    ./usr/share/man/man1/terrain.1.gz
    ./usr/share/doc/terrain/copyright)
printf '%s\n' "${expected[@]}" | sort >"$work/expected"
grep -v '/$' "$work/files" | sort >"$work/actual"
diff "$work/expected" "$work/actual" || fail "the package's files differ from the expected ones (< missing, > unexpected)"

echo "== install into a clean tree"
root="$work/root"
mkdir -p "$root"
dpkg-deb -x "$deb" "$root"
[ -x "$root/usr/libexec/terrain/terrain-layout" ] || fail "terrain-layout is not executable"

echo "== desktop entry, metainfo, MIME type, man page"
desktop-file-validate "$root/usr/share/applications/io.terrain.Terrain.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --pedantic --explain "$root/usr/share/metainfo/io.terrain.Terrain.metainfo.xml" ||
    fail "appstreamcli validate"
grep -q '^MimeType=application/x-terrain-map;$' "$root/usr/share/applications/io.terrain.Terrain.desktop" ||
    fail "the desktop entry does not open .terrain files"
grep -q '^Exec=terrain %f$' "$root/usr/share/applications/io.terrain.Terrain.desktop" ||
    fail "the desktop entry does not pass the file to terrain"
mkdir -p "$work/mime"
cp -r "$root/usr/share/mime/packages" "$work/mime/"
update-mime-database "$work/mime" >/dev/null 2>&1
grep -q 'application/x-terrain-map:\*\.terrain' "$work/mime/globs2" || fail "*.terrain is not mapped to the MIME type"
warnings="$(MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/terrain.1.gz" 2>&1 >/dev/null || true)"
[ -z "$warnings" ] || fail "man page warnings: $warnings"
man_text="$(MANWIDTH=200 man -l "$root/usr/share/man/man1/terrain.1.gz" 2>/dev/null)"
grep -q "Terrain ${version}" <<<"$man_text" || fail "the man page does not carry version $version"

echo "== the installed binary"
bin="$root/usr/bin/terrain"
[ "$("$bin" --version)" = "terrain ${version}" ] || fail "terrain --version printed $("$bin" --version)"
# Every verb and export format the binary knows is in the man page.
for verb in new demo import export rank check; do
    grep -q "terrain $verb" <<<"$man_text" || fail "the man page does not describe 'terrain $verb'"
done
help="$("$bin" --help)"

for format in json dot mermaid svg png pdf roadmap-md roadmap-html roadmap-pdf roadmap-csv roadmap-json \
    report-html report-pdf backstage adr tfstate tfjson tfgraph k8s compose cfn awscli csv prometheus; do
    grep -q -- "$format" <<<"$help" || fail "terrain --help no longer knows $format (update this list)"
    grep -q -- "$format" <<<"$man_text" || fail "the man page does not name the format $format"
done
"$bin" demo "$work/demo.terrain" >/dev/null
"$bin" rank "$work/demo.terrain" | head -3
"$bin" export "$work/demo.terrain" --format svg -o "$work/demo.svg"
grep -q '<svg' "$work/demo.svg" || fail "the installed binary wrote no SVG"
echo 'digraph { a -> b }' | "$root/usr/libexec/terrain/terrain-layout" dot 2 | head -c 200 | grep -q . ||
    fail "the installed layout helper printed nothing"
# The GUI starts on the map (as a file manager would start it) and keeps running until stopped.
set +e
QT_QPA_PLATFORM=offscreen timeout 8 "$bin" "$work/demo.terrain" >"$work/gui.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 124 ] || { cat "$work/gui.log"; fail "the installed GUI exited with $rc before it was stopped"; }
echo "package test passed"
