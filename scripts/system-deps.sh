#!/usr/bin/env bash
# Installs the Debian packages the tests use, only when one is missing or too old.
#
# LibreOffice must be 25.2 or newer: 7.4 (Debian 12's own) sets a DOCX's endnotes on a
# bare "Endnote" page without the section's header and footer, so a reviewer would see
# pages with no marking; 25.2 lays them out in the page flow, as Word does (issue 14).
# On Debian 12 it comes from bookworm-backports, through a private apt source list so
# that the machine's own configuration is left as it was.
#
# Usage: scripts/system-deps.sh PACKAGE...   (the Makefile passes TEST_DEBS)
set -euo pipefail

LO_MIN="4:25.2"
LO_DEBS=(libreoffice-writer-nogui python3-uno)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

installed_version() {
	dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null |
		awk '$1 == "install" && $3 == "installed" { print $4 }'
}

libreoffice_current() {
	local v
	v=$(installed_version libreoffice-writer-nogui)
	[ -n "$v" ] && dpkg --compare-versions "$v" ge "$LO_MIN"
}

missing=()
for pkg in "$@"; do
	case " ${LO_DEBS[*]} " in *" $pkg "*) continue ;; esac
	[ -n "$(installed_version "$pkg")" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing Debian packages: ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

libreoffice_current && exit 0

echo "Installing LibreOffice >= 25.2 (${LO_DEBS[*]})"
apt_options=()
target=()
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ "$codename" = bookworm ]; then
	sources=$(mktemp -d)
	trap 'rm -rf "$sources"' EXIT
	mkdir -p "$sources/parts" "$sources/lists/partial"
	cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$sources/parts/" \
		2>/dev/null || true
	cat > "$sources/parts/brief-editor-backports.sources" <<-'EOF'
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	apt_options=(-o "Dir::Etc::SourceParts=$sources/parts" -o "Dir::State::Lists=$sources/lists")
	target=(-t bookworm-backports)
fi
$SUDO apt-get "${apt_options[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${apt_options[@]}" install -y -qq \
	--no-install-recommends "${target[@]}" "${LO_DEBS[@]}" >/dev/null
if ! libreoffice_current; then
	echo "LibreOffice is $(installed_version libreoffice-writer-nogui); the tests need $LO_MIN or newer" >&2
	exit 2
fi
