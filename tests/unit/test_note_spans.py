"""citeproc-js's HTML becomes spans the exporters can set: marks, links, plain characters."""

from __future__ import annotations

import pytest

from brief_editor.citations.note_spans import html_to_spans, spans_text
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, Link, NarrativeSection, Note, Source, Style, Styled


@pytest.mark.parametrize(
    ("html", "spans"),
    [
        ("Plain text.", ("Plain text.",)),
        ("<i>Title</i>, 4.", (Styled("Title", ("italic",)), ", 4.")),
        ("<b>Bold</b>", (Styled("Bold", ("bold",)),)),
        ('<span style="font-variant:small-caps;">Smith</span>', (Styled("Smith", ("smallcaps",)),)),
        ("x<sup>2</sup> H<sub>2</sub>O",
         ("x", Styled("2", ("superscript",)), " H", Styled("2", ("subscript",)), "O")),
        # A title inside an italic title is set roman again (CSL's "flip-flop").
        ('<i>Reading <span style="font-style:normal;">Ulysses</span> Today</i>',
         (Styled("Reading ", ("italic",)), "Ulysses", Styled(" Today", ("italic",)))),
        ('<span style="font-variant:small-caps;">A <span style="font-variant:normal;">b</span></span>',
         (Styled("A ", ("smallcaps",)), "b")),
        ('<i><b>Both</b></i>', (Styled("Both", ("italic", "bold")),)),
        ('<b><i>Both</i></b>', (Styled("Both", ("italic", "bold")),)),
        # Adjacent runs with the same marks are one span.
        ("<i>One</i><i> two</i>", (Styled("One two", ("italic",)),)),
    ],
)
def test_marks(html: str, spans: tuple) -> None:
    assert html_to_spans(html) == spans


@pytest.mark.parametrize(
    ("html", "spans"),
    [
        ("See https://example.org/a/b.",
         ("See ", Link("https://example.org/a/b", "https://example.org/a/b"), ".")),
        ("http://x.example/q?a=1&amp;b=2, 2024.",
         (Link("http://x.example/q?a=1&b=2", "http://x.example/q?a=1&b=2"), ", 2024.")),
        ("&#60;https://ex.org/p&#62;.", ("<", Link("https://ex.org/p", "https://ex.org/p"), ">.")),
        ("(https://ex.org/p)", ("(", Link("https://ex.org/p", "https://ex.org/p"), ")")),
        ("mailto:desk@example.org; ibid.",
         (Link("mailto:desk@example.org", "mailto:desk@example.org"), "; ibid.")),
        ("<i>https://ex.org/i</i>", (Link("https://ex.org/i", "https://ex.org/i"),)),
        ("No link in example.org here.", ("No link in example.org here.",)),
    ],
)
def test_urls_become_links(html: str, spans: tuple) -> None:
    assert html_to_spans(html) == spans


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("AT&amp;T", "AT&T"),
        ("&#38; &lt;tag&gt; &quot;q&quot;", "& <tag> \"q\""),
        ("&#8220;Quoted,&#8221; 4", "“Quoted,” 4"),
        ("Vučić&#x2019;s &#8212; aside", "Vučić’s — aside"),
        ("a&nbsp;b", "a\u00a0b"),
        ("line<br/>break", "line break"),
    ],
)
def test_entities_are_characters(html: str, text: str) -> None:
    spans = html_to_spans(html)
    assert spans_text(spans) == text
    assert all(isinstance(s, str) for s in spans)


SMALL_CAPS_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Spans test</title><id>urn:test:spans</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout suffix=".">
      <group delimiter=", ">
        <names variable="author"><name font-variant="small-caps"/></names>
        <text variable="title" font-style="italic"/>
        <text variable="URL"/>
      </group>
    </layout>
  </citation>
</style>
"""


def test_real_citeproc_output_maps_to_marks_and_links(tmp_path) -> None:
    """The same mapping on citeproc-js's own HTML, with a title in a title and an ampersand."""
    style = tmp_path / "spans.csl"
    style.write_text(SMALL_CAPS_CSL, encoding="utf-8")
    brief = Brief(
        style=Style(citation_style="spans.csl"),
        sections=(NarrativeSection(id="s", body=(("x", Note(cites=(Cite("a"),))),)),),
        sources=(Source({"id": "a", "type": "book", "author": [{"family": "Lee", "given": "Kim"}],
                         "title": "Reading <i>Ulysses</i> & After",
                         "URL": "https://example.org/u?x=1&y=2"}),),
    )
    [note] = NoteRenderer().render(brief, brief_dir=tmp_path)
    assert note.spans == (
        Styled("Kim Lee", ("smallcaps",)),
        ", ",
        Styled("Reading ", ("italic",)),
        "Ulysses",
        Styled(" & After", ("italic",)),
        ", ",
        Link("https://example.org/u?x=1&y=2", "https://example.org/u?x=1&y=2"),
        ".",
    )
    assert note.text == "Kim Lee, Reading Ulysses & After, https://example.org/u?x=1&y=2."
