"""The archive: every issue of a workspace searchable by words, party, place, source and date.

The index is SQLite FTS5 in the user's cache folder, one database per workspace. It is
brought up to date incrementally: a file is read again only when its size or modification
time changed, so a search after a sync that brought two issues re-reads two issues.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_editor.model import Brief, EventSection, inline_text
from brief_editor.model.document import NarrativeSection
from brief_editor.model.errors import BriefFormatError
from brief_editor.storage.files import read_brief
from brief_editor.storage.paths import app_paths
from brief_editor.workspace.layout import WorkspaceError, issue_files, require_root

_SCHEMA_VERSION = 1
_FILTERS = {"party": "parties", "parties": "parties", "location": "location",
            "place": "location", "source": "sources", "heading": "heading"}
_TOKEN = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Hit:
    """One section of one issue that matches a search."""

    file: str  # relative to the workspace
    issue: int | None
    title: str
    section: str | None  # None: the masthead
    heading: str
    date: str | None
    location: str
    snippet: str

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "issue": self.issue, "title": self.title,
                "section": self.section, "heading": self.heading, "date": self.date,
                "location": self.location, "snippet": self.snippet}


def index_path(root: Path) -> Path:
    digest = hashlib.sha1(str(root.absolute()).encode("utf-8")).hexdigest()[:16]
    return app_paths().cache / "workspaces" / f"{digest}.sqlite"


@contextlib.contextmanager
def _connect(root: Path) -> Iterator[sqlite3.Connection]:
    path = index_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version != _SCHEMA_VERSION:
            connection.executescript("""
                DROP TABLE IF EXISTS files;
                DROP TABLE IF EXISTS sections;
                DROP TABLE IF EXISTS cites;
                CREATE TABLE files (path TEXT PRIMARY KEY, stamp TEXT, issue INTEGER,
                                    title TEXT, week_of TEXT);
                CREATE VIRTUAL TABLE sections USING fts5(
                    path UNINDEXED, section UNINDEXED, date UNINDEXED,
                    heading, text, parties, location, sources,
                    tokenize = 'unicode61 remove_diacritics 2');
                CREATE TABLE cites (path TEXT, issue INTEGER, source TEXT);
                CREATE INDEX cites_source ON cites(source);
                CREATE INDEX cites_path ON cites(path);
            """)
            connection.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        yield connection
        connection.commit()
    finally:
        connection.close()


def update_index(root: Path) -> int:
    """Bring the index up to date; returns how many issues were read again."""
    root = require_root(root)
    read = 0
    with _connect(root) as db:
        known = dict(db.execute("SELECT path, stamp FROM files"))
        present: set[str] = set()
        for path in issue_files(root):
            rel = path.relative_to(root).as_posix()
            present.add(rel)
            info = path.stat()
            stamp = f"{info.st_size}:{info.st_mtime_ns}"
            if known.get(rel) == stamp:
                continue
            _forget(db, rel)
            try:
                brief = read_brief(path)
            except BriefFormatError:
                # An unreadable issue is skipped, not fatal: it is still on disk.
                db.execute("INSERT INTO files VALUES (?, ?, NULL, '', NULL)", (rel, stamp))
                continue
            _add(db, rel, stamp, brief)
            read += 1
        for rel in set(known) - present:
            _forget(db, rel)
    return read


def _forget(db: sqlite3.Connection, rel: str) -> None:
    db.execute("DELETE FROM files WHERE path = ?", (rel,))
    db.execute("DELETE FROM sections WHERE path = ?", (rel,))
    db.execute("DELETE FROM cites WHERE path = ?", (rel,))


def _add(db: sqlite3.Connection, rel: str, stamp: str, brief: Brief) -> None:
    meta = brief.meta
    db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
               (rel, stamp, meta.issue, meta.title,
                meta.week_of.isoformat() if meta.week_of else None))
    sources = brief.source_by_id()
    cited: set[str] = set()
    week = meta.week_of.isoformat() if meta.week_of else None
    if meta.summary:
        db.execute("INSERT INTO sections VALUES (?, NULL, ?, ?, ?, '', '', '')",
                   (rel, week, meta.title, inline_text(meta.summary)))
    for section in brief.sections:
        texts: list[str] = []
        parties = location = ""
        date = week
        if isinstance(section, EventSection):
            texts += [inline_text(p) for p in (*section.event, *section.implications)]
            parties = "; ".join(section.parties)
            location = section.location
            date = section.date.isoformat() if section.date else week
        elif isinstance(section, NarrativeSection):
            texts += [inline_text(p) for p in section.body]
            texts += [inline_text(s.text) for s in section.subheadings]
            texts += [t for t in (section.byline, section.source_line, *section.credits) if t]
        texts += [inline_text(f.caption) for f in section.figures]
        source_ids = _cited_sources(section)
        cited |= source_ids
        described = [_describe_source(sources[s].data) for s in sorted(source_ids) if s in sources]
        db.execute("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (rel, section.id, date, inline_text(section.heading), "\n".join(texts),
                    parties, location, "\n".join(described)))
    for source_id in cited:
        if source_id in sources:
            for key in source_keys(sources[source_id].data):
                db.execute("INSERT INTO cites VALUES (?, ?, ?)", (rel, meta.issue, key))


def _cited_sources(section: Any) -> set[str]:
    from brief_editor.model.document import inlines_in_reading_order

    found: set[str] = set()
    for slot in inlines_in_reading_order(Brief(sections=(section,))):
        for span in slot.inline:
            cites = getattr(span, "cites", None)
            if cites:
                found.update(c.source for c in cites)
    return found


def _describe_source(data: dict[str, Any]) -> str:
    parts = [str(data.get(k, "")) for k in ("title", "container-title", "publisher", "URL")]
    for person in data.get("author", []) or []:
        if isinstance(person, dict):
            parts.append(" ".join(str(person.get(k, "")) for k in ("given", "family", "literal")))
    return " ".join(p for p in parts if p)


def source_keys(data: dict[str, Any]) -> list[str]:
    """The ways the same work is recognised across issues: DOI, URL, then title."""
    keys = []
    for field, prefix in (("DOI", "doi:"), ("URL", "url:"), ("title", "title:")):
        value = data.get(field)
        if isinstance(value, str) and value.strip():
            keys.append(prefix + " ".join(value.lower().split()))
    return keys


def issues_citing(root: Path, data: dict[str, Any]) -> list[int]:
    """The numbers of the workspace's issues that cite this work ("cited in issues 12, 15")."""
    keys = source_keys(data)
    if not keys:
        return []
    with _connect(root) as db:
        marks = ",".join("?" * len(keys))
        rows = db.execute(f"SELECT DISTINCT issue FROM cites WHERE source IN ({marks}) "
                          "AND issue IS NOT NULL ORDER BY issue", keys)
        return [row[0] for row in rows]


def citations_by_key(root: Path) -> dict[str, list[int]]:
    """Every cited work of the workspace (by ``source_keys``) and the issues citing it."""
    found: dict[str, list[int]] = {}
    with _connect(root) as db:
        rows = db.execute("SELECT DISTINCT source, issue FROM cites WHERE issue IS NOT NULL "
                          "ORDER BY issue")
        for key, issue in rows:
            found.setdefault(key, []).append(issue)
    return found


def search(root: Path, query: str, *, limit: int = 200) -> list[Hit]:
    """Sections matching ``query``: words, ``party:``, ``location:``, ``source:``,
    ``heading:``, ``from:YYYY-MM-DD`` and ``to:YYYY-MM-DD``; quotes keep a phrase together."""
    root = require_root(root)
    update_index(root)
    match, since, until = parse_query(query)
    if not match and since is None and until is None:
        raise WorkspaceError("the search is empty: give words, party:, location:, source: or a date")
    where, params = [], []
    if match:
        where.append("sections MATCH ?")
        params.append(match)
    if since is not None:
        where.append("date >= ?")
        params.append(since)
    if until is not None:
        where.append("date <= ?")
        params.append(until)
    snippet = "snippet(sections, 4, '[', ']', '…', 12)" if match else "substr(text, 1, 120)"
    sql = (f"SELECT path, section, heading, date, location, {snippet} FROM sections "
           f"WHERE {' AND '.join(where)} ORDER BY {'rank' if match else 'date DESC'} LIMIT ?")
    params.append(limit)
    with _connect(root) as db:
        try:
            rows = db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise WorkspaceError(f"cannot search for {query!r} ({exc})") from None
        files = {path: (issue, title) for path, issue, title
                 in db.execute("SELECT path, issue, title FROM files")}
    return [Hit(path, *files.get(path, (None, "")), section, heading, date, location, text)
            for path, section, heading, date, location, text in rows]


def parse_query(query: str) -> tuple[str, str | None, str | None]:
    """The FTS5 expression (every user word quoted, never syntax) and the date range."""
    terms: list[str] = []
    since = until = None
    for key, quoted, key2, value, phrase, word in _TOKEN.findall(query):
        name = (key or key2).lower()
        text = quoted if key else value
        if name in ("from", "since", "to", "until"):
            day = _date(text)
            if name in ("from", "since"):
                since = day
            else:
                until = day
            continue
        if name in _FILTERS:
            if text.strip():
                terms.append(f"{_FILTERS[name]} : {_quote(text)}")
            continue
        text = phrase or word or f"{name}:{text}"
        if text.strip():
            terms.append(_quote(text))
    return " AND ".join(terms), since, until


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise WorkspaceError(f"'{text}' is not a date of the form YYYY-MM-DD") from None
