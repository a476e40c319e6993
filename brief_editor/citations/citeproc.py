"""citeproc-js, the CSL processor inside Zotero, running in an embedded V8 (mini-racer).

One ``CiteprocRuntime`` holds one V8 isolate with citeproc-js and the CSL locale data
loaded, and one citeproc engine per style. Every locale, en-US included, is the CSL project's
current file (``csl_locales``): an old en-US lacks terms such as "no." (``number``) that
official styles print. Positions are decided by our engine and handed
over with each cite (``position``, ``first-reference-note-number``, ``near-note``), which
``makeCitationCluster`` honours; so citeproc-js only words the notes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import threading
import weakref
from collections.abc import Sequence
from typing import Any

from brief_editor.citations.csl_locales import locale_name, locale_xml
from brief_editor.citations.errors import CitationError
from brief_editor.resources import vendor_dir

log = logging.getLogger(__name__)

# citeproc-js's CSL.POSITION_* numbers.
POSITION_CODES = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}

_BRIDGE_JS = r"""
var CSL = module.exports;
var __items = {};
var __engines = {};
var __sys = {
  retrieveLocale: function (lang) {
    if (__locales[lang]) return __locales[lang];
    var base = String(lang || "").split("-")[0];
    for (var key in __locales) { if (key.split("-")[0] === base) return __locales[key]; }
    return __locales["en-US"];
  },
  retrieveItem: function (id) { return __items[id]; }
};
function __makeEngine(key, style, lang) {
  var engine = new CSL.Engine(__sys, style, lang, true);
  engine.setOutputFormat("html");
  __engines[key] = engine;
  return "ok";
}
function __render(payload) {
  var p = JSON.parse(payload);
  var engine = __engines[p.key];
  for (var id in p.items) { __items[id] = p.items[id]; }
  var out = [];
  for (var i = 0; i < p.clusters.length; i++) {
    try { out.push(engine.makeCitationCluster(p.clusters[i])); }
    catch (e) { out.push({error: String(e && e.message || e)}); }
  }
  return JSON.stringify(out);
}
"""


class CiteprocRuntime:
    """A V8 isolate running citeproc-js; thread-safe through one lock."""

    def __init__(self) -> None:
        try:
            from py_mini_racer import MiniRacer
        except ImportError as exc:  # pragma: no cover - a broken install
            raise CitationError(f"the embedded JavaScript engine is missing ({exc})") from None
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
        self._lock = threading.Lock()
        self._ctx = MiniRacer()
        self._ctx.eval("var module = {exports: {}}; var exports = module.exports;")
        self._ctx.eval(citeproc_js.read_text(encoding="utf-8"))
        # citeproc-js falls back to en-US for any term a locale lacks, so it is always there.
        self._ctx.eval("var __locales = {'en-US': " + json.dumps(en_us) + "};")
        self._ctx.eval(_BRIDGE_JS)
        self._engines: set[str] = set()
        self._locales_checked: set[str] = set()
        _open_runtimes.add(self)

    def close(self) -> None:
        """Free the V8 isolate now rather than whenever the garbage collector gets to it."""
        with self._lock:
            ctx, self._ctx = self._ctx, None
        if ctx is not None:
            ctx.close()

    def _add_locale(self, lang: str) -> None:
        """Load the CSL project's locale for ``lang`` (en-US is loaded from the start).

        Without it citeproc-js would fall back to another dialect (en-GB to en-US, so dates
        in US order) or to English (Serbian, Greek, …). Call with the lock held.
        """
        if lang in self._locales_checked:
            return
        self._locales_checked.add(lang)
        if self._ctx.eval(f"Boolean(__locales[{json.dumps(lang)}])"):
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
        key = f"{style_key}|{lang}"
        with self._lock:
            if key not in self._engines:
                self._add_locale(lang)
                try:
                    self._ctx.call("__makeEngine", key, style_xml, lang)
                except Exception as exc:
                    raise CitationError(f"the citation style {style_key} cannot be used: {exc}") from None
                self._engines.add(key)
        return key

    def render_clusters(
        self, engine_key: str, items: dict[str, dict[str, Any]], clusters: Sequence[list[dict[str, Any]]]
    ) -> list[str]:
        """Word each cluster (a list of citation items) and return citeproc's HTML for each."""
        if not clusters:
            return []
        payload = json.dumps({"key": engine_key, "items": items, "clusters": list(clusters)})
        with self._lock:
            result = json.loads(self._ctx.call("__render", payload))
        out: list[str] = []
        for rendered in result:
            if isinstance(rendered, dict):
                raise CitationError(f"the CSL processor failed on a note: {rendered.get('error')}")
            out.append(rendered)
        return out


# mini-racer frees an isolate through its event-loop thread, a daemon thread. Left to the
# garbage collector during interpreter shutdown, that thread is already frozen and the process
# hangs on exit (about one run in six of `brief-editor notes`). Closing every live runtime
# from atexit, while threads still run, makes exit deterministic.
_open_runtimes: weakref.WeakSet[CiteprocRuntime] = weakref.WeakSet()


@atexit.register
def _close_open_runtimes() -> None:
    for runtime in list(_open_runtimes):
        runtime.close()


def item_key(item: dict[str, Any]) -> str:
    """A stable id for one version of a CSL item, so an edited source is never stale."""
    digest = hashlib.blake2b(json.dumps(item, sort_keys=True).encode("utf-8"), digest_size=8)
    return digest.hexdigest()
