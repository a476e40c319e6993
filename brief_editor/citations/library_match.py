"""When two CSL items are the same work: same DOI, same URL, or same title and container
in the same year, edition, volume, issue and first page (a handbook's 2009 and 2021
editions are two works, and so are a journal's "Calendar" columns in two of its issues).

Shared by the library import (which also matches ids) and check W104, so both agree on
what "the same work" means. Kept free of heavy imports so the checks can use it cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from brief_editor.model import Source

_SPACES = re.compile(r"\s+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)

# Reasons, in the order they are tried; each reads after "same".
BY_DOI = "same DOI"
BY_URL = "same URL"
BY_TITLE = "same title and container"  # and year, edition, volume, issue, first page
BY_ID = "same id"


def normalize_doi(value: Any) -> str:
    """A DOI without resolver prefix, lower-cased (DOIs are case-insensitive)."""
    if not isinstance(value, str):
        return ""
    return _DOI_PREFIX.sub("", value.strip()).strip().lower()


# An http(s) URL with a plain ASCII host and no spaces: what urlsplit and urlunsplit would
# give back is put together directly (W104 looks at every source of a 100,000-source library).
_PLAIN_URL = re.compile(r"(https?)://([A-Za-z0-9.\-_~:@%!$&'()*+,;=]+)(/[^?#\s]*)?"
                        r"(?:\?([^#\s]*))?(?:#\S*)?", re.IGNORECASE)


def normalize_url(value: Any) -> str:
    """A URL for comparison: scheme and host lower-cased, http = https, no fragment or final /."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if not value:
        return ""
    simple = _simple_url_key(value)
    if simple is not None:
        return simple
    plain = _PLAIN_URL.fullmatch(value)
    if plain is not None:
        _scheme, host, path, query = plain.groups()
        return (f"https://{host.lower()}{(path or '').rstrip('/')}"
                f"{'?' + query if query else ''}")
    return split_url_key(value)


_HOST_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                       ".-_~:@%!$&'()*+,;=")


def _simple_url_key(value: str) -> str | None:
    """What ``_PLAIN_URL`` gives for the commonest URL (a lower-case http(s) scheme, ASCII,
    no space, query or fragment), with str methods; None for any other URL."""
    if value.startswith("https://"):
        rest = value[8:]
    elif value.startswith("http://"):
        rest = value[7:]
    else:
        return None
    # ASCII without a query, a fragment or a space of any kind (\s, as str.split sees it):
    # then the expression's path is all after the host.
    if not value.isascii() or "?" in value or "#" in value or len(value.split(None, 1)) > 1:
        return None
    host, slash, path = rest.partition("/")
    # A host of letters, digits, dots and hyphens (nearly all) is told by str methods.
    if not (host.replace(".", "").replace("-", "").isalnum()
            or host and _HOST_CHARS.issuperset(host)):
        return None
    return f"https://{host.lower()}{(slash + path).rstrip('/')}"


def split_url_key(value: str) -> str:
    """``normalize_url`` of a stripped, non-empty URL through urllib (any URL)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    return urlunsplit((scheme, parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def normalize_text(value: Any) -> str:
    """Text for comparison: case-folded, runs of spaces collapsed."""
    if not isinstance(value, str):
        return ""
    # Nothing to squeeze, the common case: printable ASCII without two spaces in a row has
    # no space but " " (tested in C), else the expression says.
    if (value.isascii() and value.isprintable() and "  " not in value) or \
            _ODD_SPACE.search(value) is None:
        value = value.strip()
        return value.lower() if value.isascii() else value.casefold()  # the same for ASCII
    return _SPACES.sub(" ", value).strip().casefold()


_ODD_SPACE = re.compile(r"[^\S ]| {2}")


def work_keys(item: Source | Mapping[str, Any]) -> list[tuple[str, str]]:
    """The keys under which an item is "the same work" as another: (reason, normalized value).

    Two items are the same work when they share any key. Title and container count only
    when both are present (two reports both titled "Annual Report" are not one work), and
    only with the same year, edition, volume, issue and first page: a workshop's 2012 and
    2015 proceedings, a handbook's first and second editions, or a journal's recurring
    column ("Editor's Comments") in two issues of one volume, are distinct works.
    Useful for finding duplicates among many items with a dict instead of comparing pairs.
    """
    data = item.data if isinstance(item, Source) else item
    keys = []
    # A library's sources lack most of these fields: a missing one (None) is no key, and
    # is not normalized (W104 computes the keys of every source of a 100,000-source library).
    doi = data.get("DOI")
    if doi is not None:
        doi = normalize_doi(doi)
        if doi:
            keys.append((BY_DOI, doi))
    url = data.get("URL")
    if url is not None:
        url = normalize_url(url)
        if url:
            keys.append((BY_URL, url))
    title = data.get("title")
    title = normalize_text(title) if title is not None else ""
    container = data.get("container-title") if title else None
    container = normalize_text(container) if container is not None else ""
    if title and container:
        edition = _text_or_number(data.get("edition"))
        volume = _text_or_number(data.get("volume"))
        issue = _text_or_number(data.get("issue"))
        first_page = _first_page(data.get("page"))
        keys.append((BY_TITLE, f"{title}\n{container}\n{_year(data)}\n{edition}\n{volume}"
                               f"\n{issue}\n{first_page}"))
    return keys


def _text_or_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return normalize_text(value)


def _first_page(value: Any) -> str:
    """The first page of a range, so that "191-200" and "191–200" agree."""
    if value is None:
        return ""
    return _PAGE_SPLIT.split(_text_or_number(value), maxsplit=1)[0].strip()


_PAGE_SPLIT = re.compile(r"\s*[-–—‐]+\s*|,")


def _year(data: Mapping[str, Any]) -> str:
    issued = data.get("issued")
    if type(issued) is not dict and not isinstance(issued, Mapping):  # (the ABC is slow)
        return ""
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return str(parts[0][0])
    return normalize_text(issued.get("literal") or issued.get("raw"))


def same_work(a: Source | Mapping[str, Any], b: Source | Mapping[str, Any]) -> str | None:
    """Why ``a`` and ``b`` are the same work ("same DOI", "same URL", …), or None.

    Ids are not compared: two items with one id are a clash of names (check E004), not
    necessarily one work; the library import matches ids separately.
    """
    keys_b = dict(work_keys(b))
    for reason, value in work_keys(a):
        if keys_b.get(reason) == value:
            return reason
    return None
