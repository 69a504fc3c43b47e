"""Nothing assumes this visit: other logs go through validation, frames, charts, export and the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import panels
from dashboard.export.bundle import export
from dashboard.filters import Filters
from dashboard.load import build_frames, read_log
from dashboard.urlstate import View

ROOT = Path(__file__).resolve().parents[1]
OTHER = ROOT / "tests" / "fixtures" / "other_visit" / "events.yaml"
NO_SOURCES = ROOT / "tests" / "fixtures" / "no_sources.yaml"


def test_other_visit_loads_in_its_own_languages() -> None:
    """A three-day en/fr log with two sources validates and builds frames in French."""
    log = read_log(OTHER)
    assert log.languages == ("en", "fr")
    frames = build_frames(log, "fr")
    assert frames.visit["title"] == "Délégation d'essai à Lisbonne"
    assert frames.events["date"].dt.day.tolist() == [4, 5, 6]
    assert frames.events["time_reported"].tolist() == [True, True, False]
    assert set(frames.paragraphs["source_id"]) == {"communique", "presse"}


@pytest.mark.parametrize("path", [OTHER, NO_SOURCES], ids=["other-visit", "no-sources"])
def test_every_chart_draws_another_log(path: Path) -> None:
    """Every chart builds from another log, with its own titles and labels and no errors."""
    log = read_log(path)
    frames = build_frames(log, log.languages[-1])
    drawn = panels.panels(frames)
    assert [p.name for p in drawn] == list(panels.CHART_NAMES)
    text = json.dumps([p.figure.to_plotly_json() for p in drawn], default=str, ensure_ascii=False)
    assert "Guterres" not in text and "Moscow" not in text
    if path == OTHER:
        assert "Pêche" in text


def test_timed_events_are_drawn_at_their_times() -> None:
    """The port visit, 14:30–16:00 in the source, sits at those times on the timeline."""
    frames = build_frames(read_log(OTHER), "en")
    timeline = panels.panels(frames)[0].figure
    text = json.dumps(timeline.to_plotly_json(), default=str)
    assert "2024-03-05 14:30" in text or "2024-03-05T14:30" in text


def test_export_of_another_log(tmp_path: Path) -> None:
    """The export writes the report, data and a calendar with the other log's timed and all-day events."""
    log = read_log(OTHER)
    export(
        log,
        tmp_path,
        View(lang="fr", filters=Filters(topics=frozenset({"oceans"}))),
        types=["html"],
        progress=False,
    )
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Délégation d&#x27;essai à Lisbonne" in report
    ics = (tmp_path / "events.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Lisbon:20240305T143000" in ics


def test_a_log_without_sources_still_exports(tmp_path: Path) -> None:
    """A log that cites nothing gives a report with no article section content and no quotes."""
    export(read_log(NO_SOURCES), tmp_path, View(lang="en"), types=["html"], progress=False)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "They discussed trade." in report
    assert "<blockquote" not in report


@pytest.mark.xdist_group("apptest")
def test_page_opens_another_log_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """With VISIT_LOG set, the page shows that log: its title, its days, French labels, no errors."""
    monkeypatch.setenv("VISIT_LOG", str(OTHER))
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.query_params["lang"] = "fr"
    app.run()
    assert not app.exception and not app.error
    assert app.title[0].value == "Délégation d'essai à Lisbonne"
    assert [m.value for m in app.metric] == ["3", "4", "4", "4"]
    app.sidebar.multiselect(key="topics").set_value(["energy"]).run()
    assert [m.value for m in app.metric][:2] == ["1", "1"]


SPECIFIC = re.compile(r"guterres|lavrov|putin|moscow|मॉस्को|2021-05|article\.hi", re.IGNORECASE)


def test_code_names_no_fact_of_the_shipped_visit() -> None:
    """No module of the package hard-codes a name, place, date or file of the shipped visit."""
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "dashboard").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if SPECIFIC.search(line)
    ]
    assert offenders == []
