"""Clicks on charts: selection events become filter changes."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from dashboard.interaction import clicked_ids, days_after_click, topics_after_click

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
