"""The visit as a timeline: one lane per event, honest about how precisely its time is known.

An event without a reported clock time is a hatched bar across its whole day, labelled "time not
reported"; it is never placed at an invented hour. Reported times are drawn where they are, with a
marker at the start. Above ``MAX_LANES`` events, lanes would be unreadable and slow, so the chart
becomes a heat strip of events per day, as the metric counted them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    COUNT_SCALE,
    COUNTS,
    EMPTY_CELL,
    FLAT_OR_UPRIGHT,
    FORMAT_COLORS,
    FORMAT_HATCH,
    FORMAT_SYMBOLS,
    GRID_COLOR,
    OTHER_COLOR,
    TEXT_COLOR,
    day_label,
    escape,
    figure,
    hover,
    label,
    rows_height,
    wrap_lines,
)
from dashboard.encoding import Encoding
from dashboard.i18n import count, format_day, format_label, kind_label, t
from dashboard.metrics import DayCounts, TimelineRows

# The category of the row above an event's bar, where its title is written. Ids never hold ":".
LABEL_ROW = "label:"
# Titles wrap at about what a phone's plot holds on a line; a laptop's fits them on one.
LABEL_CHARS = 44
DAY = pd.Timedelta(days=1)
_MS_PER_DAY = 86_400_000
_FORMAT_ORDER = ("in-person", "virtual")
# customdata columns of every lane trace; the page reads the event id from column 0.
_CUSTOM = ("event_id", "hover")
# Hover lines wrap at about this many characters: a long one was clipped on both sides.
HOVER_CHARS = 48


def timeline(drawn: TimelineRows, lang: str, *, encoding: Encoding | None = None) -> go.Figure:
    """Events on a day axis: a lane per event, or the metric's per-day density strip.

    Args:
        drawn: ``metrics.timeline_of(metrics.timeline_rows(frames), days)``.
        lang: The frames' language, for interface words.
        encoding: The whole log's scales, for the source line.
    """
    source = (
        t("chart.source", lang, source=t("and", lang).join(f"“{s}”" for s in encoding.sources))
        if encoding is not None
        else ""
    )
    if drawn.density is not None:
        return _density(drawn.density, lang, drawn.days, source)
    return _lanes(drawn.rows, lang, drawn.days, source)


def _day_axis(span: pd.DatetimeIndex, lang: str) -> dict[str, Any]:
    """Days labelled at their middle, the grid at midnight, so a day is the space between lines."""
    if not len(span):
        return {"type": "date", "showticklabels": False}
    step = max(1, int(np.ceil(len(span) / 10)))
    labelled = span[::step]
    return {
        "type": "date",
        "range": [span[0], span[-1] + DAY],
        "tickmode": "array",
        "tickvals": list(labelled + DAY / 2),
        "ticktext": [day_label(d.date(), lang) for d in labelled],
        "showgrid": False,
        "ticks": "",
        "autotickangles": FLAT_OR_UPRIGHT,
        "minor": {"tickvals": [*span, span[-1] + DAY], "showgrid": True, "gridcolor": GRID_COLOR},
    }


def _time_text(rows: pd.DataFrame, lang: str) -> list[str]:
    """The time as the hover shows it: "10:00–11:30", "10:00" or "time not reported"."""
    missing = t("time_not_reported", lang)
    return [
        missing if pd.isna(start) else start if pd.isna(end) else f"{start}–{end}"
        for start, end in zip(rows["start"].tolist(), rows["end"].tolist(), strict=True)
    ]


def _customdata(rows: pd.DataFrame, lang: str) -> np.ndarray:
    """One row per event: its id (a key for the page, never shown) and its hover, escaped.

    The hover names the event, its day and time, kind and format, who attended, how many
    topics and statements, and the log's summary, each wrapped. Plain lists: there are at most
    ``MAX_LANES`` rows, and a pandas call costs more than that.
    """
    none = t("chart.none", lang)
    summaries = rows["summary"].tolist() if "summary" in rows else [None] * len(rows)
    n_topics = rows["n_topics"].tolist() if "n_topics" in rows else [None] * len(rows)
    hovers = []
    for title, day, time, kind, event_format, people, topics, points, summary in zip(
        rows["title"].tolist(),
        [day_label(d.date(), lang) for d in rows["date"]],
        _time_text(rows, lang),
        rows["kind"].tolist(),
        rows["format"].tolist(),
        rows["participants"].tolist() if "participants" in rows else [None] * len(rows),
        n_topics,
        rows["n_points"].tolist(),
        summaries,
        strict=True,
    ):
        lines = [
            f"<b>{wrap_lines(title, HOVER_CHARS)}</b>",
            f"{day} · {escape(time)}",
            escape(f"{kind_label(kind, lang)} · {format_label(event_format, lang)}"),
            f"{label('chart.hover.participants', lang)}: "
            + wrap_lines(people if isinstance(people, str) and people else none, HOVER_CHARS),
            escape(
                " · ".join(
                    [count(int(topics), "topic", lang)] * (topics is not None)
                    + [count(int(points), "point", lang)]
                )
            ),
        ]
        if isinstance(summary, str) and summary:
            lines.append(f"<i>{wrap_lines(summary, HOVER_CHARS)}</i>")
        hovers.append("<br>".join(lines))
    return np.array([rows["event_id"].tolist(), hovers], dtype=object).T.reshape(
        len(rows), len(_CUSTOM)
    )


def _lanes(rows: pd.DataFrame, lang: str, span: pd.DatetimeIndex, source: str) -> go.Figure:
    ids = np.array([str(i) for i in rows["event_id"]], dtype=object)
    template = "%{customdata[1]}<extra></extra>"
    custom = _customdata(rows, lang)
    timed = rows["start_at"].notna().to_numpy()
    duration = (rows["end_at"] - rows["start_at"]).dt.total_seconds().mul(1000).to_numpy()
    has_end = timed & (np.nan_to_num(duration) > 0)
    traces: list[dict[str, Any]] = []
    formats = [f for f in _FORMAT_ORDER if f in set(rows["format"])]
    formats += sorted(set(rows["format"]) - set(formats))
    for event_format in formats:
        color = FORMAT_COLORS.get(event_format, OTHER_COLOR)
        common = {
            "legendgroup": event_format,
            "name": escape(format_label(event_format, lang)),
            "hovertemplate": template,
            "showlegend": False,
        }
        mine = (rows["format"] == event_format).to_numpy()
        untimed = mine & ~timed
        if untimed.any():
            traces.append(
                {
                    **common,
                    "type": "bar",
                    "orientation": "h",
                    "y": list(ids[untimed]),
                    "base": rows["date"][untimed].to_numpy(),
                    "x": np.full(untimed.sum(), _MS_PER_DAY),
                    "customdata": custom[untimed],
                    "marker": {
                        "color": _tint(color),
                        "line": {"color": color, "width": 1.5},
                        "pattern": {
                            "shape": FORMAT_HATCH.get(event_format, "."),
                            "fgcolor": color,
                            "fgopacity": 0.45,
                            "size": 9,
                            "solidity": 0.25,
                            "fillmode": "overlay",
                        },
                    },
                    "text": [label("time_not_reported", lang)] * int(untimed.sum()),
                    "textposition": "inside",
                    "insidetextanchor": "middle",
                    "textangle": 0,
                    "textfont": {"color": TEXT_COLOR, "size": 13},
                    # Shrunk to fit its day, or hidden below the layout's uniformtext.minsize (a
                    # phone with many days): never drawn past the bar, out of the chart.
                    "constraintext": "inside",
                }
            )
        bars = mine & has_end
        if bars.any():
            traces.append(
                {
                    **common,
                    "type": "bar",
                    "orientation": "h",
                    "y": list(ids[bars]),
                    "base": rows["start_at"][bars].to_numpy(),
                    "x": duration[bars],
                    "customdata": custom[bars],
                    "marker": {"color": color, "line": {"color": color, "width": 1}},
                }
            )
        starts = mine & timed
        if starts.any():
            # The time itself is written in the lane's label: beside the marker it would run
            # out of the chart when the event is early on the first day.
            traces.append(
                {
                    **common,
                    "type": "scatter",
                    "mode": "markers",
                    "y": list(ids[starts]),
                    "x": rows["start_at"][starts].to_numpy(),
                    "customdata": custom[starts],
                    "marker": {
                        "symbol": FORMAT_SYMBOLS.get(event_format, "square"),
                        "size": 12,
                        "color": color,
                        "line": {"color": "white", "width": 1.5},
                    },
                }
            )
        # One legend entry per format, whichever of its traces came first.
        next(trace for trace in traces if trace["legendgroup"] == event_format)["showlegend"] = True
    # Each lane is two rows: its label, then its bar. Labels in the plot, above their bars, leave
    # the whole width to the days: as a column on the left they took two thirds of a phone's.
    label_rows = [f"{LABEL_ROW}{event_id}" for event_id in ids]
    labels = _lane_labels(rows, lang)
    # Titles wrap whole, never cut: rows are evenly spaced, so each is as tall as the most lines
    # a title has, and a long one cannot spill over its bar or the legend.
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    yaxis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [row for pair in zip(label_rows, ids, strict=True) for row in pair],
        # Top to bottom, fixed: autorange spans only rows with data, and would cut the first label.
        "range": [2 * len(ids) - 0.5, -0.5],
        "tickmode": "array",
        "tickvals": label_rows,
        "ticktext": labels,
        "ticklabelposition": "inside",
        # Nearer the bar below than the one above, so each label reads as its lane's.
        "ticklabelshift": -4,
        "ticklabeloverflow": "allow",
        "ticks": "",
        "showgrid": False,
    }
    return figure(
        traces,
        _finding(rows, lang),
        x_title=t("chart.axis.day", lang),
        y_title=t("chart.axis.event", lang),
        height=rows_height(2 * len(ids), per_row=16 + 16 * lines, chrome=210, minimum=260),
        xaxis=_day_axis(span, lang),
        yaxis=yaxis,
        legend_title=t("chart.legend.format", lang),
        meta={"chart": "timeline", "event_ids": list(ids)},
        source=source,
        barmode="overlay",
        bargap=0.3,
        uniformtext={"minsize": 11, "mode": "hide"},
    )


def _finding(rows: pd.DataFrame, lang: str) -> str:
    """The title as a finding: each day's events and their formats, "12 May 2021: 2 events in
    person · 13 May 2021: 1 event, virtual"; the plain title where there are no events."""
    if not len(rows):
        return t("chart.timeline.title", lang)
    # Days in time order; an undated event (NaT) has a day of its own, last, said in words.
    by_day: dict[Any, list[str]] = {}
    for day, event_format in zip(rows["date"].tolist(), rows["format"].tolist(), strict=True):
        by_day.setdefault(None if pd.isna(day) else day.date(), []).append(event_format)
    parts = []
    for day, formats in sorted(by_day.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        parts.append(
            t(
                "chart.timeline.finding.day",
                lang,
                day=format_day(day, lang) if day is not None else t("day_not_stated", lang),
                events=len(formats),
                formats=t("and", lang).join(format_label(f, lang) for f in dict.fromkeys(formats)),
            )
        )
    return " · ".join(parts)


def _lane_labels(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each lane's title, then its reported time if any ("time not reported" is on its bar)."""
    times = [escape(time) for time in _time_text(rows, lang)]
    return [
        wrap_lines(title, LABEL_CHARS) + (f" · {time}" if reported else "")
        for title, time, reported in zip(
            rows["title"], times, rows["start_at"].notna(), strict=True
        )
    ]


def _tint(color: str, alpha: float = 0.16) -> str:
    """``color`` as a see-through fill, so the hatching and the label stay readable on it."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _density(density: DayCounts, lang: str, span: pd.DatetimeIndex, source: str) -> go.Figure:
    """Events per (kind, day) as one heatmap, so 50,000 events stay one trace."""
    kind_ids, counts = density.kinds, density.counts
    kinds = [kind_label(k, lang) for k in kind_ids]
    days = [day_label(d.date(), lang) for d in span]
    # Per cell only its day and count: the kind is the cell's row, which the hover reads as
    # %{y}; in every cell it was a quarter of what the strip sent.
    custom = np.dstack(
        [
            np.repeat(np.array(days, dtype=object)[None, :], len(kinds), axis=0),
            counts.astype(object),
        ]
    )
    heat = {
        "type": "heatmap",
        # A day with no events is left empty rather than painted the scale's lightest colour.
        "z": np.where(counts > 0, counts, np.nan).astype(COUNTS),
        "x": (span + DAY / 2).to_numpy(),
        "y": [escape(k) for k in kinds],
        "customdata": custom,
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "zmax": max(1, int(counts.max(initial=0))),
        "xgap": 1,
        "ygap": 3,
        "hoverongaps": True,
        "colorbar": {"title": {"text": label("chart.hover.events", lang)}, "thickness": 12},
        "hovertemplate": hover(
            [
                (label("chart.hover.day", lang), "%{customdata[0]}"),
                (label("chart.hover.events", lang), "%{customdata[1]}"),
            ],
            heading="%{y}",
        ),
    }
    return figure(
        [heat],
        t("chart.timeline.density_title", lang),
        x_title=t("chart.axis.day", lang),
        y_title=t("chart.axis.kind", lang),
        height=rows_height(len(kinds), per_row=40, minimum=260),
        xaxis={**_day_axis(span, lang), "minor": {"showgrid": False}},
        yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
        meta={"chart": "timeline-density", "kinds": list(kind_ids)},
        source=source,
        plot_bgcolor=EMPTY_CELL,
    )
