"""A small brief written for the review tests, and its export."""

from __future__ import annotations

import json
from pathlib import Path

from brief_editor.export.run import export_brief
from brief_editor.model import Brief, loads

RAW = {
    "format": "brief-editor",
    "version": 1,
    "meta": {"publication": "Harbour Watch", "title": "Weekly", "issue": 7,
             "week_of": "2026-11-23", "authors": ["A. Analyst"], "team": "Port Desk",
             "organization": "Example Group"},
    "style": {"citation_style": "brief", "notes": "endnotes", "ibid": True},
    "sections": [
        {"id": "s1", "kind": "event", "heading": ["Ferry Strike Ends"],
         "date": "2026-11-24", "location": "Port Lenna", "parties": ["Ferry Union", "Port Board"],
         "event": [
             ["The ferry union ended its strike after nine days of talks with the port board.",
              {"note": {"cites": [{"source": "wire"}]}},
              " Crossings resumed on Tuesday morning."],
             ["The board agreed to hire forty more deckhands by spring.",
              {"note": {"cites": [{"source": "gazette", "locator": "3"}]}}],
         ],
         "implications": [
             ["Freight queues should clear within a week. Some hauliers expect longer delays."],
             ["The deal sets a pattern for the dock workers' talks in January."],
             ["Tourism bookings may recover before the holidays."],
         ]},
        {"id": "s2", "kind": "narrative", "heading": ["Outlook"],
         "body": [["Calm weather is forecast for the strait, and traffic should stay heavy."]]},
    ],
    "sources": [
        {"id": "wire", "type": "article-newspaper", "title": "Ferry Strike Called Off",
         "container-title": "Coast Wire", "issued": {"date-parts": [[2026, 11, 24]]}},
        {"id": "gazette", "type": "article-newspaper", "title": "Board Promises New Crews",
         "container-title": "Lenna Gazette", "issued": {"date-parts": [[2026, 11, 25]]}},
    ],
}


def review_brief(**changes) -> Brief:
    raw = json.loads(json.dumps(RAW))
    raw.update(changes)
    return loads(json.dumps(raw))


def export(brief: Brief, target: Path) -> Path:
    export_brief(brief, target)
    return target
