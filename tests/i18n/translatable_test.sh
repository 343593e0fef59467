#!/usr/bin/env bash
# translatable_test.sh SOURCE_DIR: user-visible strings are ready for translation. Qt's lupdate extracts
# every tr()/translate()/QT_TRANSLATE_NOOP string of the application's code into a fresh .ts file and
# must not warn (a tr() it cannot attribute is a string no translator would see); widget texts set
# from a plain literal are listed as untranslated.
set -euo pipefail
src="$1"
lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || { echo "FAIL: $lupdate is missing: run packaging/install-deps.sh (qt6-l10n-tools)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$src"
"$lupdate" -silent -no-obsolete app views model importers -extensions cpp,h -ts "$work/terrain.ts" >"$work/log" 2>&1
if [ -s "$work/log" ]; then
    echo "FAIL: lupdate warned:" >&2
    cat "$work/log" >&2
    exit 1
fi
messages="$(grep -c '<source>' "$work/terrain.ts")"
echo "lupdate extracted $messages strings for translation"
[ "$messages" -ge 800 ] || { echo "FAIL: only $messages strings extracted; expected at least 800" >&2; exit 1; }
# Texts set on widgets straight from a literal of words (markup and formats excepted).
if grep -nE '(setText|setToolTip|setWindowTitle|setPlaceholderText|setStatusTip|setAccessibleName|setAccessibleDescription|new QLabel|new QPushButton|addAction|addMenu|setHeaderLabels)\(\s*QStringLiteral\("[A-Za-z][a-z]+ [a-z]+' \
    app/*.cpp views/*.cpp; then
    echo "FAIL: the lines above show words to a user without tr()" >&2
    exit 1
fi
echo "translatable: no warnings, no untranslated widget texts"
