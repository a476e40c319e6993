"""A brief whose places are described in words by the tests of issue 14, item 6."""

from __future__ import annotations

import datetime as dt

from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Figure,
    Meta,
    NarrativeSection,
    Note,
    Source,
)

WIRE = Source({"id": "wire", "type": "article-newspaper", "title": "Talks in Doha",
               "container-title": "Example Wire", "issued": {"date-parts": [[2021, 7, 19]]},
               "URL": "https://example.org/doha"})


def brief() -> Brief:
    cited = Note((Cite("wire"),))
    return Brief(
        meta=Meta(publication="P", title="T", issue=1, week_of=dt.date(2021, 7, 19),
                  authors=("A",), summary=("A week of talks.", cited)),
        sections=(
            EventSection(id="s1", heading=("Talks resume",), date=dt.date(2021, 7, 19),
                         location="Brussels", event=(("Talks.", cited),)),
            EventSection(id="s2", date=dt.date(2021, 7, 19), location="Doha",
                         event=(("Delegations met.",), ("They left.",)),
                         implications=(("More talks.",), ("Less fighting.",))),
            NarrativeSection(id="n1", heading=("Outlook",), body=(("Quiet.", cited),)),
            EventSection(id="s4", event=(("Unplaced.", cited),), figures=(
                Figure(id="f1", media_type="image/png", data="", caption=("Photo.",)),)),
            NarrativeSection(id="n2", body=(("Untitled prose.", cited),)),
        ),
        sources=(WIRE,),
    )
