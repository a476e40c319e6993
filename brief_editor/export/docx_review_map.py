"""The map an exported DOCX carries back to the brief, for the Word review round trip.

Three things go into every DOCX export, none of them visible in Word or LibreOffice:

* each paragraph made from a field of the brief (summary, heading, location, parties, event
  paragraph, bullet, body paragraph, caption) holds a hidden bookmark ``_BE<n>`` around the
  field's text: entry n of the map names the section, field and index it came from, and the
  label printed before it ("The event: "). Names that start with "_" are hidden bookmarks,
  which Word and LibreOffice keep but do not list;
* a custom XML part (``customXml/item<N>.xml``) holds the snapshot: the brief as exported
  (figure images left out), the paragraph map, the text of every note as printed and which
  Word comment is which thread, compressed; its id, the export id, is a digest of it;
* the export id also goes into ``docProps/custom.xml`` (``BriefEditorExportId``), and
  ``write_docx`` keeps a copy of the snapshot in the user's data folder under that id, so a
  review can still be read if a word processor drops the custom XML part.

The reader lives in ``brief_editor/review``; this module only writes, plus the helpers both
sides share (names, payload encoding, the data-folder copy).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import zlib
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from brief_editor.errors import BriefEditorError
from brief_editor.export.docx_comments import CommentWriter
from brief_editor.export.plan import Plan
from brief_editor.model import Brief, Place, to_raw
from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.paths import AppPaths, app_paths

log = logging.getLogger(__name__)

BOOKMARK_PREFIX = "_BE"
BOOKMARK_NAME = re.compile(r"^_BE(\d+)$")
MAP_NAMESPACE = "urn:brief-editor:review-map:1"
MAP_FORMAT = "brief-editor-review-map"
MAP_VERSION = 1
EXPORT_ID_PROPERTY = "BriefEditorExportId"
# Bookmark ids of their own range, clear of a reference document's or Word's own.
_BOOKMARK_ID_BASE = 90000
# A snapshot inflates to a few megabytes even for a 1,000-section issue; more is not ours.
_MAX_SNAPSHOT = 256 * 1024 * 1024

_CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


class SnapshotError(BriefEditorError):
    """The review snapshot of an export cannot be read."""


class ReviewMarks:
    """The writer's hook: bookmarks and comment ranges in the paragraphs, then the parts."""

    def __init__(self, plan: Plan) -> None:
        self.brief = plan.brief
        self.plan = plan
        self.paragraphs: list[list[Any]] = []
        self.comments = CommentWriter(self.brief.comments if self.brief else ())
        self._leftovers_placed = False

    def spans(self, writer: Any, p: list[str], spans: Any, place: Place | None,
              prefix: str = "") -> None:
        """Write ``spans`` (the text of the field at ``place``) into ``p``, marked."""
        if place is None or self.brief is None:
            writer.spans(p, spans)
            return
        n = len(self.paragraphs)
        self.paragraphs.append([place.section, place.field, place.index, prefix])
        bid = _BOOKMARK_ID_BASE + n
        if not self._leftovers_placed:
            # A thread whose field is gone from the export still goes out, at the start.
            self._leftovers_placed = True
            self.comments.place_leftovers(p, _plan_places(self.plan))
        p.append(f'<w:bookmarkStart w:id="{bid}" w:name="{BOOKMARK_PREFIX}{n}"/>')
        if self.comments.has(place):
            self.comments.spans(writer, p, spans, place)
        else:
            writer.spans(p, spans)
        p.append(f'<w:bookmarkEnd w:id="{bid}"/>')

    def finish(self, document: Any, last_paragraph: list[str] | None = None) -> str | None:
        """Add the snapshot, the export id and the comment parts; return the export id."""
        if self.brief is None:
            return None
        part = document.part
        self.comments.add_parts(part)
        payload = {
            "format": MAP_FORMAT,
            "version": MAP_VERSION,
            "paragraphs": self.paragraphs,
            "notes": {str(n.number): n.text for n in self.plan.notes},
            "notes_kind": "footnote" if self.plan.notes_mode == "footnotes" else "endnote",
            "comments": self.comments.id_map(),
            "fixed": _fixed_texts(self.plan),
            "brief": snapshot_raw(self.brief),
        }
        export_id = _export_id(payload)
        payload["export_id"] = export_id
        self.payload = payload
        # The JSON text serves the part and the data-folder copy: serialised once.
        self.payload_json = _payload_json(payload)
        _add_custom_xml(part, _encode_json(self.payload_json), export_id)
        _set_custom_property(part.package, EXPORT_ID_PROPERTY, export_id)
        return export_id


def _fixed_texts(plan: Plan) -> list[str]:
    """The text of the paragraphs that come from no field (masthead, labels, credits)."""
    from brief_editor.export.plan import (
        FigureBlock,
        LabeledLine,
        ListLabel,
        SectionCredit,
        plan_text,
    )

    m = plan.masthead
    texts = [": ".join(t for t in (m.publication, m.title) if t), m.dateline, m.byline,
             *m.credits]
    for block in plan.blocks:
        if isinstance(block, ListLabel):
            texts.append(block.label)
        elif isinstance(block, LabeledLine) and block.place is None:
            texts.append(f"{block.label} {plan_text(block.spans)}")
        elif isinstance(block, FigureBlock) and block.credit:
            texts.append(block.credit)
        elif isinstance(block, SectionCredit):
            texts.append(block.text)
    return sorted({t for t in texts if t})


def _plan_places(plan: Plan) -> set[tuple[str | None, str, int]]:
    places: set[tuple[str | None, str, int]] = set()
    if plan.masthead.summary:
        places.add((None, "summary", 0))
    for block in plan.blocks:
        place = getattr(block, "place", None) or getattr(block, "caption_place", None)
        if place is not None:
            places.add((place.section, place.field, place.index))
    return places


def snapshot_raw(brief: Brief) -> dict[str, Any]:
    """The brief as JSON data without its images (a review needs the words, not the pixels)."""
    raw = to_raw(brief)
    for section in raw.get("sections", []):
        for figure in section.get("figures", []) or []:
            figure["data"] = ""
    return raw


def _export_id(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def encode_payload(payload: dict[str, Any]) -> str:
    """The payload as the text of the custom XML part: compressed JSON in base64."""
    return _encode_json(_payload_json(payload))


def _payload_json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _encode_json(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def decode_payload(text: str) -> dict[str, Any]:
    """The payload back from the part's text; SnapshotError when it is damaged."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.b64decode("".join(text.split())), _MAX_SNAPSHOT)
        if inflater.unconsumed_tail:
            raise SnapshotError("the review map in this file is too large to be one we wrote")
        raw = json.loads(data)
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise SnapshotError(f"the review map in this file is damaged ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != MAP_FORMAT:
        raise SnapshotError("the review map in this file is not one Brief Editor wrote")
    if not isinstance(raw.get("version"), int) or raw["version"] > MAP_VERSION:
        raise SnapshotError("the review map in this file comes from a newer Brief Editor")
    return raw


def _add_custom_xml(document_part: Any, text: str, export_id: str) -> None:
    package = document_part.package
    item_name = package.next_partname("/customXml/item%d.xml")
    number = re.search(r"(\d+)\.xml$", str(item_name)).group(1)  # type: ignore[union-attr]
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<reviewMap xmlns="{MAP_NAMESPACE}" exportId="{export_id}">{text}</reviewMap>')
    item = Part(item_name, "application/xml", blob.encode("utf-8"), package)
    guid = export_id[:8] + "-" + export_id[8:12] + "-" + export_id[12:16] + "-" + \
        export_id[16:20] + "-" + hashlib.sha256(export_id.encode()).hexdigest()[:12]
    props_blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem ds:itemID="{' + guid.upper() + '}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{MAP_NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    )
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), _CUSTOM_XML_PROPS_CT,
                 props_blob.encode("utf-8"), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document_part.relate_to(item, RT.CUSTOM_XML)


def _set_custom_property(package: Any, name: str, value: str) -> None:
    """Add (or replace) one text property in docProps/custom.xml, keeping the others."""
    from lxml import etree

    existing = None
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            existing = rel.target_part
    if existing is not None:
        root = etree.fromstring(existing.blob)
    else:
        root = etree.fromstring(f'<Properties xmlns="{_PROPS_NS}" xmlns:vt="{_VT_NS}"/>'.encode())
    pids = [int(p.get("pid", "1")) for p in root]
    for prop in list(root):
        if prop.get("name") == name:
            root.remove(prop)
    prop = etree.SubElement(root, f"{{{_PROPS_NS}}}property", fmtid=_PROPERTY_FMTID,
                            pid=str(max(pids, default=1) + 1), name=name)
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing is not None:
        existing._blob = blob
    else:
        part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPS_CT, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


# ---------------------------------------------------------------------- the data-folder copy


def snapshot_folder(paths: AppPaths | None = None) -> Path:
    """Where copies of export snapshots are kept, one file per export id."""
    return (paths or app_paths()).data / "exports"


def save_snapshot_copy(payload: dict[str, Any], paths: AppPaths | None = None, *,
                       data: bytes | None = None) -> None:
    """Keep the snapshot of an export in the data folder; a failure only logs a warning.

    ``data`` is the payload's JSON when the caller has it already (the export does).
    """
    folder = snapshot_folder(paths)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{payload['export_id']}.json"
        if not target.exists():
            atomic_write(target, data if data is not None else _payload_json(payload))
    except (OSError, BriefEditorError) as exc:
        log.warning("could not keep a copy of the export snapshot in %s: %s", folder, exc)


def load_snapshot_copy(export_id: str, paths: AppPaths | None = None) -> dict[str, Any] | None:
    """The snapshot kept for ``export_id``, or None when there is none."""
    if not re.fullmatch(r"[0-9a-f]{8,64}", export_id):
        return None
    path = snapshot_folder(paths) / f"{export_id}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) and raw.get("format") == MAP_FORMAT else None
