"""What a click on a chart means for the filters; pure, so it is tested without a browser.

Streamlit reports a Plotly selection as ``{"selection": {"points": [{"customdata": …}, …]}}``.
Charts put an id first in each point's customdata, so a click never depends on axis values
(which on date axes come back in varying forms).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from dashboard.filters import Filters
from dashboard.load import Frames


def clicked_ids(event: Any) -> list[str]:
    """The ids (first customdata item) of the points a selection event holds, in order, no repeats."""
    selection = (
        event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    )
    if isinstance(selection, Mapping):
        points = selection.get("points") or []
    else:
        points = getattr(selection, "points", None) or []
    ids: list[str] = []
    for point in points:
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, Sequence) and not isinstance(custom, str):
            custom = custom[0] if custom else None
        if custom is not None and str(custom) not in ids:
            ids.append(str(custom))
    return ids


def topics_after_click(current: Sequence[str], clicked: Sequence[str]) -> list[str]:
    """A click on a topic shows only it; clicking the one topic already shown clears the filter."""
    if not clicked:
        return list(current)
    return [] if list(current) == [clicked[0]] else [clicked[0]]


def days_after_click(
    current: tuple[date, date], clicked: Sequence[str], event_days: Mapping[str, date]
) -> tuple[date, date]:
    """A click on events narrows the days to theirs; ids the page doesn't know change nothing."""
    days = [event_days[event_id] for event_id in clicked if event_id in event_days]
    return (min(days), max(days)) if days else current


def after_topic_click(clicked: Sequence[str], filters: Filters, frames: Frames) -> Filters:
    """The filters after a click on the topic chart: that topic alone, or none if it was so."""
    del frames  # a topic's id is all a click on it needs
    return replace(filters, topics=frozenset(topics_after_click(sorted(filters.topics), clicked)))


def after_event_click(clicked: Sequence[str], filters: Filters, frames: Frames) -> Filters:
    """The filters after a click on events of the timeline: the days narrowed to theirs.

    A day at the visit's edge is written as no bound (``None``), as the day slider writes it.
    """
    first, last = (date.fromisoformat(frames.visit[edge]) for edge in ("start", "end"))
    dated = frames.events[frames.events["date"].notna()]
    event_days = {
        str(event): pd.Timestamp(day).date()
        for event, day in zip(dated["event_id"], dated["date"], strict=True)
    }
    start, end = days_after_click(
        (filters.start or first, filters.end or last), clicked, event_days
    )
    return replace(
        filters, start=None if start == first else start, end=None if end == last else end
    )
