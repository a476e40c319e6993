"""Reading a date as a person types it: ISO, the locale's own format, or "July 19, 2021".

A date field must save exactly the day that was typed or say plainly that it cannot read
it; it must never roll "February 30" over into March or put a typed year aside for the
current one. Whatever cannot be read raises ``DateTextError`` with a sentence to show.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale

EXAMPLES = "2021-07-19, July 19, 2021 or 19 July 2021"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"([a-z]+)\.?"
_YEAR = r"(\d{4})"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_MONTH_FIRST = re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE)
_DAY_FIRST = re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}$", re.IGNORECASE)


class DateTextError(ValueError):
    """The typed text is not a date the field can read; the message says why."""


def _real_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(f"“{text}” is not a real date.") from None


def _english(text: str) -> dt.date | None:
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        match = pattern.match(text)
        if match:
            month = _MONTHS.get(match.group(month_group).lower())
            if month is None:
                return None
            return _real_date(int(match.group(3)), month, int(match.group(day_group)), text)
    return None


def _locale_formats(locale: QLocale) -> list[str]:
    formats: list[str] = []
    for kind in (QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat,
                 QLocale.FormatType.NarrowFormat):
        fmt = locale.dateFormat(kind)
        # A two-digit year would be a guess about the century: ask for all four digits.
        if "yyyy" not in fmt:
            fmt = fmt.replace("yy", "yyyy")
        if fmt not in formats:
            formats.append(fmt)
    return formats


def _in_locale(text: str, locale: QLocale) -> dt.date | None:
    for fmt in _locale_formats(locale):
        date = locale.toDate(text, fmt)
        if isinstance(date, QDate) and date.isValid():
            return dt.date(date.year(), date.month(), date.day())
    return None


def read_date(text: str, locale: QLocale | None = None) -> dt.date | None:
    """The date ``text`` names (None when blank); raises DateTextError when unreadable."""
    text = " ".join(text.split())
    if not text:
        return None
    iso = _ISO.match(text)
    if iso:
        return _real_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    english = _english(text)
    if english is not None:
        return english
    locale = locale or QLocale()
    found = _in_locale(text, locale)
    if found is not None:
        return found
    example = QDate(2021, 7, 19).toString(_locale_formats(locale)[0])
    # The locale's own form is worth naming only when it is one of a real place.
    own = f", or as {example}" if locale.language() != QLocale.Language.C else ""
    raise DateTextError(f"“{text}” is not a date this field can read. "
                        f"Type it as {EXAMPLES}{own}.")
