"""The interface's words: one complete gettext catalogue per language, read through Babel."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.i18n import LOCALES, UI_LANGUAGES, count, t

CATALOGUES = sorted(LOCALES.glob("*.po"))


def _read(path: Path) -> dict[str, str | tuple[str, ...]]:
    with path.open("rb") as po:
        return {
            str(message.id[0] if isinstance(message.id, tuple) else message.id): message.string
            for message in read_po(po)
            if message.id
        }


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


ENGLISH = _read(LOCALES / "en.po")


def test_each_catalogue_is_a_language_of_the_interface() -> None:
    """The interface speaks exactly the languages that have a catalogue, English first."""
    assert UI_LANGUAGES[0] == "en"
    assert sorted(UI_LANGUAGES) == sorted(path.stem for path in CATALOGUES)
    assert len(UI_LANGUAGES) >= 2


@pytest.mark.parametrize("path", CATALOGUES, ids=[p.stem for p in CATALOGUES])
def test_every_catalogue_is_complete(path: Path) -> None:
    """Every catalogue has every English message, none empty, with the same placeholders, and
    each counted noun in as many forms as CLDR's plural rules give its language."""
    messages = _read(path)
    assert set(messages) == set(ENGLISH), set(ENGLISH) ^ set(messages)
    plurals, _ = get_plural(path.stem)
    for key, english in ENGLISH.items():
        text = messages[key]
        if isinstance(english, tuple):
            assert isinstance(text, tuple) and len(text) == plurals and all(text), key
            continue
        assert isinstance(text, str) and text, key
        assert _fields(text) == _fields(english), key


def test_a_missing_message_fails_the_check_above(tmp_path: Path) -> None:
    """The completeness check can fail: a catalogue without one message is told apart."""
    shortened = re.sub(
        r'msgid "showing"\nmsgstr "[^"]*"\n', "", (LOCALES / "hi.po").read_text(encoding="utf-8")
    )
    path = tmp_path / "hi.po"
    path.write_text(shortened, encoding="utf-8")
    assert set(_read(path)) != set(ENGLISH)


def test_counts_follow_cldr_plural_rules() -> None:
    """English says "1 event" and "0 events"; Hindi's singular form covers 0 and 1 (CLDR)."""
    assert count(1, "event", "en") == "1 event"
    assert count(0, "event", "en") == "0 events"
    assert count(0, "item", "hi") == "0 प्रविष्टि"
    assert count(1, "item", "hi") == "1 प्रविष्टि"
    assert count(2, "item", "hi") == "2 प्रविष्टियाँ"


def test_a_language_without_a_catalogue_speaks_english() -> None:
    """A log in French shows the interface in English, whole sentences filled in."""
    assert t("showing", "fr", events=1, points=2) == "Showing all 1 event and 2 statements"
    assert t("showing", "hi", events=3, points=22) == "सभी 3 कार्यक्रम और 22 वक्तव्य दिखाए जा रहे हैं"


def test_the_catalogues_are_read_once() -> None:
    """A catalogue is parsed once per process, not on every string."""
    i18n._catalogue.cache_clear()
    t("showing", "hi", events=1, points=1)
    t("filters", "hi")
    assert i18n._catalogue.cache_info().misses <= 2
