#!/usr/bin/env bash
# Build dist/brief-editor_VERSION_ARCH.deb from the PyInstaller bundle with dpkg-deb.
#
#   packaging/linux/build-deb.sh BUNDLE_DIR OUT_DIR VERSION
#
# Layout: the bundle in /opt/brief-editor, a relative symlink /usr/bin/brief-editor (so the
# package also runs when unpacked with `dpkg -x` somewhere else), the menu entry, the .brief
# MIME type and the icons under /usr/share. The glibc the bundle needs is read from its
# binaries: build on the oldest distribution the package must install on.
set -euo pipefail

bundle=${1:?bundle folder}
out=${2:?output folder}
version=${3:?version}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
icons=$root/resources/icons

if [ ! -x "$bundle/brief-editor" ]; then
    echo "build-deb: $bundle/brief-editor is missing; build the bundle first" >&2
    exit 2
fi
arch=$(dpkg --print-architecture)
deb=$out/brief-editor_${version}_${arch}.deb
stage=$(mktemp -d "${TMPDIR:-/tmp}/brief-editor-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT

install -d "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" \
    "$stage/usr/share/applications" "$stage/usr/share/mime/packages" \
    "$stage/usr/share/doc/brief-editor" "$stage/usr/share/icons/hicolor/scalable/apps" \
    "$stage/usr/share/icons/hicolor/scalable/mimetypes"
cp -a "$bundle" "$stage/opt/brief-editor"
ln -s ../../opt/brief-editor/brief-editor "$stage/usr/bin/brief-editor"

install -m 644 "$here/brief-editor.desktop" \
    "$stage/usr/share/applications/brief-editor.desktop"
install -m 644 "$here/brief-editor-mime.xml" "$stage/usr/share/mime/packages/brief-editor.xml"
install -m 644 "$icons/brief-editor.svg" \
    "$stage/usr/share/icons/hicolor/scalable/apps/brief-editor.svg"
install -m 644 "$icons/brief-editor.svg" \
    "$stage/usr/share/icons/hicolor/scalable/mimetypes/application-x-brief-editor+json.svg"
for png in "$icons"/brief-editor-*.png; do
    size=$(basename "$png" .png); size=${size#brief-editor-}
    install -d "$stage/usr/share/icons/hicolor/${size}x${size}/apps" \
        "$stage/usr/share/icons/hicolor/${size}x${size}/mimetypes"
    install -m 644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/brief-editor.png"
    install -m 644 "$png" \
        "$stage/usr/share/icons/hicolor/${size}x${size}/mimetypes/application-x-brief-editor+json.png"
done
install -m 644 "$root/LICENSES.md" "$stage/usr/share/doc/brief-editor/copyright"

# The newest glibc symbol version any bundled binary asks for.
glibc=$(find "$stage/opt/brief-editor" -type f \( -name '*.so*' -o -name brief-editor \) \
            -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' \
            | sort -uV | tail -1)
installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)

# Everything else the bundle links against is inside it. From the system: glibc, X11's libxcb
# and the GL/EGL loaders (they must match its drivers), and fontconfig's configuration (the
# bundled library reads /etc/fonts). Wayland's client libraries are only needed in a Wayland
# session; without them Qt falls back to X11.
cat > "$stage/DEBIAN/control" <<EOF
Package: brief-editor
Version: $version
Section: editors
Priority: optional
Architecture: $arch
Maintainer: Brief Editor team <brief-editor@example.org>
Installed-Size: $installed_kb
Depends: libc6 (>= ${glibc:-2.31}), libgl1, libegl1, libxcb1, libfontconfig1
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-dejavu-core
Homepage: https://example.org/brief-editor
Description: editor for source-cited weekly briefs
 Brief Editor writes weekly briefs whose notes, Ibid. references and
 sourcing checks are computed from the cited sources, and exports them to
 Word (DOCX) and PDF. The command line (brief-editor check,
 notes, export) does everything the editor does to a file.
EOF
install -m 755 "$here/postinst" "$here/postrm" "$stage/DEBIAN/"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z \
    | xargs -0 md5sum | sed 's|  \./|  |' > DEBIAN/md5sums)

mkdir -p "$out"
# xz keeps the download small (Qt and V8 compress well); --root-owner-group needs no fakeroot.
dpkg-deb --root-owner-group -Zxz -z6 --build "$stage" "$deb" >/dev/null
echo "$deb"
