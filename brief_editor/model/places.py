"""A place in a brief in words, as a person would say it: "the second event (“Doha, July
19”), paragraph 1".

Section ids ("s2") and indexes counted from 0 are for files and programs (``check
--json``); whatever a user reads says the section's heading, or, for a section without
one, which event or narrative it is and where and when it happened, and counts from 1.
"""

from __future__ import annotations

from brief_editor.model.document import Brief, EventSection, Place, Section
from brief_editor.model.inline import inline_text

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")
# Our own month names: strftime's follow the process locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_LONGEST_HEADING = 60


def _kind(section: Section) -> str:
    return "event" if isinstance(section, EventSection) else "narrative"


def _heading(section: Section) -> str:
    words = " ".join(inline_text(section.heading).split())
    if len(words) > _LONGEST_HEADING:
        words = words[: _LONGEST_HEADING - 1].rstrip() + "…"
    return words


def _where_and_when(section: Section) -> str:
    if not isinstance(section, EventSection):
        return ""
    bits = []
    if section.location.strip():
        bits.append(" ".join(section.location.split()))
    if section.date is not None:
        bits.append(f"{_MONTHS[section.date.month - 1]} {section.date.day}")
    return ", ".join(bits)


def name_of_event(section: EventSection) -> str:
    """The event by itself, without the brief around it: "the event “Talks resume”", "the
    event (“Doha, July 19”)", or "this event" (for messages cached per section)."""
    heading = _heading(section)
    if heading:
        return f"the event “{heading}”"
    where = _where_and_when(section)
    return f"the event (“{where}”)" if where else "this event"


def describe_section(brief: Brief, section_id: str | None) -> str:
    """The section in words: "the event “Talks resume”", "the second event (“Doha, July 19”)"."""
    section = next((s for s in brief.sections if s.id == section_id), None)
    if section is None:
        return "the masthead" if section_id is None else "a section no longer in the brief"
    kind = _kind(section)
    heading = _heading(section)
    if heading:
        return f"the {kind} “{heading}”"
    same_kind = [s.id for s in brief.sections if _kind(s) == kind]
    number = same_kind.index(section.id)
    which = f"the {_ORDINALS[number]} {kind}" if number < len(_ORDINALS) else (
        f"{kind} {number + 1}")
    where = _where_and_when(section)
    return f"{which} (“{where}”)" if where else which


def _field(place: Place) -> str:
    n = place.index + 1
    return {
        "event": f"paragraph {n}",
        "body": f"paragraph {n}",
        "implications": f"implication {n}",
        "caption": f"caption of figure {n}",
        "heading": "heading",
        "subheading": f"subheading {n}",
        "location": "location",
        "parties": "parties",
        "byline": "byline",
        "source_line": "source line",
        "credits": f"credit {n}",
        "date": "date",
    }.get(place.field, place.field)


def describe_place(brief: Brief, place: Place) -> str:
    """Where ``place`` is, in words a reader understands, starting in lower case."""
    if place.field == "meta":
        return "the masthead"
    if place.field == "summary":
        return "the masthead summary"
    if place.field == "source":
        sources = brief.sources
        if 0 <= place.index < len(sources):
            source = sources[place.index]
            name = source.title or source.id
            if name:
                return f"source {place.index + 1} (“{name}”)"
        return f"source {place.index + 1}"
    return f"{describe_section(brief, place.section)}, {_field(place)}"


def capitalized(text: str) -> str:
    """``text`` with its first letter in upper case (for the start of a sentence or label)."""
    return text[:1].upper() + text[1:]
