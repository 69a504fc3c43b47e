"""Injected text (script tags, event handlers, javascript: links, Markdown, hover markup) stays text
in every output: charts, provenance, the HTML report, the calendar and the page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import panels
from dashboard.export.bundle import export
from dashboard.export.calendar import calendar
from dashboard.load import build_frames, read_log
from dashboard.urlstate import View

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "events.yaml"
RAW = ["<script>window.__pwned=1", "<img src=x onerror=", "<b onmouseover=", '<a href="javascript:']


class _Tags(HTMLParser):
    """Collects every element and attribute a browser would build from an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _elements(document: str) -> _Tags:
    parser = _Tags()
    parser.feed(document)
    return parser


def test_hostile_text_never_becomes_markup_in_the_report(tmp_path: Path) -> None:
    """The offline report has only its own scripts, and no injected image, handler or javascript: link."""
    export(read_log(HOSTILE), tmp_path, View(lang="en"), types=["html"], progress=False)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    found = _elements(report)
    assert "img" not in found.tags
    assert not [name for name, _ in found.attributes if name.startswith("on")]
    assert not [
        value for _, value in found.attributes if value.strip().lower().startswith("javascript:")
    ]
    assert found.tags.count("script") == 1 + len(panels.CHARTS)  # plotly.js, one per chart
    assert not [script for script in found.scripts for raw in RAW if raw in script]
    assert "&lt;script&gt;window.__pwned=1" in report  # shown, as text


def test_hostile_text_is_escaped_in_every_figure() -> None:
    """No figure carries an unescaped tag from the log in titles, ticks, names, text or hover data."""
    frames = build_frames(read_log(HOSTILE), "en")
    for panel in panels.panels(frames):
        dumped = json.dumps(panel.figure.to_plotly_json(), default=str, ensure_ascii=False)
        for raw in RAW:
            assert raw not in dumped, (panel.name, raw)


def test_calendar_keeps_hostile_text_literal() -> None:
    """The calendar's summary is the event title, character for character."""
    frames = build_frames(read_log(HOSTILE), "en")
    parsed = icalendar.Calendar.from_ical(calendar(frames))
    first = next(e for e in parsed.walk("VEVENT") if str(e["uid"]).startswith("first@"))
    assert str(first["summary"]) == frames.events.set_index("event_id").loc["first", "title"]


@pytest.mark.xdist_group("apptest")
def test_page_shows_hostile_text_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page renders with no error, and Markdown elements carry the payload escaped, never live."""
    monkeypatch.setenv("VISIT_LOG", str(HOSTILE))
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not app.exception and not app.error
    title = app.title[0].value
    assert "\\<script\\>" in title and "\\[click me\\]\\(javascript" in title
    for element in app.get("html"):
        body = element.proto.body
        for raw in RAW:
            assert raw not in body
