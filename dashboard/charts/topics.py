"""How often each topic came up: stacked horizontal bars, grouped by topic group.

Topics are listed by frequency (most frequent on top) within their group, and groups in the order
of their most frequent topic, so the top of the chart is always the visit's main subject. Each
bar carries its topic id, so a click maps back to a topic whatever the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    GRID_COLOR,
    escape,
    figure,
    hover,
    label,
    rows_height,
    split_colors,
    wrap,
)
from dashboard.i18n import t
from dashboard.metrics import TOPIC_FREQUENCY_COLUMNS

_SPLIT_WORD = {"day": "chart.legend.day", "event": "chart.legend.event"}
_SPLIT_HOVER = {"day": "chart.hover.day", "event": "chart.hover.event"}


@dataclass(frozen=True)
class _Row:
    """One row of the topic axis: a group's heading (no topic id) or a topic."""

    key: str
    topic_id: str | None
    label: str
    group_label: str
    total: int
    tick: str


def topic_frequency_chart(freq: pd.DataFrame, lang: str, by: str, split: str) -> go.Figure:
    """Topics as bars stacked by day or event, grouped by topic group, most frequent first.

    The frame is at most ``metrics.MAX_TOPICS`` topics by ``metrics.MAX_SPLITS`` splits, so it
    is read once into plain lists: a pandas call costs more than all its rows.

    Args:
        freq: ``metrics.topic_frequency(frames, by, split)``.
        lang: The frames' language, for interface words.
        by: What was counted: ``"points"`` or ``"events"`` (the x-axis says which).
        split: What the bars are stacked by: ``"day"``, ``"event"`` or ``"none"``.
    """
    split = str(freq.attrs.get("split", split))  # metrics stop splitting past a dozen
    cells = {name: freq[name].tolist() for name in TOPIC_FREQUENCY_COLUMNS}
    # Each group gets a heading row of its own above its topics, on the same axis: a second
    # label column (multicategory) would take half a phone's width from the bars.
    rows = _rows(cells)
    y = [row.key for row in rows]
    splits = _split_order(cells, split)
    counts = dict(
        zip(zip(cells["topic_id"], cells["split_id"], strict=True), cells["count"], strict=True)
    )
    split_word = _SPLIT_HOVER.get(split)
    lines = [(label("chart.hover.group", lang), "%{customdata[2]}")]
    if split_word:
        lines.append((label(split_word, lang), "%{customdata[3]}"))
    count_word = "chart.hover.points" if by == "points" else "chart.hover.events"
    lines += [
        (label(count_word, lang), "%{customdata[4]}"),
        (label("chart.hover.total", lang), "%{customdata[5]}"),
    ]
    template = hover(lines)
    shown = [(row.topic_id or "", escape(row.label), escape(row.group_label)) for row in rows]
    traces = []
    for (split_id, split_label), color in zip(splits, split_colors(len(splits)), strict=True):
        # A trace holds only the rows where its split has a count. A row sent as NaN (or None)
        # ends the stack there: Plotly starts the next segment from zero, so the bar stopped
        # short of its total. The category order is fixed by the axis, so omitted rows shift
        # nothing. customdata[0] is the topic id, a key for the page (never shown, so not escaped).
        present = [
            (row, labels, counts[(row.topic_id, split_id)])
            for row, labels in zip(rows, shown, strict=True)
            if (row.topic_id, split_id) in counts
        ]
        custom = [
            [topic, name, group, escape(split_label), n, row.total]
            for row, (topic, name, group), n in present
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [row.key for row, _, _ in present],
                "x": np.array([n for _, _, n in present], dtype="int64"),
                "customdata": np.array(custom, dtype=object).reshape(len(present), 6),
                "name": wrap(split_label, 28),
                "marker": {"color": color, "line": {"color": "white", "width": 1}},
                "hovertemplate": template,
            }
        )
    # A rule above each group's heading row, behind the bars.
    rules = [
        {
            "type": "line",
            "xref": "x domain",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": row.key,
            "y1": row.key,
            "line": {"color": GRID_COLOR, "width": 1},
            "layer": "below",
        }
        for row in rows
        if row.topic_id is None
    ]
    word = _SPLIT_WORD.get(split)
    most = max((row.total for row in rows), default=0)
    return figure(
        traces,
        t(f"chart.topics.title.{'points' if by == 'points' else 'events'}", lang),
        x_title=t("chart.axis.points" if by == "points" else "chart.axis.events", lang),
        y_title=t("chart.axis.topic", lang),
        height=rows_height(len(rows), per_row=34, chrome=170),
        # Whole numbers on a short axis; Plotly's own ticks past ten.
        xaxis={"rangemode": "tozero", **({"dtick": 1} if most <= 10 else {})},
        yaxis={
            "type": "category",
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": y,
            "ticktext": [row.tick for row in rows],
            "categoryorder": "array",
            "categoryarray": y,
        },
        data=freq,
        lang=lang,
        legend_title=t(word, lang) if word else None,
        meta={
            "chart": "topics",
            "topic_ids": [str(row.topic_id) for row in rows if row.topic_id is not None],
            "split_ids": [str(s) for s, _ in splits],
        },
        barmode="stack",
        bargap=0.3,
        legend={"traceorder": "normal"},
        shapes=rules,
    )


def _rows(cells: dict[str, list[Any]]) -> list[_Row]:
    """Axis rows: groups in order of their first (most frequent) topic, each a heading row
    (no topic id, bold group name) and then its topics by frequency."""
    first: dict[str, _Row] = {}
    groups: dict[Any, list[_Row]] = {}
    for topic, name, group, group_label, total in zip(
        cells["topic_id"],
        cells["label"],
        cells["group_id"],
        cells["group_label"],
        cells["topic_total"],
        strict=True,
    ):
        if topic in first:
            continue
        row = _Row(f"topic:{topic}", topic, str(name), str(group_label), int(total), wrap(name, 30))
        first[topic] = row
        groups.setdefault(group, []).append(row)
    rows = []
    for group, members in groups.items():
        heading = members[0].group_label
        rows.append(
            _Row(f"group:{group}", None, heading, heading, 0, f"<b>{wrap(heading, 30)}</b>")
        )
        rows += members
    return rows


def _split_order(cells: dict[str, list[Any]], split: str) -> list[tuple[str, str]]:
    """(split id, label) in time order.

    Days are ISO dates, so they sort as text. For events, the rows list each topic's events in
    time order, and merging those sequences recovers the order of all the events that share a
    topic with another; ``topic_frequency`` does not return the order itself.
    """
    labels = dict(zip(cells["split_id"], cells["split_label"], strict=True))
    if split == "day":
        return [(str(s), str(labels[s])) for s in sorted(labels)]
    by_topic: dict[str, list[str]] = {}
    for topic, split_id in zip(cells["topic_id"], cells["split_id"], strict=True):
        by_topic.setdefault(topic, []).append(split_id)
    order: list[str] = []
    for split_ids in by_topic.values():
        previous = -1
        for split_id in split_ids:
            if split_id in order:
                previous = order.index(split_id)
            else:
                previous += 1
                order.insert(previous, split_id)
    return [(str(s), str(labels[s])) for s in order]
