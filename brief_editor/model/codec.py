"""Reading and writing the ``.brief`` JSON (FORMAT.md), with full validation.

``parse`` turns raw JSON into the model, raising BriefFormatError with the JSON path of the
first problem (``sections[3].event[0][2]``). ``dump`` writes the model back with two-space
indentation and keys in the documented order, so that load → save is byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from typing import Any

from brief_editor.model.bulk import paused_gc
from brief_editor.model.comments import Comment, CommentAnchor, CommentReply
from brief_editor.model.document import (
    FORMAT_NAME,
    NOTES_PLACEMENTS,
    PAPER_SIZES,
    Brief,
    EventSection,
    Figure,
    Meta,
    NarrativeSection,
    Section,
    Source,
    Style,
    Subheading,
)
from brief_editor.model.errors import BriefFormatError
from brief_editor.model.inline import (
    LINK_SCHEMES,
    MARKS,
    Cite,
    Inline,
    Link,
    Note,
    Span,
    Styled,
)
from brief_editor.model.json_text import dumps_indented
from brief_editor.model.migrate import migrate
from brief_editor.model.raw_checks import lone_surrogate_path, long_number_line

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MEDIA_TYPES = ("image/png", "image/jpeg")

META_KEYS = ("publication", "title", "issue", "week_of", "authors", "team", "organization",
             "summary", "credits", "language", "marking")
STYLE_KEYS = ("citation_style", "notes", "ibid", "paper")
EVENT_KEYS = ("id", "kind", "heading", "date", "location", "parties", "event", "implications",
              "figures")
NARRATIVE_KEYS = ("id", "kind", "heading", "byline", "source_line", "body", "subheadings",
                  "figures", "credits")
FIGURE_KEYS = ("id", "media_type", "data", "caption", "credit", "alt", "after")
TOP_KEYS = ("format", "version", "meta", "style", "sections", "sources", "comments")
COMMENT_KEYS = ("id", "author", "date", "text", "anchor", "replies", "resolved")
ANCHOR_KEYS = ("section", "field", "index", "start", "end", "quote")
REPLY_KEYS = ("id", "author", "date", "text")


# ---------------------------------------------------------------------------- reading


def loads(text: str) -> Brief:
    """Parse the text of a .brief file."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefFormatError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise BriefFormatError("nested too deeply to be a brief") from None
    except ValueError:  # an integer of thousands of digits
        line = long_number_line(text)
        raise BriefFormatError(f"line {line}: a number of thousands of digits is not a value a "
                               "brief can hold") from None
    where = lone_surrogate_path(text, raw)
    if where is not None:
        raise BriefFormatError("holds a lone surrogate (\\ud800–\\udfff), which is not text",
                               path=where)
    return parse(raw)


def parse(raw: Any) -> Brief:
    """Validate raw JSON (any version we know) and build the model."""
    if not isinstance(raw, dict):
        raise BriefFormatError("not a brief: the file must hold a JSON object")
    if raw.get("format") != FORMAT_NAME:
        raise BriefFormatError(
            f"not a brief: 'format' must be \"{FORMAT_NAME}\"", path="format"
        )
    if "version" not in raw:
        raise BriefFormatError("'version' is missing", path="version")
    raw = migrate(raw)
    for key in ("meta", "sections", "sources"):
        if key not in raw:
            raise BriefFormatError(f"'{key}' is missing", path=key)
    meta = _meta(_obj(raw["meta"], "meta"), "meta")
    style = _style(_obj(raw["style"], "style"), "style") if "style" in raw else Style()
    sections = tuple(
        _section(item, f"sections[{i}]") for i, item in enumerate(_arr(raw["sections"], "sections"))
    )
    seen: dict[str, int] = {}
    for i, section in enumerate(sections):
        if section.id in seen:
            raise BriefFormatError(
                f"section id '{section.id}' is used twice (also sections[{seen[section.id]}])",
                path=f"sections[{i}].id",
            )
        seen[section.id] = i
    sources = tuple(
        _source(item, f"sources[{i}]") for i, item in enumerate(_arr(raw["sources"], "sources"))
    )
    comments = tuple(
        _comment(item, f"comments[{i}]")
        for i, item in enumerate(_arr(raw.get("comments", []), "comments"))
    )
    return Brief(meta=meta, style=style, sections=sections, sources=sources,
                 comments=comments, extra=_extra(raw, TOP_KEYS))


def _fail(path: str, message: str) -> BriefFormatError:
    return BriefFormatError(message, path=path)


def _obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "must be an object")
    return value


def _arr(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, "must be an array")
    return value


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, "must be a string")
    return value


def _opt_str(value: Any, path: str) -> str | None:
    return None if value is None else _str(value, path)


def _str_list(value: Any, path: str) -> tuple[str, ...]:
    return tuple(_str(v, f"{path}[{i}]") for i, v in enumerate(_arr(value, path)))


def _date(value: Any, path: str) -> dt.date | None:
    if value is None:
        return None
    text = _str(value, path)
    if not _ISO_DATE.match(text):
        raise _fail(path, f"'{text}' is not a date of the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(path, f"'{text}' is not a real date") from None


def _extra(raw: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in known}


def _meta(raw: dict[str, Any], path: str) -> Meta:
    issue = raw.get("issue")
    if issue is not None and (not isinstance(issue, int) or isinstance(issue, bool) or issue < 1):
        raise _fail(f"{path}.issue", "must be a whole number of 1 or more, or null")
    return Meta(
        publication=_str(raw.get("publication", ""), f"{path}.publication"),
        title=_str(raw.get("title", ""), f"{path}.title"),
        issue=issue,
        week_of=_date(raw.get("week_of"), f"{path}.week_of"),
        authors=_str_list(raw.get("authors", []), f"{path}.authors"),
        team=_str(raw.get("team", ""), f"{path}.team"),
        organization=_str(raw.get("organization", ""), f"{path}.organization"),
        summary=_inline(raw["summary"], f"{path}.summary") if raw.get("summary") is not None else None,
        credits=_str_list(raw["credits"], f"{path}.credits") if raw.get("credits") is not None else None,
        language=_opt_str(raw.get("language"), f"{path}.language"),
        marking=_opt_str(raw.get("marking"), f"{path}.marking"),
        extra=_extra(raw, META_KEYS),
    )


def _style(raw: dict[str, Any], path: str) -> Style:
    notes = raw.get("notes")
    if notes is not None and notes not in NOTES_PLACEMENTS:
        raise _fail(f"{path}.notes", "must be \"endnotes\" or \"footnotes\"")
    paper = raw.get("paper")
    if paper is not None and paper not in PAPER_SIZES:
        raise _fail(f"{path}.paper", "must be \"letter\" or \"a4\"")
    ibid = raw.get("ibid")
    if ibid is not None and not isinstance(ibid, bool):
        raise _fail(f"{path}.ibid", "must be true or false")
    citation_style = _opt_str(raw.get("citation_style"), f"{path}.citation_style")
    if citation_style is not None and not citation_style.strip():
        raise _fail(f"{path}.citation_style", "must name a style")
    return Style(citation_style=citation_style, notes=notes, ibid=ibid, paper=paper,
                 extra=_extra(raw, STYLE_KEYS))


def _section(value: Any, path: str) -> Section:
    raw = _obj(value, path)
    section_id = raw.get("id")
    if not isinstance(section_id, str) or not section_id:
        raise _fail(f"{path}.id", "every section needs an 'id' (a non-empty string)")
    kind = raw.get("kind")
    heading = _inline(raw.get("heading", []), f"{path}.heading")
    figures = tuple(
        _figure(f, f"{path}.figures[{i}]") for i, f in enumerate(_arr(raw.get("figures", []), f"{path}.figures"))
    )
    if kind == "event":
        for i, figure in enumerate(figures):
            if figure.after is not None:
                raise _fail(f"{path}.figures[{i}].after",
                            "only a narrative's figures can sit between paragraphs; an "
                            "event's figures follow its text")
        return EventSection(
            id=section_id,
            heading=heading,
            date=_date(raw.get("date"), f"{path}.date"),
            location=_str(raw.get("location", ""), f"{path}.location"),
            parties=_str_list(raw.get("parties", []), f"{path}.parties"),
            event=_paragraphs(raw.get("event", []), f"{path}.event"),
            implications=_paragraphs(raw.get("implications", []), f"{path}.implications"),
            figures=figures,
            extra=_extra(raw, EVENT_KEYS),
        )
    if kind == "narrative":
        return NarrativeSection(
            id=section_id,
            heading=heading,
            body=_paragraphs(raw.get("body", []), f"{path}.body"),
            figures=figures,
            extra=_extra(raw, NARRATIVE_KEYS),
            subheadings=tuple(
                _subheading(s, f"{path}.subheadings[{i}]")
                for i, s in enumerate(_arr(raw.get("subheadings", []), f"{path}.subheadings"))
            ),
            byline=_str(raw.get("byline", ""), f"{path}.byline"),
            source_line=_str(raw.get("source_line", ""), f"{path}.source_line"),
            credits=_str_list(raw.get("credits", []), f"{path}.credits"),
        )
    raise _fail(f"{path}.kind", "must be \"event\" or \"narrative\"")


def _subheading(value: Any, path: str) -> Subheading:
    raw = _obj(value, path)
    if set(raw) - {"before", "text"}:
        unknown = sorted(set(raw) - {"before", "text"})
        raise _fail(path, f"unknown key '{unknown[0]}' in a subheading")
    if "before" not in raw:
        raise _fail(f"{path}.before", "a subheading needs 'before', the number of paragraphs "
                                      "printed before it")
    text = _inline(raw.get("text", []), f"{path}.text", in_comment=True,
                   refusal="a subheading holds no notes; put the note in a paragraph")
    return Subheading(before=_whole(raw["before"], f"{path}.before"), text=text)


def _paragraphs(value: Any, path: str) -> tuple[Inline, ...]:
    return tuple(_inline(p, f"{path}[{i}]") for i, p in enumerate(_arr(value, path)))


def _figure(value: Any, path: str) -> Figure:
    raw = _obj(value, path)
    figure_id = raw.get("id")
    if not isinstance(figure_id, str) or not figure_id:
        raise _fail(f"{path}.id", "every figure needs an 'id' (a non-empty string)")
    media_type = raw.get("media_type")
    if media_type not in MEDIA_TYPES:
        raise _fail(f"{path}.media_type", "must be \"image/png\" or \"image/jpeg\"")
    data = _str(raw.get("data"), f"{path}.data")
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _fail(f"{path}.data", "is not valid base64 image data") from None
    return Figure(
        id=figure_id,
        media_type=media_type,
        data=data,
        caption=_inline(raw.get("caption", []), f"{path}.caption"),
        credit=_str(raw.get("credit", ""), f"{path}.credit"),
        alt=_str(raw.get("alt", ""), f"{path}.alt"),
        extra=_extra(raw, FIGURE_KEYS),
        after=None if raw.get("after") is None else _whole(raw["after"], f"{path}.after"),
    )


def inline_from_raw(value: Any, path: str = "value") -> Inline:
    """One Inline from its JSON spans, validated as a file's would be."""
    return _inline(value, path)


def _inline(value: Any, path: str, *, in_comment: bool = False,
            refusal: str = "a note's comment cannot hold another note") -> Inline:
    return tuple(
        _span(span, f"{path}[{i}]", in_comment=in_comment, refusal=refusal)
        for i, span in enumerate(_arr(value, path))
    )


def _span(value: Any, path: str, *, in_comment: bool,
          refusal: str = "a note's comment cannot hold another note") -> Span:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        raise _fail(path, "a span must be a string or an object with 'text', 'link' or 'note'")
    if "note" in value:
        if in_comment:
            raise _fail(path, refusal)
        if set(value) != {"note"}:
            raise _fail(path, "a note span holds only 'note'")
        return _note(_obj(value["note"], f"{path}.note"), f"{path}.note")
    if "link" in value:
        url = _str(value["link"], f"{path}.link")
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in LINK_SCHEMES:
            raise _fail(f"{path}.link", "a link must start with http:, https: or mailto:")
        if set(value) - {"link", "text"}:
            raise _fail(path, "a link span holds only 'link' and 'text'")
        return Link(url=url, text=_str(value.get("text", url), f"{path}.text"))
    if "text" in value:
        text = _str(value["text"], f"{path}.text")
        marks = _str_list(value.get("marks", []), f"{path}.marks")
        for i, mark in enumerate(marks):
            if mark not in MARKS:
                raise _fail(f"{path}.marks[{i}]", f"'{mark}' is not one of {', '.join(MARKS)}")
        if set(value) - {"text", "marks"}:
            raise _fail(path, "a formatted span holds only 'text' and 'marks'")
        return Styled(text=text, marks=marks)
    raise _fail(path, "a span must be a string or an object with 'text', 'link' or 'note'")


def _note(raw: dict[str, Any], path: str) -> Note:
    cites = tuple(
        _cite(c, f"{path}.cites[{i}]") for i, c in enumerate(_arr(raw.get("cites", []), f"{path}.cites"))
    )
    comment = None
    if raw.get("comment") is not None:
        comment = _inline(raw["comment"], f"{path}.comment", in_comment=True)
    if set(raw) - {"cites", "comment"}:
        raise _fail(path, "a note holds only 'cites' and 'comment'")
    return Note(cites=cites, comment=comment)


def _cite(value: Any, path: str) -> Cite:
    raw = _obj(value, path)
    source = raw.get("source")
    if not isinstance(source, str) or not source:
        raise _fail(f"{path}.source", "a cite needs 'source', the id of a source")
    if set(raw) - {"source", "locator", "label", "prefix", "suffix"}:
        unknown = sorted(set(raw) - {"source", "locator", "label", "prefix", "suffix"})
        raise _fail(path, f"unknown key '{unknown[0]}' in a cite")
    locator = raw.get("locator")
    if isinstance(locator, int) and not isinstance(locator, bool):
        locator = str(locator)
    return Cite(
        source=source,
        locator=_opt_str(locator, f"{path}.locator"),
        label=_opt_str(raw.get("label"), f"{path}.label"),
        prefix=_opt_str(raw.get("prefix"), f"{path}.prefix"),
        suffix=_opt_str(raw.get("suffix"), f"{path}.suffix"),
    )


def _source(value: Any, path: str) -> Source:
    # Missing ids, types and titles are reported by the checks (E003), not refused here,
    # so that a library with one bad entry still opens and can be mended in the editor.
    return Source(data=_obj(value, path))


def _whole(value: Any, path: str, *, default: int = 0) -> int:
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _fail(path, "must be a whole number of 0 or more")
    return value


def _timestamp(value: Any, path: str) -> str:
    text = _str(value if value is not None else "", path)
    if text:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise _fail(path, f"'{text[:40]}' is not a date and time (ISO 8601)") from None
    return text


def _comment_id(raw: dict[str, Any], path: str) -> str:
    comment_id = raw.get("id")
    if not isinstance(comment_id, str) or not comment_id:
        raise _fail(f"{path}.id", "every comment needs an 'id' (a non-empty string)")
    return comment_id


def _comment(value: Any, path: str) -> Comment:
    raw = _obj(value, path)
    anchor_raw = _obj(raw.get("anchor"), f"{path}.anchor")
    apath = f"{path}.anchor"
    anchor = CommentAnchor(
        section=_opt_str(anchor_raw.get("section"), f"{apath}.section"),
        field=_str(anchor_raw.get("field"), f"{apath}.field"),
        index=_whole(anchor_raw.get("index"), f"{apath}.index"),
        start=_whole(anchor_raw.get("start"), f"{apath}.start"),
        end=_whole(anchor_raw.get("end"), f"{apath}.end"),
        quote=_str(anchor_raw.get("quote", ""), f"{apath}.quote"),
    )
    if anchor.end < anchor.start:
        raise _fail(f"{apath}.end", "must not come before 'start'")
    replies = []
    for i, item in enumerate(_arr(raw.get("replies", []), f"{path}.replies")):
        rpath = f"{path}.replies[{i}]"
        reply = _obj(item, rpath)
        replies.append(CommentReply(
            id=_comment_id(reply, rpath),
            author=_str(reply.get("author", ""), f"{rpath}.author"),
            date=_timestamp(reply.get("date"), f"{rpath}.date"),
            text=_str(reply.get("text", ""), f"{rpath}.text"),
            extra=_extra(reply, REPLY_KEYS),
        ))
    resolved = raw.get("resolved", False)
    if not isinstance(resolved, bool):
        raise _fail(f"{path}.resolved", "must be true or false")
    return Comment(
        id=_comment_id(raw, path),
        anchor=anchor,
        author=_str(raw.get("author", ""), f"{path}.author"),
        date=_timestamp(raw.get("date"), f"{path}.date"),
        text=_str(raw.get("text", ""), f"{path}.text"),
        replies=tuple(replies),
        resolved=resolved,
        extra=_extra(raw, COMMENT_KEYS),
    )


# ---------------------------------------------------------------------------- writing


def required_version(brief: Brief) -> int:
    """The lowest format version that holds everything in this brief.

    A brief that uses nothing newer is written as version 1, so that a colleague who has
    not upgraded yet can still open it. Each feature of version 2 adds its test here.
    """
    if brief.comments:
        return 2
    if any(_uses_narrative_layout(s) for s in brief.sections):
        return 2
    return 1


def _uses_narrative_layout(section: Section) -> bool:
    """Figures between paragraphs, subheadings, a section byline, source line or credits."""
    if not isinstance(section, NarrativeSection):
        return False
    return bool(section.subheadings or section.byline or section.source_line
                or section.credits or any(f.after is not None for f in section.figures))


def to_raw(brief: Brief) -> dict[str, Any]:
    """The model as JSON-ready data, keys in the documented order."""
    raw: dict[str, Any] = {"format": FORMAT_NAME, "version": required_version(brief)}
    raw["meta"] = _meta_raw(brief.meta)
    if not brief.style.is_empty():
        raw["style"] = _style_raw(brief.style)
    raw["sections"] = [_section_raw(s) for s in brief.sections]
    raw["sources"] = [s.data for s in brief.sources]
    if brief.comments:
        raw["comments"] = [_comment_raw(c) for c in brief.comments]
    raw.update(brief.extra)
    return raw


def _comment_raw(comment: Comment) -> dict[str, Any]:
    anchor = comment.anchor
    raw: dict[str, Any] = {
        "id": comment.id,
        "author": comment.author,
        "date": comment.date,
        "text": comment.text,
        "anchor": {"section": anchor.section, "field": anchor.field, "index": anchor.index,
                   "start": anchor.start, "end": anchor.end, "quote": anchor.quote},
    }
    if comment.replies:
        raw["replies"] = [
            {"id": r.id, "author": r.author, "date": r.date, "text": r.text, **r.extra}
            for r in comment.replies
        ]
    raw["resolved"] = comment.resolved
    raw.update(comment.extra)
    return raw


def dumps(brief: Brief) -> str:
    """The text of a .brief file: two-space indentation, UTF-8, one newline at the end."""
    with paused_gc():  # a brief with 100,000 sources: see model/bulk.py
        return dumps_indented(to_raw(brief)) + "\n"  # json.dumps(indent=2)'s text, faster


def _meta_raw(meta: Meta) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "publication": meta.publication,
        "title": meta.title,
        "issue": meta.issue,
        "week_of": meta.week_of.isoformat() if meta.week_of else None,
        "authors": list(meta.authors),
        "team": meta.team,
        "organization": meta.organization,
    }
    if meta.summary is not None:
        raw["summary"] = inline_raw(meta.summary)
    if meta.credits is not None:
        raw["credits"] = list(meta.credits)
    if meta.language is not None:
        raw["language"] = meta.language
    if meta.marking is not None:
        raw["marking"] = meta.marking
    raw.update(meta.extra)
    return raw


def _style_raw(style: Style) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for key in STYLE_KEYS:
        value = getattr(style, key)
        if value is not None:
            raw[key] = value
    raw.update(style.extra)
    return raw


def _section_raw(section: Section) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": section.id, "kind": section.kind,
                           "heading": inline_raw(section.heading)}
    if isinstance(section, EventSection):
        raw["date"] = section.date.isoformat() if section.date else None
        raw["location"] = section.location
        raw["parties"] = list(section.parties)
        raw["event"] = [inline_raw(p) for p in section.event]
        raw["implications"] = [inline_raw(p) for p in section.implications]
    elif isinstance(section, NarrativeSection):
        if section.byline:
            raw["byline"] = section.byline
        if section.source_line:
            raw["source_line"] = section.source_line
        raw["body"] = [inline_raw(p) for p in section.body]
        if section.subheadings:
            raw["subheadings"] = [{"before": s.before, "text": inline_raw(s.text)}
                                  for s in section.subheadings]
    if section.figures:
        raw["figures"] = [_figure_raw(f) for f in section.figures]
    if isinstance(section, NarrativeSection) and section.credits:
        raw["credits"] = list(section.credits)
    raw.update(section.extra)
    return raw


def _figure_raw(figure: Figure) -> dict[str, Any]:
    raw = {
        "id": figure.id,
        "media_type": figure.media_type,
        "data": figure.data,
        "caption": inline_raw(figure.caption),
        "credit": figure.credit,
        "alt": figure.alt,
    }
    if figure.after is not None:
        raw["after"] = figure.after
    raw.update(figure.extra)
    return raw


def inline_raw(inline: Inline) -> list[Any]:
    """An Inline as FORMAT.md spans."""
    return [_span_raw(s) for s in inline]


def _span_raw(span: Span) -> Any:
    if isinstance(span, str):
        return span
    if isinstance(span, Styled):
        return {"text": span.text, "marks": list(span.marks)}
    if isinstance(span, Link):
        return {"link": span.url, "text": span.text}
    note: dict[str, Any] = {"cites": [cite_raw(c) for c in span.cites]}
    if span.comment is not None:
        note["comment"] = inline_raw(span.comment)
    return {"note": note}


def cite_raw(cite: Cite) -> dict[str, Any]:
    raw: dict[str, Any] = {"source": cite.source}
    for key in ("locator", "label", "prefix", "suffix"):
        value = getattr(cite, key)
        if value is not None:
            raw[key] = value
    return raw
