"""Stacked bars end at their totals, under every filter, count and split (a Hypothesis property).

A review found Syria drawn as 2 where its hover said 3: a segment sent as NaN makes Plotly start
the rest of the stack from zero. The property reads each stacked figure the way Plotly stacks it
and compares each bar's end with a total counted straight from the filtered frames.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import panels
from dashboard.filters import Filters
from dashboard.load import DEFAULT_LOG, Frames, build_frames, read_log
from tests.conftest import OTHER_VISIT

_LOGS = {"shipped": read_log(DEFAULT_LOG), "other": read_log(OTHER_VISIT)}
_FRAMES = {
    (name, lang): build_frames(log, lang) for name, log in _LOGS.items() for lang in log.languages
}
# Words that find something in one log or the other, and one that finds nothing.
_SEARCHES = ("", "Syria", "सीरिया", "climat", "quartet", "nothing-matches-this")


def visible_ends(figure: go.Figure) -> dict[str, float]:
    """Each category's visible end in a stacked bar figure, as Plotly stacks it.

    Plotly adds each trace's value to the category's running end, in trace order; a missing value
    (NaN or None) restarts the stack from zero, which is the bug this file guards against.
    """
    ends: dict[str, float] = defaultdict(float)
    for trace in figure.data:
        categories, values = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
        for category, value in zip(categories, values, strict=True):
            if value is None or math.isnan(value):
                ends[category] = 0.0
            else:
                ends[category] += float(value)
    return dict(ends)


def topic_totals(shown: Frames, count_by: str) -> dict[str, int]:
    """Each topic's total counted from the frames alone: its statements, or its events.

    A statement about the visit as a whole belongs to no day or event, so to no bar.
    """
    key = "point_id" if count_by == "points" else "event_id"
    mentions = shown.point_topics[shown.point_topics["event_id"].notna()]
    pairs = mentions[["topic_id", key]].drop_duplicates()
    return {f"topic:{topic}": n for topic, n in pairs["topic_id"].value_counts().items()}


@st.composite
def views(draw: st.DrawFn) -> tuple[Frames, Filters, panels.ChartSettings]:
    """A log in one of its languages, any filters on it, and any topic chart settings."""
    frames = _FRAMES[draw(st.sampled_from(sorted(_FRAMES)))]
    days = sorted({day.date() for day in frames.events["date"]})
    start, end = sorted(draw(st.lists(st.sampled_from(days), min_size=2, max_size=2)))
    subset = lambda column: frozenset(draw(st.sets(st.sampled_from(sorted(set(column))))))  # noqa: E731
    filters = Filters(
        start=start if start != days[0] else None,
        end=end if end != days[-1] else None,
        topics=subset(frames.topics["topic_id"]),
        participants=subset(frames.participants["participant_id"]),
        formats=subset(frames.events["format"]),
        search=draw(st.sampled_from(_SEARCHES)),
    )
    chart_settings = panels.ChartSettings(
        count_by=draw(st.sampled_from(["points", "events"])),
        split_by=draw(st.sampled_from(["day", "event"])),
        days=(date.fromisoformat(frames.visit["start"]), date.fromisoformat(frames.visit["end"])),
    )
    return frames, filters, chart_settings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(views())
def test_every_stacked_bar_ends_at_its_total(
    view: tuple[Frames, Filters, panels.ChartSettings],
) -> None:
    """In every stacked chart, each bar's visible end equals its topic's total in the frames."""
    frames, filters, chart_settings = view
    shown = filters.apply(frames)
    expected = topic_totals(shown, chart_settings.count_by)
    stacked = 0
    for entry in panels.CHARTS:
        figure = panels.panel(entry, shown, chart_settings).figure
        if figure.layout.barmode != "stack":
            continue
        stacked += 1
        assert visible_ends(figure) == pytest.approx(expected)
        for trace in figure.data:
            for category, custom in zip(trace.y, trace.customdata, strict=True):
                assert custom[2] == expected[category]  # the hover's "all together"
    assert stacked == 1  # the topic chart; a new stacked chart joins this test by itself


def test_the_stack_model_restarts_at_a_missing_value() -> None:
    """The model above reads a NaN segment as Plotly draws it: the bar ends short of its total."""
    figure = go.Figure(
        [
            go.Bar(orientation="h", y=["a", "b"], x=[2.0, float("nan")]),
            go.Bar(orientation="h", y=["a", "b"], x=[1.0, 1.0]),
        ]
    )
    assert visible_ends(figure) == {"a": 3.0, "b": 1.0}
