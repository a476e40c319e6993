"""Writing tools in the forms: red wavy underlines, suggestions, smart typography, word counts.

One ``WritingTools`` per window (``install_writing_tools``). It finds every text field of
the forms and of the citation dialog as it is first shown, and gives it:

- a red wavy underline under unknown words (``citations/spelling.py`` decides what is
  unknown). Rich text fields get a ``SpellHighlighter``, attached when the field is first
  painted, i.e. only fields on screen are checked; it re-reads only the paragraph that
  changed as you type. One-line fields are underlined over Qt's own painting; the parties,
  authors and credits lists through their item delegate.
- a context menu (right-click, or Edit ▸ Spelling Suggestions, Alt+F7 as in Word) with the
  suggestions, Ignore All (this session) and Add to Dictionary (the personal dictionary in
  the settings folder, so it also serves ``brief-editor check``).
- smart quotes, apostrophes and dashes in the brief's language as you type and on paste
  (``citations/typography.py``): “ ” ‘ ’ in English, « » with no-break spaces in French,
  „ “ in German. Each typed mark is an ordinary edit of the document, so Undo takes it back.
- a live word count of the section on screen in the status bar, with the profile's limits.

In name fields (parties, location, masthead names, credits) a word is known when the
dictionaries know it or it appears elsewhere in the brief (another name, or the text): the
field's own text does not vouch for itself, so "Sorvk" for "Sorvik" is underlined there.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from brief_editor.citations.quotes import count_words
from brief_editor.citations.spelling import (
    Misspelling,
    Speller,
    brief_vocabulary,
    find_unknown,
    names_holding,
    speller_for,
    unknown_parts,
    vocabulary_of,
)
from brief_editor.citations.typography import (
    NBSP,
    NNBSP,
    QuoteStyle,
    quote_style,
    smart_char,
    smart_dash,
    smarten,
)
from brief_editor.citations.writing import Limits, WritingSettings, brief_names_of
from brief_editor.errors import BriefEditorError
from brief_editor.model import (
    Brief,
    EventSection,
    InlineSlot,
    NarrativeSection,
    Place,
    inline_text,
    inlines_in_reading_order,
)
from brief_editor.model.bulk import paused_gc
from brief_editor.ui.richtext import BRIEF_TEXT, OBJECT_CHAR, RichTextEdit

# Multi-line fields: the forms' rich text, and plain text marked as the brief's (BRIEF_TEXT).
_TEXT_EDITS = (RichTextEdit, QPlainTextEdit)

if TYPE_CHECKING:
    from brief_editor.ui.host import SpellingHost

log = logging.getLogger(__name__)

UNDERLINE = QColor(220, 30, 30)
SHORTCUT = "Alt+F7"  # Word's "next misspelling"; F7 (Word's spelling pane) does the same
# One-line fields that hold codes, not words.
_NOT_WORDS = frozenset(("Language", "Marking", "Issue number"))
# One-line fields (and lists) whose text is one of the brief's own names.
_NAME_FIELDS = frozenset(("Location", "Publication", "Title", "Team", "Organization",
                          "Credit", "Parties", "Authors", "Credits", "Add party",
                          "Add author", "Add credit line", "Byline", "Source",
                          "Add credit"))


def visible_stretch(text: str, center: int, width_px: int) -> tuple[int, int]:
    """The part of ``text`` a field ``width_px`` wide can show around character ``center``.

    A visible character is at least a pixel wide, so nothing beyond ``width_px`` characters
    either side can be seen; the cut falls between words, so no word is checked in part.
    Painting underlines then costs what the field shows, not what the text holds (a line of
    200,000 characters, E008's limit, took minutes to paint when all of it was measured).
    """
    reach = max(0, width_px) + 64
    start, end = max(0, center - reach), min(len(text), center + reach)
    if start > 0:
        first_gap = re.search(r"\s", text[start:end])
        start = start + first_gap.end() if first_gap else end
    if end < len(text):
        last_gap = re.search(r"\s\S*$", text[start:end])
        end = start + last_gap.start() if last_gap else start
    return start, max(start, end)


def wavy_path(left: float, right: float, baseline: float) -> QPainterPath:
    """A wave from ``left`` to ``right`` just under ``baseline`` (2 px high, 4 px long)."""
    path = QPainterPath()
    path.moveTo(left, baseline + 1)
    x, up = left, True
    while x < right:
        x = min(x + 2, right)
        path.lineTo(x, baseline + (0 if up else 2))
        up = not up
    return path


class WritingTools(QObject):
    """Spelling, smart typing and counts for the fields of one window."""

    def __init__(self, window: SpellingHost) -> None:
        super().__init__(window)
        self.window = window
        self.ignored: set[str] = set()
        self.personal: tuple[str, ...] = ()
        self.settings = WritingSettings()
        self._speller: Speller | None = None
        self._speller_language = ""
        self._names_key: tuple[str, ...] | None = None
        self._names_brief: Brief | None = None
        self._drawn_names: tuple[str, ...] | None = None
        self._verdicts: dict[str, bool] = {}  # word → known, for running text
        self._tokens_ok: dict[str, bool] = {}  # token (hyphens and all) → all parts known
        self._verdicts_key: tuple[object, ...] | None = None
        self._names: frozenset[str] = frozenset()
        self._name_hits: dict[tuple[str, int], bool] = {}
        self._text_brief: Brief | None = None
        self._text_vocabulary: list[frozenset[str]] = []
        self._section_words: dict[int, tuple[object, frozenset[str]]] = {}
        self._highlighters: list[SpellHighlighter] = []
        self._lines: list[QLineEdit] = []
        self._lists: list[QListWidget] = []
        self._attached: set[int] = set()
        self.reload_settings()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Section word count")
        self.count_label.setContentsMargins(10, 0, 10, 0)
        window.statusBar().addPermanentWidget(self.count_label)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(150)
        self._count_timer.timeout.connect(self.update_count)
        self._rehighlight_timer = QTimer(self)
        self._rehighlight_timer.setSingleShot(True)
        self._rehighlight_timer.setInterval(400)
        self._rehighlight_timer.timeout.connect(self._names_may_have_changed)
        window.document_replaced.connect(self._document_replaced)
        window.outline.section_selected.connect(lambda _sid: self._count_timer.start(0))
        self._document_replaced()
        QApplication.instance().installEventFilter(self)
        # Load the dictionary off the GUI thread: the first underline need not wait 0.4 s.
        from brief_editor.citations.spelling import use_stems_store
        from brief_editor.storage.spelling_cache import FileStemsStore

        use_stems_store(FileStemsStore(window.paths.cache / "spelling"))
        language = self.language()
        threading.Thread(target=speller_for, args=(language, self.settings.dictionaries),
                         daemon=True, name="spelling-load").start()

    # ------------------------------------------------------------------ settings

    def reload_settings(self) -> None:
        """Read the profile's writing settings and the personal dictionary again."""
        from brief_editor.storage.dictionary import known_words
        from brief_editor.storage.profile import find_profile

        near = self.window.document.path if self.window.document is not None else None
        self.personal = known_words(self.window.paths, near)
        try:
            profile = find_profile(self.window.settings.profile_path or None, self.window.paths,
                                   near=near)
            self.settings = profile.writing_settings(self.personal)
        except BriefEditorError as exc:
            log.warning("writing tools use the default settings: %s", exc)
            self.settings = WritingSettings.build(words=self.personal)
        self.rehighlight_all()

    @property
    def limits(self) -> Limits:
        return self.settings.limits

    def language(self) -> str:
        document = getattr(self.window, "document", None)
        return document.brief.meta.effective_language if document is not None else "en-US"

    def style(self) -> QuoteStyle:
        return quote_style(self.language())

    def speller(self) -> Speller | None:
        if "W301" in self.settings.off:
            return None
        language = self.language()
        if self._speller is None or language != self._speller_language:
            self._speller = speller_for(language, self.settings.dictionaries)
            self._speller_language = language
        return self._speller

    def _brief_names(self) -> None:
        brief = self.window.document.brief
        previous = self._names_brief
        if brief is previous:
            return
        self._names_brief = brief
        if previous is not None and not _names_may_differ(previous, brief):
            return  # typing in the text: no name changed (checked without reading them all)
        key = brief_names_of(brief)  # re-read only for the parts that changed
        if key != self._names_key:
            self._verdicts.clear()
            self._tokens_ok.clear()
            self._names_key = key
            # The checks' WritingChecker asks for the same vocabulary: built once for both.
            self._names = brief_vocabulary(key)
            self._name_hits.clear()

    def _in_other_names(self, folded: str, own: frozenset[str]) -> bool:
        """Whether the brief's names use the (folded) word, besides the name field's own
        text: in two names when the field holds it, else in one."""
        needed = 2 if folded in own else 1
        if needed == 1:
            return folded in self._names
        key = (folded, needed)
        known = self._name_hits.get(key)
        if known is None:
            with paused_gc():
                known = names_holding(self._names_key or (), folded, needed) >= needed
            self._name_hits[key] = known
        return known

    def _in_text(self, folded: str) -> bool:
        """Whether the brief's running text uses the (folded) word: for name fields."""
        return any(folded in words for words in self._text_words())

    def _text_words(self) -> list[frozenset[str]]:
        """The folded words of each part's running text, each cached while the part stays.

        Kept as one set a part, not their union: typing changes the brief at every key, and
        a name field asks about a handful of words only.
        """
        brief = self.window.document.brief
        if self._text_brief is brief:
            return self._text_vocabulary
        cache = self._section_words
        fresh: dict[int, tuple[object, frozenset[str]]] = {}
        parts: list[frozenset[str]] = []
        for part in (brief.meta.summary or (), *brief.sections):
            known = cache.get(id(part))
            if known is None or known[0] is not part:
                slots = inlines_in_reading_order(Brief(sections=(part,))) if not isinstance(
                    part, tuple) else [InlineSlot(Place(None, "summary"), part)]
                known = (part, vocabulary_of(inline_text(slot.inline) for slot in slots))
            fresh[id(part)] = known
            parts.append(known[1])
        self._section_words = fresh
        self._text_vocabulary = parts
        self._text_brief = brief
        return self._text_vocabulary

    # ------------------------------------------------------------------ what is unknown

    def misspellings(self, text: str, own_name: str | None = None) -> list[Misspelling]:
        """The unknown words of ``text``; ``own_name`` is the text of a name field."""
        speller = self.speller()
        if speller is None or not text:
            return []
        self._brief_names()
        if own_name is None:
            return self._text_misspellings(text, speller)
        own = vocabulary_of((own_name,)) if own_name else frozenset()

        def is_known(word: str) -> bool:
            folded = _fold(word)
            if folded in self.settings.words or folded in self.ignored:
                return True
            if speller.check(word):  # asked first: counting the names is the slow part
                return True
            return self._in_other_names(folded, own) or self._in_text(folded)

        return find_unknown(text, is_known)

    def _text_misspellings(self, text: str, speller: Speller) -> list[Misspelling]:
        """``misspellings`` of running text, with a verdict a word kept while the names, the
        dictionaries and the ignored words stay the same: a keystroke re-reads a paragraph."""
        key = (speller, self.settings, len(self.ignored))
        if key != self._verdicts_key:
            self._verdicts.clear()
            self._tokens_ok.clear()
            self._verdicts_key = key
        verdicts = self._verdicts

        def is_known(word: str) -> bool:
            verdict = verdicts.get(word)
            if verdict is None:
                folded = _fold(word)
                verdict = (folded in self.settings.words or folded in self.ignored
                           or folded in self._names or _fold(_base(word)) in self._names
                           or speller.check(word))
                verdicts[word] = verdict
            return verdict

        tokens_ok = self._tokens_ok
        for token in _WORDISH.findall(text):
            ok = tokens_ok.get(token)
            if ok is None:
                ok = tokens_ok[token] = not unknown_parts(token, 0, is_known)
            if not ok:
                return find_unknown(text, is_known)  # offsets, URLs: the careful reading
        return []

    def suggestions(self, word: str) -> tuple[str, ...]:
        speller = self.speller()
        return speller.suggestions(word) if speller is not None else ()

    # ------------------------------------------------------------------ attaching

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        etype = event.type()
        if etype == QEvent.Type.Show:
            if isinstance(obj, (*_TEXT_EDITS, QLineEdit, QListWidget)) \
                    and id(obj) not in self._attached:
                self._attach(obj)
            return False
        if etype == QEvent.Type.KeyPress and isinstance(obj, (*_TEXT_EDITS, QLineEdit)) \
                and id(obj) in self._attached:
            return self._key(obj, event)  # type: ignore[arg-type]
        if etype == QEvent.Type.ContextMenu:
            target = obj.parent() if isinstance(obj.parent(), _TEXT_EDITS) else obj
            if id(target) in self._attached and isinstance(target, (*_TEXT_EDITS, QLineEdit)):
                return self._context_menu(target, event.pos() if target is obj else
                                          event.pos(), event.globalPos())
            return False
        if etype == QEvent.Type.Paint:
            if isinstance(obj, QLineEdit) and id(obj) in self._attached:
                obj.event(event)  # Qt paints the field first; the waves go on top
                self._paint_line(obj)
                return True
            parent = obj.parent()
            if isinstance(parent, _TEXT_EDITS) and id(parent) in self._attached:
                self._highlight(parent)
        return False

    def _wanted(self, widget: QWidget) -> bool:
        if widget.property(BRIEF_TEXT) is True and widget.window().parent() is self.window:
            # A dialog's field that holds the brief's own text (Insert ▸ Commentary Note).
            return True
        if isinstance(widget, QPlainTextEdit):
            return False
        if widget.window() is not self.window and widget.accessibleName() != "Comment":
            return False
        if isinstance(widget.parent(), QAbstractSpinBox):
            return False
        if widget.accessibleName() in _NOT_WORDS:
            return False
        if isinstance(widget, RichTextEdit):
            return True
        form = widget.parent()
        while form is not None and form.__class__.__name__ not in ("Form", "MastheadForm",
                                                                   "EventForm",
                                                                   "NarrativeForm",
                                                                   "CitationPicker"):
            form = form.parent()
        return form is not None

    def _attach(self, widget: QWidget) -> None:
        # Only the forms' fields: the Find bar, spin boxes and dialogs keep straight quotes.
        if not self._wanted(widget):
            return
        self._attached.add(id(widget))
        widget.destroyed.connect(lambda *_: self._attached.discard(id(widget)))
        if isinstance(widget, RichTextEdit):
            widget.paste_text_filter = lambda text: smarten(text, self.style())
        elif isinstance(widget, QLineEdit):
            self._lines.append(widget)
        elif isinstance(widget, QListWidget):
            widget.setItemDelegate(SpellDelegate(self, widget))
            self._lists.append(widget)

    def _highlight(self, editor: QWidget) -> None:
        """Attach the highlighter on first paint: only fields on screen are checked."""
        if getattr(editor, "_spell_highlighter", None) is None:
            highlighter = SpellHighlighter(self, editor)
            editor._spell_highlighter = highlighter  # type: ignore[attr-defined]
            self._highlighters.append(highlighter)

    def rehighlight_all(self) -> None:
        self._drawn_names = self._names_key
        self._highlighters = [h for h in self._highlighters if shiboken6.isValid(h)]
        for highlighter in self._highlighters:
            highlighter.rehighlight()
        self._lines = [w for w in self._lines if shiboken6.isValid(w)]
        self._lists = [w for w in self._lists if shiboken6.isValid(w)]
        for widget in [*self._lines, *self._lists]:
            widget.update()
            if isinstance(widget, QListWidget):
                widget.viewport().update()

    def _document_replaced(self) -> None:
        self.window.document.changed.connect(self._on_changed)
        self._names_key = None
        self.rehighlight_all()
        self.update_count()

    def _on_changed(self, old: Brief, new: Brief) -> None:
        self._count_timer.start()
        if old.meta.language != new.meta.language or old.sources is not new.sources:
            self._rehighlight_timer.start(0)
        elif new.sections is not old.sections:
            self._rehighlight_timer.start()

    def _names_may_have_changed(self) -> None:
        # Compared with the names the underlines were drawn with (a field painted since the
        # edit may already have read the new names).
        self._brief_names()
        if self._names_key != self._drawn_names or self._speller_language != self.language():
            self.rehighlight_all()

    # ------------------------------------------------------------------ menus

    def _word_at(self, widget: QWidget, pos: QPoint) -> tuple[Misspelling, Callable[[str],
                                                                                   None]] | None:
        if isinstance(widget, _TEXT_EDITS):
            cursor = widget.cursorForPosition(pos)
            return self._word_in_editor(widget, cursor.position())
        if isinstance(widget, QLineEdit):
            return self._word_in_line(widget, widget.cursorPositionAt(pos))
        return None

    def _word_in_editor(self, editor: RichTextEdit, position: int, *, after: bool = False):
        block = editor.document().findBlock(position)
        offset = position - block.position()
        for miss in self.misspellings(block.text()):
            if miss.start <= offset <= miss.end or (after and miss.start >= offset):
                start = block.position() + miss.start

                def replace(word: str, start: int = start, length: int = len(miss.word)) -> None:
                    cursor = QTextCursor(editor.document())
                    cursor.setPosition(start)
                    cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
                    cursor.insertText(word)
                    editor.setTextCursor(cursor)

                return miss, replace
        return None

    def _word_in_line(self, edit: QLineEdit, position: int, *, after: bool = False):
        own = edit.text() if edit.accessibleName() in _NAME_FIELDS else None
        for miss in self.misspellings(edit.text(), own):
            if miss.start <= position <= miss.end or (after and miss.start >= position):
                def replace(word: str, miss: Misspelling = miss) -> None:
                    edit.setSelection(miss.start, miss.end - miss.start)
                    edit.insert(word)  # an edit like typing: textEdited reaches the form

                return miss, replace
        return None

    def spelling_menu(self, miss: Misspelling, replace: Callable[[str], None],
                      parent: QWidget) -> QMenu:
        """Suggestions, Ignore All and Add to Dictionary for one unknown word."""
        menu = QMenu(parent)
        menu.setAccessibleName("Spelling")
        suggestions = self.suggestions(miss.word)
        bold = QFont(menu.font())
        bold.setBold(True)
        def replace_alone(word: str) -> None:
            # A correction is its own step of Undo, not the end of the typing before it.
            self._seal_typing()
            replace(word)
            self._seal_typing()

        for word in suggestions:
            action = menu.addAction(word)
            action.setFont(bold)
            action.triggered.connect(lambda _c=False, w=word: replace_alone(w))
        if not suggestions:
            none = menu.addAction("(no suggestions)")
            none.setEnabled(False)
        menu.addSeparator()
        menu.addAction("&Ignore All", lambda: self.ignore(miss.word))
        menu.addAction("&Add to Dictionary", lambda: self.add_to_dictionary(miss.word))
        from brief_editor.storage.dictionary import team_dictionary

        if team_dictionary(self.window.document.path) is not None:
            menu.addAction("Add to &Team Dictionary",
                           lambda: self.add_to_dictionary(miss.word, team=True))
        return menu

    def _seal_typing(self) -> None:
        """Stop the last typing command from merging with the next edit."""
        from brief_editor.ui.document import BriefCommand

        stack = self.window.document.undo_stack
        command = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if isinstance(command, BriefCommand):
            command.stamp = float("-inf")

    def _context_menu(self, widget: QWidget, pos: QPoint, global_pos: QPoint) -> bool:
        found = self._word_at(widget, pos)
        standard = widget.createStandardContextMenu(pos) if isinstance(widget, _TEXT_EDITS) \
            else widget.createStandardContextMenu()  # type: ignore[union-attr]
        if found is not None:
            miss, replace = found
            menu = self.spelling_menu(miss, replace, widget)
            menu.addSeparator()
            for action in standard.actions():
                menu.addAction(action)
            standard.setParent(menu)
        else:
            menu = standard
        menu.exec(global_pos)
        menu.deleteLater()
        return True

    def show_suggestions(self) -> None:
        """Edit ▸ Spelling Suggestions: the next unknown word from the cursor, with its menu."""
        widget = QApplication.focusWidget()
        found = None
        where = QPoint()
        if isinstance(widget, _TEXT_EDITS) and id(widget) in self._attached:
            found = self._next_in_editor(widget)
            if found is not None:
                where = widget.viewport().mapToGlobal(
                    widget.cursorRect(widget.textCursor()).bottomLeft())
        elif isinstance(widget, QLineEdit) and id(widget) in self._attached:
            found = self._word_in_line(widget, widget.cursorPosition(), after=True)
            if found is not None:
                widget.setSelection(found[0].start, found[0].end - found[0].start)
                where = widget.mapToGlobal(widget.cursorRect().bottomLeft())
        if found is None:
            self.window.statusBar().showMessage("No unknown words after the cursor", 3000)
            return
        menu = self.spelling_menu(*found, widget)
        menu.popup(where)
        self.last_menu = menu

    def _next_in_editor(self, editor: RichTextEdit):
        """The first unknown word at or after the cursor, selected; None when there is none."""
        position = editor.textCursor().selectionStart()
        block = editor.document().findBlock(position)
        while block.isValid():
            offset = max(0, position - block.position())
            for miss in self.misspellings(block.text()):
                if miss.end >= offset:
                    cursor = editor.textCursor()
                    cursor.setPosition(block.position() + miss.start)
                    cursor.setPosition(block.position() + miss.end,
                                       QTextCursor.MoveMode.KeepAnchor)
                    editor.setTextCursor(cursor)
                    return self._word_in_editor(editor, block.position() + miss.start)
            block = block.next()
        return None

    def ignore(self, word: str) -> None:
        self.ignored.add(_fold(word))
        self.rehighlight_all()

    def add_to_dictionary(self, word: str, *, team: bool = False) -> None:
        """Add ``word`` to the personal dictionary, or to the team workspace's (shared with
        the desk at the next sync)."""
        from brief_editor.storage.dictionary import add_personal_word, add_team_word

        try:
            if team:
                add_team_word(self.window.document.path, word)
            else:
                add_personal_word(self.window.paths, word)
        except (OSError, ValueError, BriefEditorError) as exc:
            self.window.statusBar().showMessage(f"“{word}” could not be added: {exc}", 8000)
            return
        live = getattr(self.window, "live", None)
        if live is not None and hasattr(live, "apply_settings"):
            live.apply_settings()  # the checks, and these underlines (reload_settings)
        else:
            self.reload_settings()
        where = "the team dictionary" if team else "your dictionary"
        self.window.statusBar().showMessage(f"Added “{word}” to {where}", 4000)

    # ------------------------------------------------------------------ typing

    def paste_into(self, widget: QWidget | None) -> bool:
        """Paste the clipboard into one of the forms' line fields with the brief's quotes and
        dashes (Edit ▸ Paste comes here as Ctrl+V does); False for any other widget."""
        if not isinstance(widget, QLineEdit) or id(widget) not in self._attached \
                or widget.isReadOnly():
            return False
        text = QApplication.clipboard().text().replace("\n", " ")
        widget.insert(smarten(text, self.style()))
        return True

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        if isinstance(widget, QLineEdit) and event.matches(QKeySequence.StandardKey.Paste):
            return self.paste_into(widget)
        text = event.text()
        if len(text) != 1 or text not in "\"'-;:!?" or widget.isReadOnly():
            return False
        if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                 | Qt.KeyboardModifier.KeypadModifier):
            return False
        before = self._text_before(widget, 2)
        style = self.style()
        if text in "\"'":
            context = self._text_before(widget, 10_000) if text == "'" else ""
            self._insert(widget, smart_char(text, before[-1:], style, context), 0)
            return True
        if text == "-":
            dash = smart_dash(before + "-")
            if dash is None:
                return False
            self._insert(widget, dash[1], dash[0] - 1)
            return True
        if style.spaced and before[-1:] in (" ", "") and before[-2:-1] not in ("", " "):
            space = NBSP if text == ":" else NNBSP
            if before[-1:] == " ":
                self._insert(widget, space + text, 1)
                return True
        return False

    @staticmethod
    def _text_before(widget: QWidget, count: int) -> str:
        if isinstance(widget, QLineEdit):
            position = widget.cursorPosition()
            if widget.hasSelectedText():
                position = widget.selectionStart()
            return widget.text()[max(0, position - count):position]
        assert isinstance(widget, _TEXT_EDITS)
        cursor = widget.textCursor()
        position = cursor.selectionStart()
        block = widget.document().findBlock(position)
        offset = position - block.position()
        text = block.text()[max(0, offset - count):offset]
        return text.replace(OBJECT_CHAR, "x")  # a note marker reads as a letter

    @staticmethod
    def _insert(widget: QWidget, text: str, replace_before: int) -> None:
        if isinstance(widget, QLineEdit):
            if replace_before and not widget.hasSelectedText():
                position = widget.cursorPosition()
                widget.setSelection(position - replace_before, replace_before)
            widget.insert(text)
            return
        assert isinstance(widget, _TEXT_EDITS)
        cursor = widget.textCursor()
        if replace_before and not cursor.hasSelection():
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter,
                                QTextCursor.MoveMode.KeepAnchor, replace_before)
        cursor.insertText(text)
        widget.setTextCursor(cursor)

    # ------------------------------------------------------------------ drawing

    def _paint_line(self, edit: QLineEdit) -> None:
        text = edit.text()
        if not text or edit.echoMode() != QLineEdit.EchoMode.Normal:
            return
        own = text if edit.accessibleName() in _NAME_FIELDS else None
        clip = edit.contentsRect()
        at = edit.cursorPosition()
        start, end = visible_stretch(text, at, clip.width())
        misses = self.misspellings(text[start:end], own)
        if not misses:
            return
        metrics = edit.fontMetrics()
        cursor_x = edit.cursorRect().center().x()

        def x_of(offset: int) -> float:  # measured from the cursor, over what is shown
            if offset >= at:
                return cursor_x + metrics.horizontalAdvance(text[at:offset])
            return cursor_x - metrics.horizontalAdvance(text[offset:at])

        rect = edit.cursorRect()
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) / 2 + 1
        painter = QPainter(edit)
        painter.setPen(QPen(UNDERLINE, 1))
        painter.setClipRect(clip)
        for miss in misses:
            left, right = x_of(start + miss.start), x_of(start + miss.end)
            painter.drawPath(wavy_path(left, right, baseline))
        painter.end()

    # ------------------------------------------------------------------ counts

    def section_count(self, brief: Brief, section_id: str | None) -> str:
        """The status bar's count for the section on screen (with the profile's limits)."""
        limits = self.limits
        if section_id is None:
            words = count_words(inline_text(brief.meta.summary or ()))
            return _with_limit(f"Summary: {words:,} words", words, limits.summary_words)
        section = next((s for s in brief.sections if s.id == section_id), None)
        if isinstance(section, EventSection):
            words = sum(count_words(inline_text(p)) for p in section.event)
            bullets = sum(1 for b in section.implications if inline_text(b).strip())
            text = _with_limit(f"Event: {words:,} words", words, limits.event_words)
            return text + " · " + _with_limit(f"{bullets} implication"
                                              f"{'' if bullets == 1 else 's'}", bullets,
                                              limits.implication_bullets)
        if isinstance(section, NarrativeSection):
            words = sum(count_words(inline_text(p)) for p in section.body)
            return _with_limit(f"Section: {words:,} words", words, limits.narrative_words)
        return ""

    def update_count(self) -> None:
        if not shiboken6.isValid(self.count_label):
            return
        section_id = getattr(self.window, "_form_section", None)
        self.count_label.setText(self.section_count(self.window.document.brief, section_id))


def _with_limit(text: str, value: int, limit: int | None) -> str:
    if limit is None:
        return text
    over = " (over the limit)" if value > limit else ""
    return f"{text} of {limit}{over}"


# Plain words (no hyphen): a paragraph whose every such word has a known verdict, and that
# has no hyphenated word, needs no closer reading.
_WORDISH = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")


def _names_may_differ(old: Brief, new: Brief) -> bool:
    """False when ``new`` surely has the names of ``old``: the masthead and sources are the
    same objects and every section that changed kept its names (the usual keystroke)."""
    if old.meta is not new.meta or old.sources is not new.sources \
            or len(old.sections) != len(new.sections):
        return True
    for before, after in zip(old.sections, new.sections, strict=True):
        if before is not after and _section_names(before) != _section_names(after):
            return True
    return False


def _section_names(section: object) -> tuple[object, ...]:
    return (getattr(section, "id", None), getattr(section, "location", None),
            getattr(section, "parties", None), getattr(section, "byline", None),
            getattr(section, "source_line", None), getattr(section, "credits", None),
            tuple(f.credit for f in getattr(section, "figures", ())))


def _fold(word: str) -> str:
    return word.replace("’", "'").casefold()


def _base(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


class SpellHighlighter(QSyntaxHighlighter):
    """Red wavy underlines under the unknown words of one rich text field."""

    def __init__(self, tools: WritingTools, editor: QWidget) -> None:
        super().__init__(editor.document())
        self.tools = tools
        self.format = QTextCharFormat()
        self.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.format.setUnderlineColor(UNDERLINE)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for miss in self.tools.misspellings(text):
            self.setFormat(miss.start, miss.end - miss.start, self.format)


class SpellDelegate(QStyledItemDelegate):
    """Draws a list item (a party, an author) with wavy underlines under unknown words."""

    def __init__(self, tools: WritingTools, parent: QListWidget) -> None:
        super().__init__(parent)
        self.tools = tools

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        text = index.data()
        if not isinstance(text, str) or not text:
            return
        widget = self.parent()
        style = widget.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_rect: QRect = style.subElementRect(style.SubElement.SE_ItemViewItemText, opt,
                                                widget)
        # Only what the row can show is checked and measured (visible_stretch).
        right_edge = min(text_rect.right(), widget.viewport().rect().right())
        _start, end = visible_stretch(text, 0, right_edge - text_rect.left())
        misses = self.tools.misspellings(text[:end], text)
        if not misses:
            return
        metrics = option.fontMetrics
        left0 = text_rect.left() + style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin,
                                                     None, widget) + 1
        baseline = text_rect.top() + (text_rect.height() + metrics.ascent()
                                      - metrics.descent()) / 2 + 1
        painter.save()
        painter.setPen(QPen(UNDERLINE, 1))
        for miss in misses:
            left = left0 + metrics.horizontalAdvance(text[:miss.start])
            if left > right_edge:
                break
            right = left0 + metrics.horizontalAdvance(text[:miss.end])
            painter.drawPath(wavy_path(left, right, baseline))
        painter.restore()


def install_writing_tools(window: SpellingHost) -> WritingTools:
    """Spelling, smart typing and section counts for ``window``; Edit ▸ Spelling Suggestions."""
    tools = WritingTools(window)
    window.writing_tools = tools  # type: ignore[attr-defined]
    edit_menu = next((a.menu() for a in window.menuBar().actions()
                      if a.text().replace("&", "") == "Edit" and a.menu() is not None), None)
    if edit_menu is not None:
        action = QAction("Spelling &Suggestions…", window)
        action.setShortcuts([QKeySequence(SHORTCUT), QKeySequence("F7")])
        action.setStatusTip("Suggestions for the next unknown word from the cursor")
        action.triggered.connect(lambda _checked=False: tools.show_suggestions())
        edit_menu.addSeparator()
        edit_menu.addAction(action)
        window.addAction(action)
        tools.suggestions_action = action  # type: ignore[attr-defined]
    return tools
