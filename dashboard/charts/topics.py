"""How often each topic came up: stacked horizontal bars, grouped by topic group.

The rows, their order and the x-axis are the whole visit's, from the log's ``Encoding``: topics by
their whole-visit frequency within their group, groups in the order of their most frequent topic,
so a filter never reorders the chart or rescales it. A filtered view draws the whole visit's
totals as grey bars behind its own, the focus against its context. Each bar carries its topic
id, so a click maps back to a topic whatever the language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from dashboard.charts.style import (
    CONTEXT_COLOR,
    GRID_COLOR,
    escape,
    figure,
    label_color,
    row_title,
    rows_height,
    wrap_lines,
)
from dashboard.encoding import OUTLINE, Encoding, Scale
from dashboard.i18n import count, t
from dashboard.metrics import MAX_TOPICS, TOPIC_FREQUENCY_COLUMNS, TopicFrequency
from dashboard.schema import VOICES

_SPLIT_WORD = {"day": "chart.legend.day", "event": "chart.legend.event"}
_NOUN = {"points": "point", "events": "event"}
# Tick labels wrap on words at about this many characters, into as many lines as they need.
LABEL_CHARS = 28


@dataclass(frozen=True)
class _Row:
    """One row of the topic axis: a group's heading (no topic id) or a topic."""

    key: str
    topic_id: str | None
    label: str
    group_label: str
    whole: int
    tick: str


def topic_frequency_chart(freq: TopicFrequency, lang: str, encoding: Encoding) -> go.Figure:
    """Topics as bars stacked by day or event, on the whole visit's rows and scale.

    Args:
        freq: ``metrics.topic_frequency(frames, count_by, split_by)`` of the filtered frames: what was
            counted (the x-axis says which) and what the bars are stacked by.
        lang: The frames' language, for interface words.
        encoding: The whole log's scales and topic totals (``Frames.encoding``).
    """
    by, split = freq.count_by, freq.split_by
    cells = {name: freq.rows[name].tolist() for name in TOPIC_FREQUENCY_COLUMNS}
    whole = encoding.topic_totals.get(by, {})
    rows = _rows(cells, encoding.topic_ranking.get(by, ()), whole, encoding)
    totals = dict(zip(cells["topic_id"], cells["topic_total"], strict=True))
    # The context is drawn only where it differs from the focus: unfiltered, the bars are the
    # whole visit and grey behind them would only blur their edges.
    context = any(totals.get(row.topic_id, 0) != row.whole for row in rows if row.topic_id)
    keys = list(zip(cells["topic_id"], cells["split_id"], strict=True))
    counts = dict(zip(keys, cells["count"], strict=True))
    voices = {
        key: dict(zip(VOICES, said_agreed_reported, strict=True))
        for key, said_agreed_reported in zip(
            keys, zip(*(cells[name] for name in VOICES), strict=True), strict=True
        )
    }
    scale = encoding.days if split == "day" else encoding.events
    names = dict(zip(cells["split_id"], cells["split_label"], strict=True))
    # In the metric's order, the encoding's; a split the scale does not know (a day the source
    # does not state) comes last, in grey.
    splits = freq.splits
    noun = _NOUN.get(by, "point")
    traces = []
    for split_id in splits:
        # A trace holds only the rows where its split has a count. A row sent as NaN (or None)
        # ends the stack there: Plotly starts the next segment from zero, so the bar stopped
        # short of its total. The category order is fixed by the axis, so omitted rows shift
        # nothing. customdata[0] is the topic id, a key for the page (never shown, so not escaped).
        mine = [row for row in rows if (row.topic_id, split_id) in counts]
        values = [counts[(row.topic_id, split_id)] for row in mine]
        color = scale.color(split_id) if split != "none" else scale.color(scale.ids[0])
        split_name = str(names.get(split_id, "")) if split != "none" else ""
        hovers = [
            _hover(
                row,
                split_name,
                n,
                (totals[row.topic_id], row.whole),
                noun,
                lang,
                context,
                _voice_line(voices[(row.topic_id, split_id)], lang),
            )
            for row, n in zip(mine, values, strict=True)
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [row.key for row in mine],
                "x": np.array(values, dtype="int64"),
                "customdata": np.array(
                    [
                        [row.topic_id, text, totals[row.topic_id]]
                        for row, text in zip(mine, hovers, strict=True)
                    ],
                    dtype=object,
                ).reshape(len(mine), 3),
                "name": wrap_lines(split_name, 28),
                "marker": {"color": color, "line": {"color": OUTLINE, "width": 1}},
                # The count on its segment, where it fits; the hover has it too.
                "text": [str(n) for n in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": 0,
                "textfont": {"color": label_color(color), "size": 12},
                "constraintext": "inside",
                "hovertemplate": "%{customdata[1]}<extra></extra>",
            }
        )
    most = max((row.whole for row in rows), default=0)
    shapes = _rules(rows) + (_context_bars(rows) if context else [])
    word = _SPLIT_WORD.get(split)
    return figure(
        traces,
        _title(cells, by, lang),
        x_title=t("chart.axis.points" if by == "points" else "chart.axis.events", lang),
        # The rows' title lies flat in the corner: upright, it turned Devanagari on its side.
        y_title="",
        annotations=[row_title(t("chart.axis.topic", lang))],
        # Rows are evenly spaced, so each gets room for the most lines any label has: two-line
        # labels touched their neighbours at a fixed 34 px a row.
        height=rows_height(len(rows), per_row=8 + 16 * _most_lines(rows), chrome=200),
        # The whole visit's range in every view: one statement keeps its length under a filter.
        xaxis={"range": [0, max(most, 1) * 1.04], **({"dtick": 1} if most <= 10 else {})},
        yaxis={
            "type": "category",
            "range": [len(rows) - 0.5, -0.5],
            "tickmode": "array",
            "tickvals": [row.key for row in rows],
            "ticktext": [row.tick for row in rows],
            "categoryorder": "array",
            "categoryarray": [row.key for row in rows],
        },
        kept=(freq.topics,),
        lang=lang,
        key=t(f"chart.topics.unit.{by}", lang, source=_sources(encoding, lang))
        + (" " + t("chart.topics.context", lang) if context else ""),
        legend_title=t(word, lang) if word and split != "none" else None,
        meta={
            "chart": "topics",
            "topic_ids": [str(row.topic_id) for row in rows if row.topic_id is not None],
            "split_ids": [str(s) for s in splits] if split != "none" else [],
        },
        source=t("chart.source", lang, source=_sources(encoding, lang)),
        barmode="stack",
        bargap=0.3,
        legend={"traceorder": "normal"},
        uniformtext={"minsize": 10, "mode": "hide"},
        shapes=shapes,
    )


def _most_lines(rows: list[_Row]) -> int:
    return max((row.tick.count("<br>") + 1 for row in rows), default=1)


def _sources(encoding: Encoding, lang: str) -> str:
    return t("and", lang).join(f"“{title}”" for title in encoding.sources)


def _rows(
    cells: Mapping[str, list[Any]],
    ranked: Sequence[str],
    whole: Mapping[str, int],
    encoding: Encoding,
) -> list[_Row]:
    """Axis rows: groups in order of their most frequent topic, each a heading row (no topic
    id, bold group name) and then its topics in the encoding's ``ranked`` order (whole-visit
    frequency, then the log's order).

    The whole visit's top ``MAX_TOPICS`` topics, and any topic in view beyond them.
    """
    topics: Scale = encoding.topics
    kept = list(dict.fromkeys([*ranked[:MAX_TOPICS], *cells["topic_id"]]))
    groups: dict[str, list[_Row]] = {}
    for topic in kept:
        group = encoding.topic_groups.get(topic, "")
        name = topics.name(topic)
        groups.setdefault(group, []).append(
            _Row(
                f"topic:{topic}",
                topic,
                name,
                encoding.groups.name(group),
                int(whole.get(topic, 0)),
                wrap_lines(name, LABEL_CHARS),
            )
        )
    rows: list[_Row] = []
    for group, members in groups.items():
        heading = encoding.groups.name(group)
        rows.append(
            _Row(
                f"group:{group}",
                None,
                heading,
                heading,
                0,
                f"<b>{wrap_lines(heading, LABEL_CHARS)}</b>",
            )
        )
        rows += members
    return rows


def _hover(
    row: _Row,
    split: str,
    n: int,
    totals: tuple[int, int],
    noun: str,
    lang: str,
    context: bool,
    voiced: str,
) -> str:
    """ "Syria · 12 May 2021: 2 statements", how they were voiced, then the bar's total and,
    filtered, the whole visit's (``totals``: the view's and the visit's)."""
    total, whole = totals
    head = f"{escape(row.label)} · {escape(split)}" if split else escape(row.label)
    lines = [f"<b>{head}: {escape(count(n, noun, lang))}</b>"] + [voiced] * bool(voiced)
    if split:
        lines.append(escape(t("chart.topics.hover.total", lang, n=count(total, noun, lang))))
    if context:
        lines.append(escape(t("chart.topics.hover.whole", lang, n=count(whole, noun, lang))))
    lines.append(escape(row.group_label))
    return "<br>".join(lines)


def _voice_line(voiced: Mapping[str, int], lang: str) -> str:
    """ "1 in their own words · 1 agreed jointly": how the bar's statements were voiced."""
    parts = [
        t(f"chart.voice.{name}", lang, n=count(int(voiced[name]), "point", lang))
        for name in VOICES
        if voiced.get(name)
    ]
    return escape(" · ".join(parts))


def _title(cells: Mapping[str, list[Any]], by: str, lang: str) -> str:
    """The finding: which topic came up most, and how often, in the view."""
    totals = dict(zip(cells["label"], cells["topic_total"], strict=True))
    if not totals:
        return t(f"chart.topics.title.{by}", lang)
    most = max(totals.values())
    leaders = [name for name, n in totals.items() if n == most]
    noun = _NOUN.get(by, "point")
    if len(leaders) > 3:
        return t("chart.topics.finding.tied", lang, k=len(leaders), n=count(most, noun, lang))
    names = t("and", lang).join(str(name) for name in leaders)
    return t("chart.topics.finding", lang, topics=names, n=count(most, noun, lang))


def _rules(rows: list[_Row]) -> list[dict[str, Any]]:
    """A rule above each group's heading row, behind the bars."""
    return [
        {
            "type": "line",
            "xref": "x domain",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": i - 0.5,
            "y1": i - 0.5,
            "line": {"color": GRID_COLOR, "width": 1},
            "layer": "below",
        }
        for i, row in enumerate(rows)
        if row.topic_id is None and i
    ]


def _context_bars(rows: list[_Row]) -> list[dict[str, Any]]:
    """The whole visit's total of each topic, a grey bar behind the view's own."""
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": 0,
            "x1": row.whole,
            "y0": i - 0.35,
            "y1": i + 0.35,
            "fillcolor": CONTEXT_COLOR,
            "line": {"width": 0},
            "layer": "below",
        }
        for i, row in enumerate(rows)
        if row.topic_id is not None and row.whole
    ]
