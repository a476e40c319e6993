#!/usr/bin/env bash
# Fetches third-party test data into tests/_fetched (git ignores it), each file pinned by
# version and sha256, from the registries CI reaches (Debian's archive, PyPI). Nothing
# fetched here is committed: the CSL test suite carries no licence, and the real library
# files are other people's. Each source's licence or attribution is kept beside its files.
#
#   csl-test-suite/  the CSL processor test suite's fixtures, in their human format
#                    (test/csl of Debian's haskell-citeproc source, BSD-2-Clause; the fixtures
#                    themselves are the CSL project's test suite, which states no licence)
#   libraries/       real bibliographies: Nelson Beebe's TUGboat bibliography and BibTeX's
#                    xampl.bib (pybtex's sdist, MIT), biblatex's biblatex-examples.bib
#                    (Debian's r-cran-rbibutils, GPL-2; biblatex itself is LPPL 1.3),
#                    and a real Scopus export as RIS and as BibTeX (bibx's sdist, MIT)
#
# Usage: scripts/fetch-test-data.sh DEST STAMP   (the Makefile passes tests/_fetched and
# the pins; STAMP is written to DEST/VERSIONS once everything is in place)
set -euo pipefail

DEST=$1
STAMP=$2
PY=${PY:-python3}
POOL=http://deb.debian.org/debian/pool/main

# name | where (Debian pool path, or a pip requirement) | sha256
CITEPROC_SRC="h/haskell-citeproc/haskell-citeproc_0.6.0.1.orig.tar.gz"
CITEPROC_SHA=0c2f0090d7e71069e26a8416e26170842d11ba3b2508fd21d0201c35b0b6aa04
RBIBUTILS_DEB="r/r-cran-rbibutils/r-cran-rbibutils_2.2.13-1_amd64.deb"
RBIBUTILS_SHA=57ec8367cb62d13c569c1cb7c257cb5f66b23d2e61c0e5bc65df1f37bab7444d
PYBTEX_REQ="pybtex==0.26.1"
PYBTEX_SHA=2e5543bea424e60e9e42eef70bff597be48649d8f68ba061a7a092b2477d5464
BIBX_REQ="bibx==0.9.2"
BIBX_SHA=0ffcd7702d9d3c0c82105e4f8863653cef9cf27f41e7dc98278949aa84e5ceb9

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch_pool() {  # path sha256 -> $work/<basename>
	local out="$work/${1##*/}"
	curl -fsS --retry 3 -o "$out" "$POOL/$1"
	echo "$2  $out" | sha256sum -c --quiet -
}

rm -rf "$DEST" && mkdir -p "$DEST/csl-test-suite" "$DEST/libraries"

# The CSL test suite, as haskell-citeproc's tests carry it (Debian 12 "bookworm").
fetch_pool "$CITEPROC_SRC" "$CITEPROC_SHA"
tar -xzf "$work/${CITEPROC_SRC##*/}" -C "$work"
cp "$work"/citeproc-0.6.0.1/test/csl/*.txt "$DEST/csl-test-suite/"
cp "$work/citeproc-0.6.0.1/LICENSE" "$DEST/csl-test-suite/haskell-citeproc-LICENSE.txt"
cat > "$DEST/csl-test-suite/SOURCE.txt" <<EOF
Fixtures of the CSL processor test suite (github.com/citation-style-language/test-suite,
processor-tests/humans), as shipped in test/csl of haskell-citeproc 0.6.0.1 by John
MacFarlane (BSD-2-Clause, haskell-citeproc-LICENSE.txt), Debian source package
haskell-citeproc 0.6.0.1, file haskell-citeproc_0.6.0.1.orig.tar.gz, sha256 $CITEPROC_SHA.
The test suite itself states no licence: fetched for the tests, never committed.
EOF

# biblatex's example bibliography (crossref, @set, @string), as R's rbibutils ships it.
fetch_pool "$RBIBUTILS_DEB" "$RBIBUTILS_SHA"
dpkg-deb -x "$work/${RBIBUTILS_DEB##*/}" "$work/rbibutils"
bib="$work/rbibutils/usr/lib/R/site-library/rbibutils/bib"
cp "$bib/biblatex-examples_sans_key_aksin.bib" "$DEST/libraries/biblatex-examples.bib"
cp "$work/rbibutils/usr/share/doc/r-cran-rbibutils/copyright" \
	"$DEST/libraries/rbibutils-copyright.txt"

# BibTeX's xampl.bib and the TUGboat bibliography (2,720 articles), from pybtex's sdist.
printf '%s --hash=sha256:%s\n' "$PYBTEX_REQ" "$PYBTEX_SHA" "$BIBX_REQ" "$BIBX_SHA" \
	> "$work/req.txt"
"$PY" -m pip download -q --no-deps --no-binary :all: --require-hashes -r "$work/req.txt" \
	-d "$work/pip"
tar -xzf "$work"/pip/pybtex-*.tar.gz -C "$work"
cp "$work"/pybtex-*/examples/tugboat/tugboat.bib "$DEST/libraries/tugboat.bib"
cp "$work"/pybtex-*/tests/data/xampl.bib "$DEST/libraries/xampl.bib"
cp "$work"/pybtex-*/COPYING "$DEST/libraries/pybtex-COPYING.txt"
# A Scopus search exported as RIS (836 records) and as BibTeX (893 entries), from bibx.
tar -xzf "$work"/pip/bibx-*.tar.gz -C "$work"
cp "$work"/bibx-*/docs/examples/scopus.ris "$work"/bibx-*/docs/examples/scopus.bib \
	"$DEST/libraries/"
cp "$work"/bibx-*/LICENSE "$DEST/libraries/bibx-LICENSE.txt"
cat > "$DEST/libraries/SOURCE.txt" <<EOF
biblatex-examples.bib  biblatex's example bibliography (Philip Kime, Moritz Wemheuer et al.,
                       LPPL 1.3), less its entry "aksin", from Debian's r-cran-rbibutils
                       2.2.13-1 (GPL-2, rbibutils-copyright.txt), sha256 $RBIBUTILS_SHA.
tugboat.bib            Nelson H. F. Beebe's bibliography of TUGboat, version 1.35 (TeX Live),
xampl.bib              and BibTeX's example file by Oren Patashnik, both from pybtex 0.26.1's
                       sdist on PyPI (MIT, pybtex-COPYING.txt), sha256 $PYBTEX_SHA.
scopus.ris, scopus.bib  one Scopus search (bit-patterned media, 2020) exported as RIS and
                       as BibTeX, from bibx 0.9.2's sdist on PyPI (MIT, bibx-LICENSE.txt),
                       sha256 $BIBX_SHA.
Fetched for the tests, never committed.
EOF

printf '%s\n' "$STAMP" > "$DEST/VERSIONS"
