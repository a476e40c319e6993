"""citeproc-js, the CSL processor inside Zotero, running in an embedded V8 (mini-racer).

One ``CiteprocRuntime`` holds one V8 isolate with citeproc-js and the CSL locale data
loaded, and one citeproc engine per style; it is used by one thread only: the process of
``citations/engine.py`` makes the program's only runtime and uses it on its main thread.
Every locale, en-US included, is the CSL project's current file (``csl_locales``): an old
en-US lacks terms such as "no." (``number``) that official styles print. Positions are
decided by our engine and handed
over with each cite (``position``, ``first-reference-note-number``, ``near-note``), which
``makeCitationCluster`` honours; so citeproc-js only words the notes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from brief_editor.citations.csl_locales import is_language_tag, locale_name, locale_xml
from brief_editor.citations.errors import CitationError
from brief_editor.resources import vendor_dir

log = logging.getLogger(__name__)

# V8's flags: mini-racer's own (one thread), and no optimising compiler. citeproc-js's
# clusters each run a little code once; V8 spent more compiling it with TurboFan than that
# saved (measured: wording 1,200 clusters cold took 15% less CPU without it, 6,000 no more).
V8_FLAGS = ("--single-threaded", "--no-opt")

# citeproc-js's CSL.POSITION_* numbers.
POSITION_CODES = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}

_BRIDGE_JS = r"""
var CSL = module.exports;
var __items = {};
var __engines = {};
var __sys = {
  retrieveLocale: function (lang) {
    if (__hasLocale(lang)) return __locales[lang];
    var base = String(lang || "").split("-")[0];
    for (var key in __locales) { if (key.split("-")[0] === base) return __locales[key]; }
    return __locales["en-US"];
  },
  retrieveItem: function (id) { return __items[id]; }
};
function __hasLocale(lang) {
  // Own keys only: "__proto__" or "constructor" are not locales.
  return Object.prototype.hasOwnProperty.call(__locales, lang);
}
function __makeEngine(key, style, lang) {
  var engine = new CSL.Engine(__sys, style, lang, true);
  engine.setOutputFormat("html");
  // URLs and DOIs in <a href>: the link is the variable itself, never a suffix after it.
  engine.opt.development_extensions.wrap_url_and_doi = true;
  // The registry's sort only orders year suffixes (a, b, …): without them it is not needed.
  engine.__sortRegistry = /disambiguate-add-year-suffix="true"/.test(style);
  __engines[key] = engine;
  return "ok";
}
function __render(payload) {
  var p = JSON.parse(payload);
  var engine = __engines[p.key];
  for (var id in p.items) { __items[id] = p.items[id]; }
  // The items citeproc-js must know together to tell alike cites apart (ambiguity.py),
  // each with the number of its first note, or 0. Registered afresh whenever the list
  // changes, so that the wording depends on the list alone.
  var register = JSON.stringify(p.register || []);
  if (engine.__registered !== register) {
    var citationreg = engine.registry.citationreg;
    if (engine.__registered) { citationreg.citationsByItemId = {}; engine.updateItems([]); }
    var ids = [], firstNotes = {};
    for (var i = 0; i < (p.register || []).length; i++) {
      var rid = p.register[i][0], note = p.register[i][1];
      ids.push(rid);
      // As Zotero's document would tell it: a style that prints the first note's number
      // ("(n 4)") needs no more to tell two cites apart when those numbers differ.
      if (note) firstNotes[rid] = [{citationID: "n" + note, properties: {noteIndex: note}}];
    }
    citationreg.citationsByItemId = firstNotes;
    if (ids.length) engine.updateItems(ids, !engine.__sortRegistry);
    engine.__registered = register;
  }
  var out = [];
  for (var i = 0; i < p.clusters.length; i++) {
    try { out.push(engine.makeCitationCluster(p.clusters[i])); }
    catch (e) { out.push({error: String(e && e.message || e)}); }
  }
  return JSON.stringify(out);
}
"""


# Made-up sources of the usual kinds for ``warm``; their ids cannot be an item_key's.
_WARM_ITEMS: dict[str, dict[str, Any]] = {
    "warm-article": {"id": "warm-article", "type": "article-newspaper", "title": "A headline",
                     "container-title": "A Paper", "author": [{"family": "Writer", "given": "A."}],
                     "issued": {"date-parts": [[2024, 3, 4]]}, "URL": "https://example.org/a"},
    "warm-report": {"id": "warm-report", "type": "report", "title": "A report",
                    "publisher": "An Office", "issued": {"date-parts": [[2023]]}},
    "warm-page": {"id": "warm-page", "type": "webpage", "title": "A page",
                  "container-title": "A Site", "accessed": {"date-parts": [[2024, 1, 2]]},
                  "URL": "https://example.org/p"},
}


class RuntimeBroken(CitationError):
    """The isolate was stopped mid-way (too slow, out of memory, or mini-racer failed):
    it must not be used again."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the notes engine stopped: {reason}")
        self.reason = reason


# A message from the CSL processor is shown to the user; it may quote a whole payload.
_MAX_MESSAGE = 200


class CiteprocRuntime:
    """A V8 isolate running citeproc-js.

    Not thread-safe, on purpose: an isolate belongs to one thread. Only the engine process
    of ``citations.engine.CiteprocEngine`` makes and uses one; everything else asks it.
    """

    def __init__(self, *, memory_limit: int | None = None) -> None:
        try:
            from py_mini_racer import MiniRacer, init_mini_racer
        except ImportError as exc:  # pragma: no cover - a broken install
            raise CitationError(f"the embedded JavaScript engine is missing ({exc})") from None
        init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
        folder = vendor_dir()
        citeproc_js = folder / "citeproc.js"
        if not citeproc_js.is_file():
            raise CitationError(
                f"citeproc-js is not installed in {folder}; run `make vendor` (it fetches the "
                "pinned npm packages)"
            )
        en_us = locale_xml("en-US")
        if en_us is None:
            raise CitationError(
                "the CSL locale files are not installed (they come with the citeproc-py package)"
            )
        self._ctx: Any = MiniRacer()
        if memory_limit:
            self._ctx.set_hard_memory_limit(memory_limit)
        self._ctx.eval("var module = {exports: {}}; var exports = module.exports;")
        self._ctx.eval(citeproc_js.read_text(encoding="utf-8"))
        # citeproc-js falls back to en-US for any term a locale lacks, so it is always there.
        self._ctx.eval("var __locales = {'en-US': " + json.dumps(en_us) + "};")
        self._ctx.eval(_BRIDGE_JS)
        self._engines: set[str] = set()
        self._locales_checked: set[str] = set()

    def close(self) -> None:
        """Free the V8 isolate now rather than whenever the garbage collector gets to it."""
        ctx, self._ctx = self._ctx, None
        if ctx is None:
            return
        # A stopped script still owes its answer; one more (tiny) script behind it in the
        # isolate's queue lets that answer arrive before the context goes away.
        with contextlib.suppress(Exception):
            ctx.eval("0")
        ctx.close()

    def _add_locale(self, lang: str) -> None:
        """Load the CSL project's locale for ``lang`` (en-US is loaded from the start).

        Without it citeproc-js would fall back to another dialect (en-GB to en-US, so dates
        in US order) or to English (Serbian, Greek, …).
        """
        if lang in self._locales_checked:
            return
        self._locales_checked.add(lang)
        if self._ctx.eval(f"__hasLocale({json.dumps(lang)})"):
            return
        name = locale_name(lang)
        xml = locale_xml(name) if name else None
        if xml is None:
            log.info("no CSL locale for %s; citeproc-js falls back", lang)
            return
        self._ctx.eval(f"__locales[{json.dumps(lang)}] = {json.dumps(xml)};")

    def locales(self) -> list[str]:
        return json.loads(self._ctx.eval("JSON.stringify(Object.keys(__locales))"))

    def ensure_engine(self, style_key: str, style_xml: str, lang: str) -> str:
        """Create (once) the citeproc engine for a style and language; return its key."""
        if not is_language_tag(lang):
            raise CitationError(f"meta.language: {_shown(lang)} is not a language tag such as "
                                "en-GB")
        key = f"{style_key}|{lang}"
        if key not in self._engines:
            self._add_locale(lang)
            try:
                self._ctx.call("__makeEngine", key, style_xml, lang)
            except Exception as exc:
                _raise_if_broken(exc)
                raise CitationError(f"the citation style {style_key} cannot be used: "
                                    f"{_shown(str(exc))}") from None
            self._engines.add(key)
        return key

    def warm(self, style_key: str, style_xml: str, lang: str) -> None:
        """Make the style's engine and word a few made-up clusters through it, so that V8
        has compiled the code the real ones run (the first clusters cost three times as
        much as the rest). Positions and the result are throw-away; nothing is kept but the
        engine. citeproc-js's ``makeCitationCluster`` keeps no state between clusters."""
        engine = self.ensure_engine(style_key, style_xml, lang)
        clusters = [[{"id": item, "position": position, **extra}]
                    for item in _WARM_ITEMS
                    for position in POSITION_CODES.values()
                    for extra in ({}, {"locator": "12", "label": "page"})]
        self.render_clusters(engine, _WARM_ITEMS, clusters * 2)

    def render(self, style_key: str, style_xml: str, lang: str,
               items: dict[str, dict[str, Any]], clusters: Sequence[list[dict[str, Any]]],
               register: Sequence[tuple[str, int]] = (), *, timeout_s: float | None = None) -> list[str]:
        """Word each cluster with the style and language (making its engine if need be).

        ``register`` names the items (of ``items``) citeproc-js is to know as the
        document's, each with its first note's number (or 0), so that it tells their alike
        cites apart (``ambiguity.py``).
        """
        engine = self.ensure_engine(style_key, style_xml, lang)
        return self.render_clusters(engine, items, clusters, register, timeout_s=timeout_s)

    def render_clusters(
        self, engine_key: str, items: dict[str, dict[str, Any]],
        clusters: Sequence[list[dict[str, Any]]], register: Sequence[tuple[str, int]] = (), *,
        timeout_s: float | None = None,
    ) -> list[str]:
        """Word each cluster (a list of citation items) and return citeproc's HTML for each."""
        if not clusters:
            return []
        try:
            payload = json.dumps({"key": engine_key, "items": items, "clusters": list(clusters),
                                  "register": [list(r) for r in register]}, allow_nan=False)
        except ValueError:
            raise CitationError("a cited source holds a number that is not finite (NaN or "
                                "Infinity); run `brief-editor check` to find it") from None
        try:
            result = json.loads(self._ctx.call("__render", payload, timeout_sec=timeout_s))
        except Exception as exc:
            _raise_if_broken(exc)
            raise CitationError(f"the CSL processor failed: {_shown(str(exc))}") from None
        out: list[str] = []
        for rendered in result:
            if isinstance(rendered, dict):
                raise CitationError("the CSL processor failed on a note: "
                                    f"{_shown(str(rendered.get('error')))}")
            out.append(rendered)
        return out


def _raise_if_broken(exc: Exception) -> None:
    from py_mini_racer import JSEvalException, JSOOMException, JSTimeoutException

    if isinstance(exc, JSTimeoutException):
        raise RuntimeBroken("it took too long") from None
    if isinstance(exc, JSOOMException):
        raise RuntimeBroken("it ran out of memory") from None
    if not isinstance(exc, JSEvalException):  # mini-racer itself failed, not the script
        raise RuntimeBroken(f"{type(exc).__name__}: {_shown(str(exc))}") from None


def _shown(text: str) -> str:
    """A message fit for one line: control characters out, at most a couple of hundred."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "…"


def item_key(item: dict[str, Any]) -> str:
    """A stable id for one version of a CSL item, so an edited source is never stale."""
    digest = hashlib.blake2b(json.dumps(item, sort_keys=True).encode("utf-8"), digest_size=8)
    return digest.hexdigest()
