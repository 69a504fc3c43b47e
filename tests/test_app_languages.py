"""The page on another visit, in each of its languages, speaks only of that visit (AppTest)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.dates import format_date
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[1]
OTHER = ROOT / "tests" / "fixtures" / "other_visit" / "events.yaml"
ARTICLE = ROOT / "data" / "sources" / "article.hi.txt"
ENGLISH = ROOT / "tests" / "fixtures" / "articles" / "visit.en.txt"
pytestmark = pytest.mark.xdist_group("apptest")

# Words of the shipped visit and of the interface's old hand-written examples.
SHIPPED = re.compile(
    r"Guterres|Lavrov|Putin|Moscow|Hindi|हिन्दी|हिंदी|Quartet|क्वाड|Syria|सीरिया|2021", re.IGNORECASE
)


def _app(monkeypatch: pytest.MonkeyPatch, log: Path, query: dict[str, str]) -> AppTest:
    monkeypatch.setenv("VISIT_LOG", str(log))
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    for name, value in query.items():
        app.query_params[name] = value
    return app.run()


def _page_text(node: Any) -> str:
    """Everything the page holds as text: every element's message (labels, placeholders, options,
    values, HTML, chart specs), read from the element tree."""
    parts = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        parts.append(json.dumps(MessageToDict(proto), ensure_ascii=False))
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        parts += [_page_text(child) for child in children.values()]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_other_visit_page_names_nothing_of_the_shipped_visit(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """On the Lisbon test log, in English and in French, no word of the Moscow visit or of Hindi
    is anywhere on the page, and the search suggests the log's own topics."""
    app = _app(monkeypatch, OTHER, {"lang": lang})
    assert not app.exception and not app.error
    text = _page_text(app._tree)
    assert SHIPPED.findall(text) == []
    placeholder = app.sidebar.text_input(key="q").placeholder
    assert placeholder == ("e.g. Pêche, Migration" if lang == "fr" else "e.g. Fisheries, Migration")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_other_visit_dates_and_language_names_are_babels(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The visit's days are written as CLDR writes them in the page's language, and the language
    switch names each language in its own words, capitalised."""
    app = _app(monkeypatch, OTHER, {"lang": lang})
    locale = "en_GB" if lang == "en" else lang
    first, last = (
        format_date(d, "long", locale=locale) for d in (date(2024, 3, 4), date(2024, 3, 6))
    )
    assert app.markdown[0].value.startswith(f"**{first} – {last}**")
    assert (first, last) == (
        ("4 March 2024", "6 March 2024") if lang == "en" else ("4 mars 2024", "6 mars 2024")
    )
    days = app.sidebar.select_slider(key="days")
    assert days.format_func(date(2024, 3, 5)) == format_date(
        date(2024, 3, 5), "long", locale=locale
    )
    switch = next(group for group in app.get("button_group") if group.key == "lang")
    assert switch.options == ["English", "Français"]
    assert Locale("fr").get_display_name("fr") == "français"  # Babel's own, before capitals


def test_a_language_the_interface_lacks_is_said_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """In French the interface falls back to English and says so in one caption; in English it
    says nothing of it."""
    french = _app(monkeypatch, OTHER, {"lang": "fr"})
    notes = [c.value for c in french.sidebar.caption if "no French translation" in c.value]
    assert len(notes) == 1
    english = _app(monkeypatch, OTHER, {"lang": "en"})
    assert not [c.value for c in english.caption if "translation" in c.value]


def test_the_sources_caption_names_the_logs_own_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sources section says its quotes are in the log's source languages (English and French
    here), named by CLDR in the interface's language."""
    app = _app(monkeypatch, OTHER, {"lang": "en", "section": "statements"})
    assert any("in English and French." in c.value for c in app.caption)


def test_a_draft_log_shows_a_notice_with_its_reviews(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A draft made by the draft command opens with a warning counting the items left to review."""
    out = tmp_path / "draft"
    assert main(["draft", str(ENGLISH), "--out", str(out)]) == 0
    app = _app(monkeypatch, out / "events.yaml", {})
    assert not app.exception and not app.error
    # The visit, three days and nine statements.
    assert any("This is a draft log: 13 items still await review" in w.value for w in app.warning)
    hindi = _app(monkeypatch, _hindi_draft(tmp_path), {})
    assert not hindi.exception and not hindi.error
    assert any("समीक्षा के लिए शेष: 23 प्रविष्टियाँ" in w.value for w in hindi.warning)


def _hindi_draft(tmp_path: Path) -> Path:
    out = tmp_path / "hindi"
    assert main(["draft", str(ARTICLE), "--out", str(out)]) == 0
    return out / "events.yaml"


def test_a_link_from_an_uploaded_log_asks_for_the_upload(monkeypatch: pytest.MonkeyPatch) -> None:
    """A link carrying ?upload=NAME, opened where no upload is held, says to upload that log again."""
    app = _app(monkeypatch, OTHER, {"upload": "my-visit.yaml", "topic": "oceans"})
    notes = [i.value for i in app.info if "upload" in i.value.lower()]
    assert len(notes) == 1
    assert "my\\-visit\\.yaml" in notes[0] or "my-visit.yaml" in notes[0]
    assert app.session_state["topics"] == ["oceans"]
