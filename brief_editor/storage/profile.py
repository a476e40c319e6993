"""The team profile: the house settings that every new issue starts from.

A profile is a small JSON file a team shares: masthead (publication, title, team,
organization, default authors), the labels of an event section, the note style, the paper,
the language and handling marking, the severity of checks (a team may raise W101 to an
error), an optional reference .docx and source library, and a few editor preferences.
``resources/profiles/default.json`` is the bundled house profile.

Rules of the file:

- Every key is optional; a missing key takes the default of ``Profile``. ``labels`` may
  name only the labels it changes.
- A key the program does not know is refused (a misspelt ``severites`` must not silently do
  nothing), except keys starting with ``_``, which are comments.
- ``version`` (default 1) newer than this program knows is refused.
- Paths (``reference_docx``, ``library``) are relative to the profile's folder.
- ``last_issue`` is the number of the last issue the team published. A new issue gets the
  larger of it and the previous brief's issue, plus one; with neither, the issue number is
  left empty and check W201 asks for it.

Which profile applies (``find_profile``): the one named explicitly, else the user's
(``AppPaths.user_profile``), else the site-wide one (``AppPaths.site_profile``), else one an
installer put beside the program (``install_profile_paths``: ``profile.json`` in the
folder of the installed executable), else the bundled default. The first one found is used
whole; profiles are not merged.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief_editor.citations.checks import CheckSettingsError, validate_severities
from brief_editor.citations.estimative import ICD_203, EstimativeScale
from brief_editor.citations.writing_limits import WRITING_CHECKS, Limits
from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, Meta, Style
from brief_editor.model.document import DEFAULT_LANGUAGE, NOTES_PLACEMENTS, PAPER_SIZES
from brief_editor.resources import resources_dir
from brief_editor.safe_read import UnreadableFile, read_regular_file
from brief_editor.storage.paths import AppPaths

if TYPE_CHECKING:
    from brief_editor.citations.writing import WritingSettings

log = logging.getLogger(__name__)

PROFILE_VERSION = 1
MAX_PROFILE_BYTES = 1024 * 1024
MIN_AUTOSAVE_SECONDS = 1
MAX_AUTOSAVE_SECONDS = 3600
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


class ProfileError(BriefEditorError):
    """A profile that cannot be used; the message names the file and the key."""

    def __init__(self, message: str, *, file: str | os.PathLike[str] | None = None,
                 key: str | None = None):
        self.file = str(file) if file is not None else None
        self.key = key
        self.reason = message
        parts = [p for p in (self.file, f"'{key}'" if key else None) if p]
        super().__init__(": ".join([*parts, message]))


@dataclass(frozen=True)
class Labels:
    """The labels printed in an event section."""

    date: str = "Date:"
    location: str = "Location:"
    parties: str = "Parties involved:"
    event: str = "The event:"
    implications: str = "The implications:"

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Profile:
    """A team's house settings; ``path`` is the file it came from (None when built in)."""

    publication: str = ""
    title: str = ""
    organization: str = ""
    team: str = ""
    authors: tuple[str, ...] = ()
    last_issue: int | None = None
    labels: Labels = field(default_factory=Labels)
    citation_style: str = "brief"
    notes: str = "endnotes"
    ibid: bool = True
    paper: str = "letter"
    language: str = DEFAULT_LANGUAGE
    marking: str = ""
    severities: dict[str, str] = field(default_factory=dict)
    reference_docx: str | None = None
    library: str | None = None
    autosave_seconds: int = 30
    fonts: tuple[str, ...] = ()
    # The one typeface of both exports: the DOCX names it, the PDF embeds it or its metric
    # twin (Calibri → Carlito, Cambria → Caladea; see export/fonts.py).
    font: str = "Calibri"
    # Where a PDF's endnotes start: "new", a page of their own (as LibreOffice shows the
    # DOCX, and fastest to lay out); "follow", after the text, as Word shows it.
    endnotes_page: str = "new"
    # The writing checks (W301–W305): which are off, the team dictionary, the estimative
    # scale (None: ICD 203), the length limits. See ``_writing``.
    writing_off: frozenset[str] = frozenset()
    dictionary: tuple[str, ...] = ()
    estimative: EstimativeScale | None = None
    limits: Limits = field(default_factory=Limits)
    path: Path | None = None

    def writing_settings(self, personal_words: tuple[str, ...] = ()) -> WritingSettings:
        """The settings of the writing checks: this profile's, plus the user's own words."""
        # Imported here: reading a profile (every export) needs no spelling machinery.
        from brief_editor.citations.writing import WritingSettings

        return WritingSettings.build(
            off=self.writing_off, words=(*self.dictionary, *personal_words),
            scale=self.estimative or ICD_203, limits=self.limits)

    def _resolve(self, value: str | None) -> Path | None:
        if not value:
            return None
        candidate = Path(value).expanduser()
        if not candidate.is_absolute() and self.path is not None:
            candidate = self.path.parent / candidate
        return candidate

    def reference_docx_path(self) -> Path | None:
        """The reference .docx, resolved against the profile's folder, or None."""
        return self._resolve(self.reference_docx)

    def library_path(self) -> Path | None:
        """The linked source library, resolved against the profile's folder, or None."""
        return self._resolve(self.library)

    @property
    def export_fonts(self) -> tuple[str, ...]:
        """What an export takes: the profile's font, then its PDF fallback fonts."""
        return (self.font, *self.fonts)


# ---------------------------------------------------------------------------- reading


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _nonempty(value: Any) -> str:
    if not _string(value).strip():
        raise ValueError("must not be empty")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _optional_path(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return _string(value)


def _last_issue(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number ≥ 0 (the last issue published), or null")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _language(value: Any) -> str:
    if not isinstance(value, str) or not _LANGUAGE_TAG.match(value):
        raise ValueError(f"must be a language tag such as en-US, not {value!r}")
    return value


def _autosave(value: Any) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not MIN_AUTOSAVE_SECONDS <= value <= MAX_AUTOSAVE_SECONDS
    ):
        raise ValueError(
            f"must be a whole number of seconds from {MIN_AUTOSAVE_SECONDS} to "
            f"{MAX_AUTOSAVE_SECONDS}"
        )
    return value


ENDNOTES_PAGES = ("new", "follow")

_READERS: dict[str, Callable[[Any], Any]] = {
    "publication": _string,
    "title": _string,
    "organization": _string,
    "team": _string,
    "authors": _strings,
    "last_issue": _last_issue,
    "citation_style": _nonempty,
    "notes": _one_of(NOTES_PLACEMENTS),
    "ibid": _boolean,
    "paper": _one_of(PAPER_SIZES),
    "language": _language,
    "marking": _string,
    "reference_docx": _optional_path,
    "library": _optional_path,
    "autosave_seconds": _autosave,
    "fonts": _strings,
    "font": _nonempty,
    "endnotes_page": _one_of(ENDNOTES_PAGES),
}
PROFILE_KEYS = ("version", *_READERS, "labels", "severities", "writing")
WRITING_KEYS = ("off", "dictionary", "estimative", "limits")


def profile_from_raw(raw: Any, *, path: Path | None = None) -> Profile:
    """A Profile from parsed JSON; ProfileError names the file and the offending key."""
    where = path if path is not None else "profile"
    if not isinstance(raw, dict):
        raise ProfileError("a profile must be a JSON object", file=where)
    version = raw.get("version", PROFILE_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ProfileError("must be a whole number ≥ 1", file=where, key="version")
    if version > PROFILE_VERSION:
        raise ProfileError(
            f"version {version} is newer than this program reads ({PROFILE_VERSION}); "
            "update Brief Editor",
            file=where,
            key="version",
        )
    unknown = [k for k in raw if k not in PROFILE_KEYS and not str(k).startswith("_")]
    if unknown:
        raise ProfileError(
            f"unknown key (known keys: {', '.join(PROFILE_KEYS)})", file=where, key=unknown[0]
        )
    values: dict[str, Any] = {}
    for key, reader in _READERS.items():
        if key in raw:
            try:
                values[key] = reader(raw[key])
            except ValueError as exc:
                raise ProfileError(str(exc), file=where, key=key) from None
    if "labels" in raw:
        values["labels"] = _labels(raw["labels"], where)
    if "severities" in raw:
        values["severities"] = _severities(raw["severities"], where)
    if "writing" in raw:
        values.update(_writing(raw["writing"], where))
    return Profile(**values, path=path)


def _writing(raw: Any, where: str | Path) -> dict[str, Any]:
    """``"writing": {"off": [...], "dictionary": [...], "estimative": {...}, "limits": {...}}``.

    ``estimative`` replaces the whole scale: ``terms`` (never flagged) and ``hedges`` (each
    flagged phrase and the term to suggest, which must be one of ``terms``).
    """
    if not isinstance(raw, dict):
        raise ProfileError("must be an object", file=where, key="writing")
    unknown = [k for k in raw if k not in WRITING_KEYS and not str(k).startswith("_")]
    if unknown:
        raise ProfileError(f"unknown key (known: {', '.join(WRITING_KEYS)})", file=where,
                           key=f"writing.{unknown[0]}")
    values: dict[str, Any] = {}
    if "off" in raw:
        try:
            off = _strings(raw["off"])
        except ValueError as exc:
            raise ProfileError(str(exc), file=where, key="writing.off") from None
        for check_id in off:
            if check_id not in WRITING_CHECKS:
                raise ProfileError(f"{check_id!r} is not a writing check (known: "
                                   f"{', '.join(WRITING_CHECKS)})", file=where, key="writing.off")
        values["writing_off"] = frozenset(off)
    if "dictionary" in raw:
        try:
            values["dictionary"] = _strings(raw["dictionary"])
        except ValueError as exc:
            raise ProfileError(str(exc), file=where, key="writing.dictionary") from None
    if "estimative" in raw:
        values["estimative"] = _estimative(raw["estimative"], where)
    if "limits" in raw:
        limits = raw["limits"]
        if not isinstance(limits, dict):
            raise ProfileError('must be an object such as {"event_words": 250}', file=where,
                               key="writing.limits")
        for key, value in limits.items():
            if key not in Limits.names():
                raise ProfileError(f"unknown limit (known: {', '.join(Limits.names())})",
                                   file=where, key=f"writing.limits.{key}")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 1):
                raise ProfileError("must be a whole number ≥ 1, or null", file=where,
                                   key=f"writing.limits.{key}")
        values["limits"] = Limits(**limits)
    return values


def _estimative(raw: Any, where: str | Path) -> EstimativeScale:
    key = "writing.estimative"
    if not isinstance(raw, dict):
        raise ProfileError('must be an object with "terms" and "hedges"', file=where, key=key)
    extra = [k for k in raw if k not in ("name", "terms", "hedges") and not str(k).startswith("_")]
    if extra:
        raise ProfileError("unknown key (known: name, terms, hedges)", file=where,
                           key=f"{key}.{extra[0]}")
    try:
        terms = _strings(raw.get("terms", []))
    except ValueError as exc:
        raise ProfileError(str(exc), file=where, key=f"{key}.terms") from None
    hedges = raw.get("hedges", {})
    if not isinstance(hedges, dict) or not all(isinstance(v, str) for v in hedges.values()):
        raise ProfileError('must be an object such as {"in all likelihood": "very likely"}',
                           file=where, key=f"{key}.hedges")
    folded = {t.casefold() for t in terms}
    for phrase, suggestion in hedges.items():
        if suggestion.casefold() not in folded:
            raise ProfileError(f"suggests {suggestion!r}, which is not one of the terms",
                               file=where, key=f"{key}.hedges.{phrase}")
    name = raw.get("name", "the team's scale")
    if not isinstance(name, str):
        raise ProfileError("must be a string", file=where, key=f"{key}.name")
    return EstimativeScale(terms=terms, hedges=dict(hedges), name=name)


def _labels(raw: Any, where: str | Path) -> Labels:
    if not isinstance(raw, dict):
        raise ProfileError("must be an object of label texts", file=where, key="labels")
    known = Labels().as_dict()
    for key, value in raw.items():
        if key not in known:
            raise ProfileError(
                f"unknown label (known: {', '.join(known)})", file=where, key=f"labels.{key}"
            )
        if not isinstance(value, str):
            raise ProfileError("must be a string", file=where, key=f"labels.{key}")
    return Labels(**{**known, **raw})


def _severities(raw: Any, where: str | Path) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ProfileError(
            'must be an object such as {"W101": "error"}', file=where, key="severities"
        )
    for key, value in raw.items():
        try:
            validate_severities({key: value})
        except CheckSettingsError as exc:
            raise ProfileError(str(exc), file=where, key=f"severities.{key}") from None
    return dict(raw)


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """Read a profile file, or raise ProfileError naming the file and what is wrong."""
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_PROFILE_BYTES, too_large="is too large to be a profile")
    except UnreadableFile as exc:
        reason = str(exc).replace("a file", "a profile file").replace("no such file",
                                                                     "no such profile file")
        raise ProfileError(reason, file=path) from None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ProfileError(f"byte {exc.start} is not UTF-8 text", file=path) from None
    except json.JSONDecodeError as exc:
        raise ProfileError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=path
        ) from None
    except RecursionError:
        raise ProfileError("nested too deeply to be a profile", file=path) from None
    return profile_from_raw(raw, path=path)


def bundled_profile_path() -> Path:
    """The house profile shipped with the program."""
    return resources_dir() / "profiles" / "default.json"


INSTALL_PROFILE_NAME = "profile.json"


def install_profile_paths(executable: str | os.PathLike[str] | None = None) -> tuple[Path, ...]:
    """Where an installer may have put the team's profile: beside the installed program.

    Only a frozen program has an install folder of its own (a source checkout uses the
    bundled default); ``executable`` stands in for ``sys.executable`` of a frozen build.
    Inside a macOS app the folder of the executable is ``Contents/MacOS``, and
    ``Contents/Resources`` is checked too.
    """
    if executable is None:
        if not getattr(sys, "frozen", False):
            return ()
        executable = sys.executable
    folder = Path(executable).resolve().parent
    candidates = [folder / INSTALL_PROFILE_NAME]
    if folder.name == "MacOS" and folder.parent.name == "Contents":
        candidates.append(folder.parent / "Resources" / INSTALL_PROFILE_NAME)
    return tuple(candidates)


# A team workspace (brief_editor/workspace) is a folder marked by this file; its
# profile.json is the team's profile for every issue in it.
WORKSPACE_MARKER = "workspace.json"
WORKSPACE_PROFILE = "profile.json"


def workspace_folder(near: Path | None) -> Path | None:
    """The team workspace holding ``near`` (a brief), if it is in one."""
    if near is None:
        return None
    for folder in Path(near).absolute().parents:
        if (folder / WORKSPACE_MARKER).is_file():
            return folder
    return None


def workspace_profile_path(near: Path | None) -> Path | None:
    """The team profile of the workspace holding ``near`` (a brief), if it is in one."""
    folder = workspace_folder(near)
    candidate = folder / WORKSPACE_PROFILE if folder is not None else None
    return candidate if candidate is not None and candidate.is_file() else None


def find_profile(explicit: str | os.PathLike[str] | None, paths: AppPaths, *,
                 beside_program: Sequence[Path] | None = None,
                 near: Path | None = None) -> Profile:
    """The profile that applies: explicit, the workspace's (for a brief ``near`` in one),
    user's, site's, installer's, else bundled.

    ``beside_program`` defaults to :func:`install_profile_paths`.
    """
    if explicit is not None:
        return load_profile(explicit)
    team = workspace_profile_path(near)
    if team is not None:
        return load_profile(team)
    if beside_program is None:
        beside_program = install_profile_paths()
    for candidate in (paths.user_profile, paths.site_profile, *beside_program):
        if candidate.is_file():
            return load_profile(candidate)
    bundled = bundled_profile_path()
    if bundled.is_file():
        return load_profile(bundled)
    log.warning("the bundled profile %s is missing; using built-in defaults", bundled)
    return Profile()


# ---------------------------------------------------------------------------- new issues


def next_monday(today: dt.date) -> dt.date:
    """The Monday on or after ``today``."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def next_issue_number(profile: Profile, previous: Brief | None = None) -> int | None:
    """One more than the larger of the profile's last issue and the previous brief's."""
    known = [n for n in (profile.last_issue, previous.meta.issue if previous else None)
             if n is not None]
    return max(known) + 1 if known else None


def new_brief_from_profile(
    profile: Profile, *, today: dt.date, previous: Brief | None = None
) -> Brief:
    """An empty issue for the week of the next Monday, with the profile's masthead and style.

    Masthead fields the profile leaves empty are taken from ``previous`` when given. The
    brief has no sections: the editor and scripts add their own.
    """
    before = previous.meta if previous is not None else Meta()
    meta = Meta(
        publication=profile.publication or before.publication,
        title=profile.title or before.title,
        issue=next_issue_number(profile, previous),
        week_of=next_monday(today),
        authors=profile.authors or before.authors,
        team=profile.team or before.team,
        organization=profile.organization or before.organization,
        language=None if profile.language == DEFAULT_LANGUAGE else profile.language,
        marking=profile.marking or None,
    )
    style = Style(
        citation_style=profile.citation_style,
        notes=profile.notes,
        ibid=profile.ibid,
        paper=profile.paper,
    )
    return Brief(meta=meta, style=style)
