"""The page model: what the page shows for a view, computed without Streamlit and cached by view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import metrics, model, panels
from dashboard.filters import Filters
from dashboard.load import Frames, Log, build_frames
from dashboard.panels import ChartSettings
from tests.sections import open_section

ROOT = Path(__file__).resolve().parents[1]
DAYS = (date(2021, 5, 12), date(2021, 5, 13))
SETTINGS = ChartSettings(days=DAYS)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    model.CACHE.clear()


def _page(
    frames: Frames,
    log: Log,
    filters: Filters | None = None,
    settings: ChartSettings = SETTINGS,
    page: int = 1,
) -> model.PageModel:
    return model.page_model(frames, log.sha256, filters or Filters(), settings, page)


def test_the_model_holds_every_chart_and_the_headers_numbers(
    frames_en: Frames, shipped_log: Log
) -> None:
    """For the whole log: the registry's charts worth drawing, in order, and the metrics' numbers.

    Three people make no who-met-whom grid worth a section; the other four charts are drawn.
    """
    page = _page(frames_en, shipped_log)
    assert [chart.name for chart in page.charts] == [
        name for name in panels.CHART_NAMES if name != "co-attendance"
    ]
    figures = metrics.key_figures(frames_en)
    assert page.selection.key_figures == tuple((k, figures[k]) for k in model.KEY_FIGURES)
    assert page.selection.description == "Showing all 3 events and 22 statements"
    assert page.heading.when == "12 May 2021 – 13 May 2021"


def test_filters_narrow_every_part(frames_hi: Frames, shipped_log: Log) -> None:
    """A topic filter in Hindi: counts, words, slug and statements all follow it."""
    page = _page(frames_hi, shipped_log, filters=Filters(topics=frozenset({"syria"})))
    assert dict(page.selection.key_figures)["points"] == 3
    assert "सीरिया" in page.selection.description
    assert page.selection.slug == "syria"
    assert page.statements_html.count("<li>") == 3
    figure = page.chart("topics").panel.figure
    assert {row[0] for trace in figure.data for row in trace.customdata} == {"syria"}
    # The rows stay the whole visit's, Syria among them, for context: the axis never moves.
    assert "syria" in figure.layout.meta["topic_ids"]
    assert len(figure.layout.meta["topic_ids"]) == frames_hi.topics["topic_id"].nunique()


def test_a_view_asked_twice_is_served_from_the_cache(frames_en: Frames, shipped_log: Log) -> None:
    """The second reader of a view gets the very same parts, and the cache counts hits only."""
    first = _page(frames_en, shipped_log)
    misses = model.CACHE.stats().misses
    second = _page(frames_en, shipped_log)
    assert second.selection is first.selection
    assert all(a is b for a, b in zip(first.charts, second.charts, strict=True))
    assert second.statements_html is first.statements_html
    assert model.CACHE.stats().misses == misses
    assert model.CACHE.stats().hits > 0


def test_a_toggle_redraws_only_the_chart_that_uses_it(frames_en: Frames, shipped_log: Log) -> None:
    """Counting events instead of statements makes a new topic chart and reuses every other."""
    points = _page(frames_en, shipped_log)
    events = _page(frames_en, shipped_log, settings=ChartSettings("events", "day", DAYS))
    assert events.chart("topics") is not points.chart("topics")
    for name in ("timeline", "speakers-topics", "attendance"):
        assert events.chart(name) is points.chart(name), name
    assert events.chart("topics").panel.figure.layout.xaxis.title.text == "Events"


def test_the_page_of_statements_is_brought_into_range(frames_en: Frames, shipped_log: Log) -> None:
    """Three events fit one page: page 5 becomes page 1, and every statement is on it."""
    page = _page(frames_en, shipped_log, page=5)
    assert page.page == 1
    assert page.selection.pages == 1
    assert page.statements_html.count("<li>") == 22


def test_nothing_matching_gives_an_empty_model_without_charts(
    frames_en: Frames, shipped_log: Log
) -> None:
    """A filter that keeps nothing: no charts, zero counts, the description still in words."""
    nothing = Filters(topics=frozenset({"cyprus"}), formats=frozenset({"virtual"}))
    page = _page(frames_en, shipped_log, filters=nothing)
    assert page.selection.empty
    assert page.charts == ()
    assert dict(page.selection.key_figures)["events"] == 0


def test_tables_and_the_article_are_built_on_demand(frames_en: Frames, shipped_log: Log) -> None:
    """Neither a data table nor the article is made with the page; asked for, they are cached."""
    page = _page(frames_en, shipped_log)
    before = model.CACHE.stats().entries
    table = model.chart_table(frames_en, page.key, "attendance", page.settings)
    assert model.CACHE.stats().entries == before + 1
    assert model.chart_table(frames_en, page.key, "attendance", page.settings) is table
    assert table["Vladimir Putin"].tolist() == ["", "", "✓"]  # events down, as the chart
    article = model.article(frames_en, page.key)
    assert article.count('<mark class="quote">') >= 7


def _fingerprint(page: model.PageModel) -> str:
    """Everything a page model holds, as text: any change to a cached part changes it."""
    parts = [
        page.selection.description,
        page.statements_html,
        # Plotly's own to_dict, not the frozen figure's copy made once: a change must show.
        *(json.dumps(go.Figure.to_dict(chart.panel.figure), default=str) for chart in page.charts),
        *(
            str(pd.util.hash_pandas_object(chart.panel.data.rows, index=True).sum())
            for chart in page.charts
        ),
        *(
            str(pd.util.hash_pandas_object(getattr(page.selection.shown, name)).sum())
            for name in ("events", "points", "point_topics", "attendance")
        ),
    ]
    return json.dumps(parts, ensure_ascii=False)


def test_the_fingerprint_sees_a_change_to_a_cached_part(
    frames_en: Frames, shipped_log: Log
) -> None:
    """The check used by the page's never-mutated test can fail: a changed figure shows."""
    page = _page(frames_en, shipped_log)
    before = _fingerprint(page)
    # A frozen figure refuses a property set; a value changed in place is beyond its reach.
    page.charts[0].panel.figure.layout.meta["chart"] = "changed"
    assert _fingerprint(page) != before


@pytest.mark.xdist_group("apptest")
def test_readers_of_the_page_never_change_its_cached_parts(
    frames_en: Frames, frames_hi: Frames, shipped_log: Log
) -> None:
    """Two sessions filter, switch language, toggle counts and open tables and the article; the
    cached models they were served are exactly as before, and as a fresh build."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    served = {
        "en": _page(frames_en, shipped_log),
        "hi": _page(frames_hi, shipped_log),
        "syria": _page(frames_en, shipped_log, filters=Filters(topics=frozenset({"syria"}))),
    }
    before = {name: _fingerprint(page) for name, page in served.items()}
    app.sidebar.multiselect(key="topics").set_value(["syria"]).run()
    tables = 0
    for section, key in (
        ("when", "timeline_chart_table"),
        ("what", "topic_chart_table"),
        ("who", "attendance_chart_table"),
        ("statements", "article"),
    ):
        app.session_state[key] = True
        open_section(app, section)
        tables += len(app.dataframe)
    assert tables == 3  # the tables really were drawn from the cached parts
    open_section(app, "what")
    app.segmented_control(key="count_by").set_value("events").run()
    app.sidebar.multiselect(key="topics").set_value([]).run()
    app.segmented_control(key="lang").set_value("hi").run()
    other = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    other.query_params["topic"] = "syria"
    other.run()
    assert not app.exception and not other.exception
    assert {name: _fingerprint(page) for name, page in served.items()} == before
    model.CACHE.clear()
    assert _fingerprint(_page(frames_en, shipped_log)) == before["en"]


def test_a_timeline_too_long_for_lanes_joins_no_labels(tmp_path: Path) -> None:
    """At 100 events the timeline is a density strip: its rows carry no participants or topics,
    and its data table still opens."""
    from bench.generate import write
    from dashboard.load import build_frames, read_log

    log = read_log(write(100, 1, tmp_path))
    frames = build_frames(log, "en")
    page = model.page_model(frames, log.sha256, Filters(), ChartSettings())
    rows = page.chart("timeline").panel.data.rows
    assert len(rows) == 100
    assert "participants" not in rows
    assert page.chart("timeline").panel.figure.layout.meta["chart"] == "timeline-density"
    table = model.chart_table(frames, page.key, "timeline", page.settings)
    assert len(table) == 100


def test_topic_choices_start_with_the_topics_own_label(frames_en: Frames, shipped_log: Log) -> None:
    """Where the sidebar cuts a long option short, it cuts the group's name, never the topic's."""
    topics = model.choices(frames_en, shipped_log.sha256).topics
    labels = dict(zip(frames_en.topics["topic_id"], frames_en.topics["label"], strict=True))
    assert all(text.startswith(labels[topic] + " · ") for topic, text in topics.items())
    assert topics["political-settlement"].startswith("Political and diplomatic settlement")


def test_a_second_copy_of_the_log_is_not_taken_for_a_filtered_view(
    frames_en: Frames, shipped_log: Log
) -> None:
    """A session that read the same file made the cached selection: the unfiltered grid's empty
    cells still say "no statements", not "none in this view"."""
    key = model.ViewKey(shipped_log.sha256, "en", Filters())
    model.selection(build_frames(shipped_log, "en"), key)  # the other session's copy
    chart = model.chart_view(frames_en, key, "speakers-topics", ChartSettings())
    hovers = chart.panel.figure.to_json()
    assert "no statements" in hovers
    assert "in this view" not in hovers
