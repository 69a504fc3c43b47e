"""The interface's words, from one gettext catalogue per language (dashboard/locales/*.po),
read with Babel; dates and language names from CLDR. Data labels come from the log itself.

A language the interface has no catalogue for (a log in French, say) falls back to English for
the interface while its data labels and dates stay in that language. Adding a language is
adding one catalogue; tests/test_i18n.py checks that every catalogue has every message.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
# English first: the fallback, and the switch's first choice.
UI_LANGUAGES = tuple(sorted((p.stem for p in LOCALES.glob("*.po")), key=lambda c: (c != "en", c)))

# The interface's English is British ("colour", "12 May 2021"): dates are formatted by CLDR's
# British English. Any other language is formatted by its own CLDR data.
_BABEL_LOCALES = {"en": "en_GB"}


@cache
def _catalogue(lang: str) -> Catalog:
    """The catalogue of ``lang`` (one of ``UI_LANGUAGES``), read once per process."""
    with (LOCALES / f"{lang}.po").open("rb") as po:
        return read_po(po, locale=_BABEL_LOCALES.get(lang, lang))


@cache
def _plural(expression: str) -> Callable[[int], int]:
    """A catalogue's Plural-Forms expression as a function from a count to a form's index."""
    return gettext.c2py(expression)


def _message(key: str, lang: str) -> str:
    """The text of ``key`` in the interface's language for ``lang``, or English where it has none."""
    message = _catalogue(ui_language(lang)).get(key)
    if message is not None and isinstance(message.string, str) and message.string:
        return message.string
    english = _catalogue("en")[key]
    if english is None:
        raise KeyError(key)
    return str(english.string)


def t(key: str, lang: str, **values: Any) -> str:
    """The string ``key`` in ``lang``'s catalogue (English where it has none), filled in.

    Integer values named after a counted noun (``events=2``) become "2 events", in the plural
    form CLDR gives the language.
    """
    template = _message(key, lang)
    filled = {
        name: count(value, name.rstrip("s"), lang)
        if isinstance(value, int) and f"noun.{name.rstrip('s')}" in _catalogue("en")
        else value
        for name, value in values.items()
    }
    return template.format(**filled)


def has(key: str) -> bool:
    """Whether the interface has words for ``key`` (the English catalogue has every key)."""
    return key in _catalogue("en")


def format_label(event_format: str, lang: str) -> str:
    """An event's format in words ("in person", "virtual"); an unknown one as its slug, spaced."""
    key = f"format.{event_format}"
    return t(key, lang) if has(key) else event_format.replace("-", " ")


def kind_label(kind: str, lang: str) -> str:
    """An event's kind in words ("talks", "press remarks"); an unknown one as its slug, spaced."""
    key = f"kind.{kind}"
    return t(key, lang) if has(key) else kind.replace("-", " ")


def count(number: int, noun: str, lang: str) -> str:
    """A number with its noun in the plural form CLDR gives ``lang``: "1 event", "3 events",
    "3 कार्यक्रम" (Hindi's "one" form covers 0 and 1)."""
    for catalogue in (_catalogue(ui_language(lang)), _catalogue("en")):
        message = catalogue.get(f"noun.{noun}")
        forms = message.string if message is not None else None
        if isinstance(forms, tuple) and all(forms):
            return f"{number:,} {forms[_plural(catalogue.plural_expr)(number)]}"
    raise KeyError(f"noun.{noun}")


def format_day(day: date, lang: str) -> str:
    """A day as CLDR writes it in ``lang``: "12 May 2021", "12 मई 2021", "4 mars 2024"; in words
    where the source gives none.

    A language CLDR does not know is written in the interface's English.
    """
    if day != day:  # pandas' NaT, an event whose day is not stated, is unequal to itself
        return t("day_not_stated", lang)
    locale = _locale(_BABEL_LOCALES.get(lang, lang)) or _locale(_BABEL_LOCALES["en"])
    return format_date(day, format="long", locale=locale)


def language_name(code: str, lang: str | None = None) -> str:
    """The language ``code`` by name: in its own language ("Français", "हिन्दी"), capitalised for a
    switch, or in ``lang`` ("Hindi" in English); the code itself where CLDR has no name for it."""
    locale = _locale(code)
    name = locale.get_display_name(_locale(lang) if lang else locale) if locale else None
    if not name:
        return code
    return name[:1].upper() + name[1:] if lang is None else name


def language_list(codes: list[str], lang: str) -> str:
    """Languages named in the interface's language for ``lang``: "Hindi", "English and French"."""
    names = [language_name(code, ui_language(lang)) for code in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + t("and", lang) + names[-1]


def ui_language(lang: str) -> str:
    """The language the interface's own words are in for a page in ``lang``: it, or English."""
    return lang if lang in UI_LANGUAGES else "en"


@cache
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
