"""Render a brief's notes for style tests, and show italics as *…* for hand-written expectations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from brief_editor.citations.notes import render_notes
from brief_editor.model import Brief, Link, Styled
from brief_editor.storage.files import read_brief


def read_with_style(path: Path, style: str, *, ibid: bool | None = None) -> Brief:
    """The brief at ``path`` with its citation style (and, if given, its Ibid. setting) replaced."""
    brief = read_brief(path)
    new_style = dataclasses.replace(brief.style, citation_style=style)
    if ibid is not None:
        new_style = dataclasses.replace(new_style, ibid=ibid)
    return dataclasses.replace(brief, style=new_style)


def marked(spans: tuple) -> str:
    """A note's text with italic runs between asterisks, as a copy editor marks them up."""
    out: list[str] = []
    for span in spans:
        if isinstance(span, (str, Link)):
            out.append(span if isinstance(span, str) else span.text)
        elif isinstance(span, Styled) and "italic" in span.marks:
            out.append(f"*{span.text}*")
        else:
            out.append(span.text)
    return "".join(out).replace("**", "")


def printed_notes(brief: Brief, brief_dir: Path | None = None) -> list[str]:
    """Each note as ``"N. text"`` with italics marked, in order."""
    return [f"{n.number}. {marked(n.spans)}" for n in render_notes(brief, brief_dir=brief_dir)]
