"""The map an export carries: bookmarks per field, the snapshot, and its copy on disk."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from brief_editor.export.docx_review_map import snapshot_folder
from brief_editor.review import ReviewError, read_review
from tests.review.review_briefs import export, review_brief


def _without_custom_xml(source: Path, target: Path) -> Path:
    """What a word processor that drops custom XML parts would save."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename.startswith("customXml/"):
                continue
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*customXml[^>]*/>', b"", data)
            dst.writestr(info.filename, data)
    target.write_bytes(out.getvalue())
    return target


def test_every_field_paragraph_is_bookmarked_and_the_text_is_unchanged(tmp_path):
    path = export(review_brief(), tmp_path / "out.docx")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    # The reader a user has sees the same words: labels, then the field's text.
    assert "Location: Port Lenna" in texts
    assert "Calm weather is forecast for the strait, and traffic should stay heavy." in texts
    body = document.element.body
    names = [b.get(f"{{{body.nsmap['w']}}}name") for b in body.iter(f"{{{body.nsmap['w']}}}bookmarkStart")]
    # summary none; s1: heading, location, parties, 2 event, 3 bullets; s2: heading, 1 body.
    assert names == [f"_BE{i}" for i in range(10)]


def test_the_snapshot_copy_serves_when_the_custom_xml_part_is_dropped(tmp_path):
    path = export(review_brief(), tmp_path / "out.docx")
    stripped = _without_custom_xml(path, tmp_path / "stripped.docx")
    copies = list(snapshot_folder().glob("*.json"))
    assert len(copies) == 1
    assert read_review(review_brief(), stripped).changes == ()
    copies[0].unlink()
    with pytest.raises(ReviewError, match="dropped the review map"):
        read_review(review_brief(), stripped)


def test_a_damaged_map_is_one_clear_line(tmp_path):
    path = export(review_brief(), tmp_path / "out.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "customXml/item1.xml":
                data = re.sub(rb">[A-Za-z0-9+/=]+<", b">bm90IGEgbWFw<", data)
            dst.writestr(info.filename, data)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(out.getvalue())
    with pytest.raises(ReviewError) as err:
        read_review(review_brief(), damaged)
    assert "damaged" in str(err.value) and str(damaged) in str(err.value)
