# Brief Editor. `make run` opens the editor on the sample; `make test` runs every test.
# Both create .venv when it is missing. Third-party code that pip cannot install
# (citeproc-js and its locale data) is fetched from npm at pinned versions into
# brief_editor/_vendor, which git ignores.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := brief_editor/_vendor
SAMPLE := resources/samples/sample-issue.brief

# Pinned npm packages: the CSL processor inside Zotero, and CSL locale data (en-US, …) that
# only the tests' citeproc-js oracle reads (the program reads citeproc-py's current files).
CITEPROC_PKG := citeproc@2.4.63
LOCALES_PKG := @citation-js/plugin-csl@0.9.0
# Hunspell dictionaries for spell-checking (citations/spelling.py): name@version:language.
# German (igerman98) is GPL-only, so it is not bundled.
DICT_PKGS := dictionary-en@4.0.0:en-US dictionary-en-gb@3.0.0:en-GB dictionary-fr@3.0.0:fr \
	dictionary-es@4.0.0:es
VENDOR_STAMP := $(CITEPROC_PKG) $(LOCALES_PKG) $(DICT_PKGS)

# Pinned Debian font packages, unpacked into brief_editor/_vendor/fonts (git ignores it):
# Carlito and Caladea, metric twins of Calibri and Cambria under the OFL, so that the PDF
# is set in the same metrics as the DOCX that Word shows in Calibri or Cambria.
FONT_DEBS := fonts-crosextra-carlito=20220224-1 fonts-crosextra-caladea=20200211-1

# Debian packages the tests use: LibreOffice opens our DOCX, Xvfb and Qt's X11 plugin
# libraries for screenshots, poppler-utils renders PDF pages to PNG and lists PDF fonts;
# python3-uno lets the review tests drive LibreOffice (edit with changes recorded, comment).
TEST_DEBS := libreoffice-writer-nogui python3-uno xvfb xauth poppler-utils libxcb-cursor0 \
	libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1

.PHONY: run test lint bench stress vendor vendor-fetch vendor-fonts test-data system-deps screenshots clean

run: $(VENV)/.installed vendor
	$(VENV)/bin/brief-editor $(SAMPLE)

test: $(VENV)/.installed-test vendor test-data system-deps
	$(PY) -m ruff check brief_editor tests benchmarks
	$(PY) -m pytest -q

lint: $(VENV)/.installed-test
	$(PY) -m ruff check brief_editor tests benchmarks

bench: $(VENV)/.installed-test vendor system-deps
	$(PY) -m pip install -q -e '.[test,bench]'
	@# Byte-compile first, as an installed copy is: with PYTHONDONTWRITEBYTECODE set, every
	@# timed process would otherwise compile the program from source again.
	$(PY) -m compileall -q brief_editor >/dev/null
	$(PY) benchmarks/run.py

# Hundreds of random editing sessions against the real editor under faulthandler (issue 15);
# `make test` runs a few of them. STRESS_SESSIONS and STRESS_SEED choose the run.
STRESS_SESSIONS ?= 300
STRESS_SEED ?= 1
stress: $(VENV)/.installed-test vendor
	dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	BRIEF_EDITOR_HOME=$$dir/home QT_QPA_PLATFORM=offscreen \
	$(PY) tests/gui/stress_driver.py $$dir $(STRESS_SESSIONS) $(STRESS_SEED) --preview-every 10

screenshots: $(VENV)/.installed-test vendor system-deps
	$(PY) scripts/screenshots.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# Fetched again only when the pinned versions change.
vendor: vendor-fonts
	@if [ "$$(cat $(VENDOR)/VERSIONS 2>/dev/null)" != "$(VENDOR_STAMP)" ]; then \
		$(MAKE) --no-print-directory vendor-fetch; fi

vendor-fonts:
	@if [ "$$(cat $(VENDOR)/fonts/VERSIONS 2>/dev/null)" != "$(FONT_DEBS)" ]; then \
		rm -rf $(VENDOR)/fonts $(VENDOR)/.debs && mkdir -p $(VENDOR)/fonts $(VENDOR)/.debs && \
		(cd $(VENDOR)/.debs && { apt-get download -q -o APT::Sandbox::User=root $(FONT_DEBS) \
			>/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
			$$SUDO apt-get update -qq && apt-get download -q -o APT::Sandbox::User=root \
			$(FONT_DEBS) >/dev/null; }; }) && \
		for deb in $(VENDOR)/.debs/*.deb; do dpkg-deb -x $$deb $(VENDOR)/.debs/root; done && \
		cp $(VENDOR)/.debs/root/usr/share/fonts/truetype/crosextra/*.ttf $(VENDOR)/fonts/ && \
		cp $(VENDOR)/.debs/root/usr/share/doc/fonts-crosextra-carlito/copyright \
			$(VENDOR)/fonts/Carlito-LICENSE.txt && \
		cp $(VENDOR)/.debs/root/usr/share/doc/fonts-crosextra-caladea/copyright \
			$(VENDOR)/fonts/Caladea-LICENSE.txt && \
		rm -rf $(VENDOR)/.debs && printf '%s\n' "$(FONT_DEBS)" > $(VENDOR)/fonts/VERSIONS; fi

$(VENDOR)/.installed:
	$(MAKE) --no-print-directory vendor-fetch

vendor-fetch:
	rm -rf $(VENDOR)/npm && mkdir -p $(VENDOR)/npm
	echo '{"name": "brief-editor-vendor", "private": true}' > $(VENDOR)/npm/package.json
	cd $(VENDOR)/npm && npm install --silent --no-audit --no-fund --ignore-scripts \
		--legacy-peer-deps --no-package-lock $(CITEPROC_PKG) $(LOCALES_PKG) \
		$(foreach d,$(DICT_PKGS),$(firstword $(subst :, ,$(d))))
	cp $(VENDOR)/npm/node_modules/citeproc/citeproc_commonjs.js $(VENDOR)/citeproc.js
	cp $(VENDOR)/npm/node_modules/citeproc/LICENSE $(VENDOR)/citeproc-LICENSE.txt
	cp $(VENDOR)/npm/node_modules/@citation-js/plugin-csl/lib/locales.json $(VENDOR)/locales.json
	cp $(VENDOR)/npm/node_modules/@citation-js/plugin-csl/LICENSE.md $(VENDOR)/locales-LICENSE.txt
	rm -rf $(VENDOR)/hunspell && mkdir -p $(VENDOR)/hunspell
	set -e; for d in $(DICT_PKGS); do \
		pkg=$${d%%:*}; pkg=$${pkg%@*}; lang=$${d##*:}; \
		cp $(VENDOR)/npm/node_modules/$$pkg/index.aff $(VENDOR)/hunspell/$$lang.aff; \
		cp $(VENDOR)/npm/node_modules/$$pkg/index.dic $(VENDOR)/hunspell/$$lang.dic; \
		cp $(VENDOR)/npm/node_modules/$$pkg/license $(VENDOR)/hunspell/$$lang-LICENSE.txt; \
	done
	rm -rf $(VENDOR)/npm
	printf '%s\n' "$(VENDOR_STAMP)" > $(VENDOR)/VERSIONS
	touch $(VENDOR)/.installed

# Test data that may not be committed (issue 12): the CSL test suite's fixtures and real
# library files, pinned by version and sha256 in the script, fetched into tests/_fetched
# (git ignores it) from Debian's archive and PyPI, again whenever the script changes.
TEST_DATA := tests/_fetched
test-data: $(TEST_DATA)/VERSIONS
$(TEST_DATA)/VERSIONS: scripts/fetch-test-data.sh | $(VENV)/bin/python
	PY=$(PY) bash scripts/fetch-test-data.sh $(TEST_DATA) "$$(sha256sum $< | cut -c1-16)"

# Installs the Debian packages the tests need, only when one is missing (LibreOffice: when
# older than 25.2, from bookworm-backports on Debian 12; the script says why).
system-deps:
	@bash scripts/system-deps.sh $(TEST_DEBS)

# Installers and the frozen bundle (packaging/README.md): package, package-test, package-lint.
include packaging/package.mk

clean:
	rm -rf $(VENV) $(VENDOR) $(TEST_DATA) build dist *.egg-info .pytest_cache .ruff_cache
