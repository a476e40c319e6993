"""Three-way merges of a workspace's files by their structure, never by lines.

Two laptops that edited different sections, or different fields of one section, of the same
issue merge cleanly: a brief is merged as JSON, sections, sources and comments by their
``id``, every other object by key. When both sides changed the same field differently,
the local value stays in the file and the conflict is recorded with both versions, so
nothing is lost and nothing is overwritten silently. A merge never yields an invalid brief:
the result is read back by the same code that opens files, and if that fails the local file
is kept whole and the whole file is reported as a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from brief_editor.model import BriefFormatError, dumps, parse

# Arrays whose items carry an ``id`` and are merged item by item.
_ID_LISTS = {"sections", "sources", "comments", "replies", "figures"}
# Arrays of paragraphs: merged paragraph by paragraph while no side added or removed one.
_PARAGRAPH_LISTS = {"event", "implications", "body"}

_MISSING = object()


@dataclass(frozen=True)
class FieldConflict:
    """One value that both sides changed differently; ``ours`` was kept in the file."""

    path: str  # a readable pointer: sections[id=s2].heading
    ours: Any
    theirs: Any
    section: str | None = None
    field: str = ""
    pointer: tuple[str | int | tuple[str, str], ...] = ()  # the same, as keys, indexes, ids


def pointer_text(pointer: tuple[str | int | tuple[str, str], ...]) -> str:
    """``("sections", ("id", "s2"), "heading")`` → ``sections[id=s2].heading``."""
    text = ""
    for part in pointer:
        if isinstance(part, tuple):
            text += f"[id={part[1]}]"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class MergeResult:
    """The merged bytes of one file and the conflicts left in it."""

    data: bytes
    conflicts: list[FieldConflict] = field(default_factory=list)


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[FieldConflict] = []
        self._section: str | None = None

    def value(self, base: Any, ours: Any, theirs: Any, ptr: tuple, key: str = "") -> Any:
        if _same(ours, theirs):
            return ours
        if _same(ours, base):
            return theirs
        if _same(theirs, base):
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.object(base if isinstance(base, dict) else {}, ours, theirs, ptr)
        if isinstance(ours, list) and isinstance(theirs, list):
            base_list = base if isinstance(base, list) else []
            if key in _ID_LISTS and _all_have_ids(base_list, ours, theirs):
                return self.id_list(base_list, ours, theirs, ptr)
            if key in _PARAGRAPH_LISTS and len(base_list) == len(ours) == len(theirs):
                return [self.value(b, o, t, (*ptr, i))
                        for i, (b, o, t) in enumerate(zip(base_list, ours, theirs, strict=True))]
        self.conflicts.append(FieldConflict(
            path=pointer_text(ptr),
            pointer=ptr,
            ours=None if ours is _MISSING else ours,
            theirs=None if theirs is _MISSING else theirs,
            section=self._section,
            field=key,
        ))
        return ours

    def object(self, base: dict, ours: dict, theirs: dict, ptr: tuple) -> dict:
        merged: dict[str, Any] = {}
        # Ours' key order first, then keys only theirs has: a stable, readable file.
        keys = list(ours) + [k for k in theirs if k not in ours]
        for key in keys:
            value = self.value(base.get(key, _MISSING), ours.get(key, _MISSING),
                               theirs.get(key, _MISSING), (*ptr, key), key)
            if value is not _MISSING:
                merged[key] = value
        return merged

    def id_list(self, base: list, ours: list, theirs: list, ptr: tuple) -> list:
        base_by = {item["id"]: item for item in base}
        ours_by = {item["id"]: item for item in ours}
        theirs_by = {item["id"]: item for item in theirs}
        order = _merged_order(list(base_by), list(ours_by), list(theirs_by))
        merged = []
        for item_id in order:
            outer = self._section
            if ptr == ("sections",):
                self._section = item_id
            value = self.value(base_by.get(item_id, _MISSING), ours_by.get(item_id, _MISSING),
                               theirs_by.get(item_id, _MISSING), (*ptr, ("id", item_id)))
            self._section = outer
            if value is not _MISSING:
                merged.append(value)
        return merged


def _same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return a == b


def _all_have_ids(*lists: list) -> bool:
    for items in lists:
        ids = [item.get("id") if isinstance(item, dict) else None for item in items]
        if any(not isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
            return False
    return True


def _merged_order(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Ours' order, or theirs' where only they reordered; items added by them follow the item
    they follow there."""
    common_base = [i for i in base if i in ours and i in theirs]
    ours_common = [i for i in ours if i in theirs and i in base]
    theirs_common = [i for i in theirs if i in ours and i in base]
    order = list(theirs if ours_common == common_base and theirs_common != common_base else ours)
    order = [i for i in order if i in ours or i in theirs]
    for i in ours:
        if i not in order:
            order.append(i)
    for index, item_id in enumerate(theirs):
        if item_id in order:
            continue
        before = next((theirs[j] for j in range(index - 1, -1, -1) if theirs[j] in order), None)
        order.insert(order.index(before) + 1 if before is not None else 0, item_id)
    return order


def merge_json(base: bytes | None, ours: bytes, theirs: bytes) -> tuple[Any, list[FieldConflict]]:
    """Merge three JSON texts by structure; raises ValueError when one is not JSON."""
    base_value = json.loads(base) if base else None
    merger = _Merger()
    merged = merger.value(base_value, json.loads(ours), json.loads(theirs), (), "")
    return merged, merger.conflicts


def merge_brief(base: bytes | None, ours: bytes, theirs: bytes) -> MergeResult:
    """Merge one issue; the result always opens, or is ours whole with one conflict."""
    try:
        merged, conflicts = merge_json(base, ours, theirs)
        # Read back by the code that opens files, and written as the program writes briefs.
        data = dumps(parse(merged)).encode("utf-8")
    except (ValueError, BriefFormatError, RecursionError) as exc:
        return MergeResult(ours, [FieldConflict(path="", ours=None, theirs=None,
                                                field=f"the whole file ({exc})")])
    return MergeResult(data, conflicts)


def merge_library(base: bytes | None, ours: bytes, theirs: bytes) -> MergeResult:
    """Merge the shared CSL-JSON library: entries by id, fields by name (W104 finds twins)."""
    try:
        base_items = json.loads(base) if base else []
        ours_items, theirs_items = json.loads(ours), json.loads(theirs)
        if not all(isinstance(x, list) for x in (base_items, ours_items, theirs_items)):
            raise ValueError("not a CSL-JSON array")
        merger = _Merger()
        if _all_have_ids(base_items, ours_items, theirs_items):
            merged: Any = merger.id_list(base_items, ours_items, theirs_items, ())
        else:
            merged = merger.value(base_items, ours_items, theirs_items, ())
    except (ValueError, RecursionError) as exc:
        return MergeResult(ours, [FieldConflict("", None, None, field=f"the whole file ({exc})")])
    return MergeResult(_dump(merged), merger.conflicts)


def merge_profile(base: bytes | None, ours: bytes, theirs: bytes) -> MergeResult:
    """Merge the team profile key by key."""
    try:
        merged, conflicts = merge_json(base, ours, theirs)
    except (ValueError, RecursionError) as exc:
        return MergeResult(ours, [FieldConflict("", None, None, field=f"the whole file ({exc})")])
    return MergeResult(_dump(merged), conflicts)


def merge_word_list(base: bytes | None, ours: bytes, theirs: bytes) -> MergeResult:
    """Merge the team dictionary, one word a line: words added anywhere stay, words removed
    on one side go; no conflicts are possible."""
    def words(data: bytes | None) -> list[str]:
        text = (data or b"").decode("utf-8", errors="replace")
        return [w.strip() for w in text.splitlines() if w.strip()]

    base_words, ours_words, theirs_words = set(words(base)), words(ours), words(theirs)
    removed = (base_words - set(ours_words)) | (base_words - set(theirs_words))
    merged: list[str] = []
    seen: set[str] = set()
    for word in ours_words + theirs_words:
        if word not in removed and word not in seen:
            seen.add(word)
            merged.append(word)
    return MergeResult(("\n".join(merged) + "\n").encode("utf-8") if merged else b"")


def _dump(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def set_at_pointer(raw: Any, pointer: list[Any] | tuple[Any, ...], value: Any) -> None:
    """Set the value a conflict's pointer names (``["sections", ["id", "s2"], "heading"]``);
    ``None`` at an id removes that item."""
    node = raw
    for part in pointer[:-1]:
        node = _find_by_id(node, part[1]) if isinstance(part, list | tuple) else node[part]
    last = pointer[-1]
    if isinstance(last, list | tuple):
        places = [i for i, item in enumerate(node) if item.get("id") == last[1]]
        if value is None:
            for i in reversed(places):
                del node[i]
        elif places:
            node[places[0]] = value
        else:
            node.append(value)
    elif value is None and isinstance(node, dict):
        node.pop(last, None)
    else:
        node[last] = value


def _find_by_id(items: list[Any], item_id: str) -> Any:
    return next(item for item in items if isinstance(item, dict) and item.get("id") == item_id)
