#!/usr/bin/env bash
# Build dist/brief-editor-VERSION-macos-ARCH.dmg from the PyInstaller app with hdiutil.
#
#   packaging/macos/build-dmg.sh "dist/Brief Editor.app" dist VERSION
#
# The disk image holds the app and a link to /Applications, so that installing is a drag.
# The app is ad-hoc signed by PyInstaller only: without a Developer ID signature and
# notarization, Gatekeeper asks the user to confirm the first start (see packaging/README.md).
set -euo pipefail

app=${1:?the .app}
out=${2:?output folder}
version=${3:?version}
[ -d "$app/Contents/MacOS" ] || { echo "build-dmg: $app is not an app bundle" >&2; exit 2; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/brief-editor-dmg.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# ditto keeps the symlinks, extended attributes and signatures inside the bundle.
ditto "$app" "$stage/$(basename "$app")"
ln -s /Applications "$stage/Applications"

mkdir -p "$out"
dmg=$out/brief-editor-$version-macos-$(uname -m).dmg
hdiutil create -volname "Brief Editor $version" -srcfolder "$stage" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 -ov "$dmg" >/dev/null
hdiutil verify "$dmg" >/dev/null
echo "$dmg"
