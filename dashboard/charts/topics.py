"""How often each topic came up: stacked horizontal bars, grouped by topic group.

Topics are listed by frequency (most frequent on top) within their group, and groups in the order
of their most frequent topic, so the top of the chart is always the visit's main subject. Each
bar carries its topic id, so a click maps back to a topic whatever the language.
"""

from __future__ import annotations

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

_SPLIT_WORD = {"day": "chart.legend.day", "event": "chart.legend.event"}
_SPLIT_HOVER = {"day": "chart.hover.day", "event": "chart.hover.event"}


def topic_frequency_chart(freq: pd.DataFrame, lang: str, by: str, split: str) -> go.Figure:
    """Topics as bars stacked by day or event, grouped by topic group, most frequent first.

    Args:
        freq: ``metrics.topic_frequency(frames, by, split)``.
        lang: The frames' language, for interface words.
        by: What was counted: ``"points"`` or ``"events"`` (the x-axis says which).
        split: What the bars are stacked by: ``"day"``, ``"event"`` or ``"none"``.
    """
    split = str(
        freq.attrs.get("split", split)
    )  # metrics stop splitting past a dozen days or events
    topics = _topic_order(freq)
    # Each group gets a heading row of its own above its topics, on the same axis: a second
    # label column (multicategory) would take half a phone's width from the bars.
    rows = _rows(topics)
    y = rows["row"].tolist()
    splits = _split_order(freq, split)
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
    traces = []
    for (split_id, split_label), color in zip(splits, split_colors(len(splits)), strict=True):
        # customdata[0] is the topic id, a key for the page (never shown, so not escaped).
        # Every trace lists every topic (no bar where the count is zero), so all traces share
        # one category order and a stack never shifts between rows.
        mine = freq[freq["split_id"] == split_id].set_index("topic_id")
        count = mine["count"].reindex(rows["topic_id"])
        custom = np.column_stack(
            [
                rows["topic_id"].fillna(""),
                rows["label"].map(escape),
                rows["group_label"].map(escape),
                np.full(len(rows), escape(split_label), dtype=object),
                count.fillna(0).astype("int64").to_numpy(),
                rows["topic_total"].fillna(0).astype("int64").to_numpy(),
            ]
        )
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": y,
                "x": count.astype("float64").to_numpy(),
                "customdata": custom,
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
            "y0": row,
            "y1": row,
            "line": {"color": GRID_COLOR, "width": 1},
            "layer": "below",
        }
        for row in rows.loc[rows["topic_id"].isna(), "row"]
    ]
    word = _SPLIT_WORD.get(split)
    return figure(
        traces,
        t(f"chart.topics.title.{'points' if by == 'points' else 'events'}", lang),
        x_title=t("chart.axis.points" if by == "points" else "chart.axis.events", lang),
        y_title=t("chart.axis.topic", lang),
        height=rows_height(len(rows), per_row=34, chrome=170),
        # Whole numbers on a short axis; Plotly's own ticks past ten.
        xaxis={"rangemode": "tozero", **({"dtick": 1} if _max_total(topics) <= 10 else {})},
        yaxis={
            "type": "category",
            "autorange": "reversed",
            "tickmode": "array",
            "tickvals": y,
            "ticktext": rows["tick"].tolist(),
            "categoryorder": "array",
            "categoryarray": y,
        },
        data=freq,
        lang=lang,
        legend_title=t(word, lang) if word else None,
        meta={
            "chart": "topics",
            "topic_ids": [str(i) for i in topics["topic_id"]],
            "split_ids": [str(s) for s, _ in splits],
        },
        barmode="stack",
        bargap=0.3,
        legend={"traceorder": "normal"},
        shapes=rules,
    )


def _topic_order(freq: pd.DataFrame) -> pd.DataFrame:
    """One row per topic: groups in order of their first (most frequent) topic, then by frequency."""
    topics = freq.drop_duplicates("topic_id")[
        ["topic_id", "label", "group_id", "group_label", "topic_total"]
    ].reset_index(drop=True)
    group_rank = {g: i for i, g in enumerate(topics["group_id"].drop_duplicates())}
    topics["_group_rank"] = topics["group_id"].map(group_rank)
    return topics.sort_values("_group_rank", kind="stable").reset_index(drop=True)


_ROW_COLUMNS = ["row", "topic_id", "label", "group_label", "topic_total", "tick"]


def _rows(topics: pd.DataFrame) -> pd.DataFrame:
    """Axis rows: per group a heading row (no topic id, bold group name), then its topics.

    A loop, not frame operations: there are at most ``metrics.MAX_TOPICS`` topics, and a pandas
    call costs more than a row.
    """
    rows: list[tuple[object, ...]] = []
    group = None
    # ``topics`` lists each group's topics together (``_topic_order``).
    for topic in topics.to_dict("records"):
        if topic["group_id"] != group:
            group, heading = topic["group_id"], str(topic["group_label"])
            rows.append(
                (f"group:{group}", None, heading, heading, None, f"<b>{wrap(heading, 30)}</b>")
            )
        rows.append(
            (
                f"topic:{topic['topic_id']}",
                topic["topic_id"],
                topic["label"],
                topic["group_label"],
                topic["topic_total"],
                wrap(topic["label"], 30),
            )
        )
    return pd.DataFrame(rows, columns=_ROW_COLUMNS)


def _split_order(freq: pd.DataFrame, split: str) -> list[tuple[str, str]]:
    """(split id, label) in time order.

    Days are ISO dates, so they sort as text. For events, the rows list each topic's events in
    time order, and merging those sequences recovers the order of all the events that share a
    topic with another; ``topic_frequency`` does not return the order itself.
    """
    labels = dict(zip(freq["split_id"], freq["split_label"], strict=False))
    if split == "day":
        return [(str(s), str(labels[s])) for s in sorted(labels)]
    order: list[str] = []
    for _, split_ids in freq.groupby("topic_id", sort=False)["split_id"]:
        previous = -1
        for split_id in split_ids:
            if split_id in order:
                previous = order.index(split_id)
            else:
                previous += 1
                order.insert(previous, split_id)
    return [(str(s), str(labels[s])) for s in order]


def _max_total(topics: pd.DataFrame) -> int:
    return int(topics["topic_total"].max()) if len(topics) else 0
