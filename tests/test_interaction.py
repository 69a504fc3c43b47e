"""Clicks on charts: selection events become filter changes."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from dashboard import panels
from dashboard.filters import Filters
from dashboard.interaction import (
    after_event_click,
    after_topic_click,
    clicked_ids,
    days_after_click,
    topics_after_click,
)
from dashboard.load import Frames

MAY12, MAY13 = date(2021, 5, 12), date(2021, 5, 13)


@pytest.mark.parametrize(
    ("event", "ids"),
    [
        ({"selection": {"points": [{"customdata": ["syria", "Syria"], "x": 3}]}}, ["syria"]),
        (
            {
                "selection": {
                    "points": [
                        {"customdata": "libya"},
                        {"customdata": ["libya"]},
                        {"customdata": ["yemen"]},
                    ]
                }
            },
            ["libya", "yemen"],
        ),
        (
            {"selection": {"points": [{"x": "2021-05-12", "y": "Talks"}]}},
            [],
        ),  # no id: ignored, never guessed
        ({"selection": {"points": []}}, []),
        (None, []),
        (
            SimpleNamespace(selection=SimpleNamespace(points=[{"customdata": ["putin-meeting"]}])),
            ["putin-meeting"],
        ),
    ],
)
def test_clicked_ids_reads_the_first_customdata_item(event: object, ids: list[str]) -> None:
    """Ids come from customdata, whatever shape Streamlit gives the event, and never from axis values."""
    assert clicked_ids(event) == ids


def test_clicking_a_topic_shows_it_and_clicking_again_clears() -> None:
    """The first click filters to the topic; a second click on the same topic removes the filter."""
    assert topics_after_click([], ["syria"]) == ["syria"]
    assert topics_after_click(["syria"], ["syria"]) == []
    assert topics_after_click(["syria", "libya"], ["yemen"]) == ["yemen"]
    assert topics_after_click(["syria"], []) == ["syria"]


def test_clicking_an_event_narrows_the_days_to_its_day() -> None:
    """A click on an event on a date axis sets the day range to that event's day, via its id."""
    days = {"lavrov-talks": MAY12, "putin-meeting": MAY13}
    assert days_after_click((MAY12, MAY13), ["putin-meeting"], days) == (MAY13, MAY13)
    assert days_after_click((MAY12, MAY13), ["lavrov-talks", "putin-meeting"], days) == (
        MAY12,
        MAY13,
    )
    assert days_after_click((MAY12, MAY12), ["unknown"], days) == (MAY12, MAY12)


def test_a_click_on_the_timeline_narrows_the_filters_to_its_events_days(frames_en: Frames) -> None:
    """The 13 May meeting: from 13 May to the visit's end (no bound); a 12 May event then: both
    days again, written as no bounds, as the slider writes them; an unknown id changes nothing."""
    narrowed = after_event_click(["putin-meeting"], Filters(), frames_en)
    assert (narrowed.start, narrowed.end) == (MAY13, None)
    assert after_event_click(["lavrov-talks", "putin-meeting"], narrowed, frames_en) == Filters()
    assert after_event_click(["nowhere"], narrowed, frames_en) == narrowed


def test_a_click_on_the_topic_chart_sets_the_topic_filter(frames_en: Frames) -> None:
    """A topic clicked is the only one chosen; clicked again, the filter clears; nothing else moves."""
    start = Filters(search="Syria", topics=frozenset({"libya", "yemen"}))
    chosen = after_topic_click(["syria"], start, frames_en)
    assert chosen == Filters(search="Syria", topics=frozenset({"syria"}))
    assert after_topic_click(["syria"], chosen, frames_en).topics == frozenset()


def test_the_registry_says_which_charts_click_and_which_have_toggles() -> None:
    """Clicks narrow the timeline's days and the topic chart's topics; only the topic chart has
    toggles, the count and the split, each a setting the chart uses."""
    clicks = {c.name: c.on_click for c in panels.CHARTS if c.on_click is not None}
    assert clicks == {"timeline": after_event_click, "topics": after_topic_click}
    for chart in panels.CHARTS:
        assert {control.setting for control in chart.controls} <= chart.uses, chart.name
    assert [c.setting for c in panels.chart("topics").controls] == ["count_by", "split_by"]
