"""Finding a citation style's CSL file from the name a brief gives in ``citation_style``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brief_editor.citations.errors import CitationError
from brief_editor.resources import resources_dir
from brief_editor.safe_read import UnreadableFile, read_regular_file

# A CSL style is tens of kilobytes; the largest in the CSL repository is under 1 MB.
MAX_STYLE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style: where it came from, and its XML."""

    name: str
    path: Path
    xml: str

    @property
    def key(self) -> str:
        return str(self.path)


def bundled_styles_dir() -> Path:
    return resources_dir() / "styles"


def available_styles(user_styles: Path | None = None) -> list[str]:
    """Names of the bundled styles and those in the user's styles folder."""
    names = {p.stem for p in bundled_styles_dir().glob("*.csl")}
    if user_styles and user_styles.is_dir():
        names |= {p.stem for p in user_styles.glob("*.csl")}
    return sorted(names)


def resolve_style(
    name: str, *, brief_dir: Path | None = None, user_styles: Path | None = None
) -> CitationStyle:
    """The style a brief names: a bundled one, one in the user's folder, or a .csl path."""
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
    raise CitationError(f"citation style '{name}' not found (looked for {looked})")
