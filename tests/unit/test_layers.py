"""The arrows between layers point down (ARCHITECTURE.md): checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "brief_editor"

# What each layer may import from the package, besides itself.
ALLOWED = {
    "model": {"errors"},
    "citations": {"model", "errors", "resources", "safe_read"},
    "storage": {"model", "citations", "errors", "resources", "safe_read"},
    "export": {"model", "citations", "storage", "errors", "resources", "safe_read"},
    "review": {"export", "model", "citations", "storage", "errors", "resources", "safe_read"},
    "workspace": {"model", "citations", "storage", "errors", "resources", "safe_read"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_lies_below_it(layer):
    offenders = []
    for path in _layer_files(layer):
        for name in _imports(path):
            if name.split(".")[0] == "PySide6":
                offenders.append(f"{path.name}: {name} (Qt outside ui/)")
            if not name.startswith("brief_editor."):
                continue
            target = name.split(".")[1]
            if target != layer and target not in ALLOWED[layer]:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_qt_is_imported_only_in_ui_and_lazily_by_the_cli():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("ui/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: cli.py imports the editor inside a function
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if module and (module.startswith("PySide6") or module.startswith("brief_editor.ui")):
                    offenders.append(relative)
    assert offenders == []


def test_the_headless_pipeline_runs_without_qt():
    """Loading, wording notes, checking and planning an export never import Qt."""
    import subprocess
    import sys

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "tiny.brief"
    code = (
        "import sys\n"
        "from brief_editor.storage.files import read_brief\n"
        "from brief_editor.citations.checks import run_checks\n"
        "from brief_editor.export.plan import build_plan\n"
        f"b = read_brief({str(fixture)!r})\n"
        "run_checks(b); build_plan(b)\n"
        "import brief_editor.export.docx_writer, brief_editor.export.pdf_writer\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _all_imports(path: Path) -> set[str]:
    """Every module of ours the file imports when it runs, inside functions too (not the
    imports for type checkers alone)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("brief_editor.")}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_no_two_modules_of_a_layer_import_each_other(layer):
    # A circle (run.py importing docx_writer.py, which imported run.py back for its error)
    # makes the import order matter; a layer's modules form a tree.
    modules = {f"brief_editor.{layer}." + p.relative_to(PACKAGE / layer).with_suffix("")
               .as_posix().replace("/", "."): p for p in _layer_files(layer)}
    imports = {name: _all_imports(path) & set(modules) for name, path in modules.items()}
    circles = sorted(f"{a} <-> {b}" for a, deps in imports.items() for b in deps
                     if a < b and a in imports.get(b, set()))
    assert circles == []


# The application entry builds the main window; every other ui module gets what it needs
# of it passed in (ui/host.py's protocols), so none depends on the window's module.
BUILDS_THE_WINDOW = {"app.py", "mainwindow.py"}


def _mentions_mainwindow(path: Path) -> list[str]:
    """Each import of ui/mainwindow in ``path``: at the top, in a function, or only for
    type checking (``if TYPE_CHECKING:``), absolute or relative."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.endswith("ui.mainwindow")]
        elif isinstance(node, ast.ImportFrom):
            module = ("." * node.level) + (node.module or "")
            names = [a.name for a in node.names]
            if module.endswith("mainwindow") or (module in ("brief_editor.ui", ".")
                                                 and "mainwindow" in names):
                found.append(f"line {node.lineno}: from {module} import {', '.join(names)}")
    return found


def test_no_ui_module_but_the_entry_depends_on_the_main_window():
    offenders = {path.name: found for path in _layer_files("ui")
                 if path.name not in BUILDS_THE_WINDOW
                 and (found := _mentions_mainwindow(path))}
    assert offenders == {}


def test_the_main_window_check_sees_an_import_made_only_for_type_checking(tmp_path):
    sample = tmp_path / "feature.py"
    sample.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n"
                      "    from brief_editor.ui.mainwindow import MainWindow\n"
                      "def f():\n"
                      "    from . import mainwindow\n", encoding="utf-8")
    assert len(_mentions_mainwindow(sample)) == 2
