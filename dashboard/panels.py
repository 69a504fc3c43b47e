"""The dashboard's charts, registered once: the metric each draws, its figure and its data table.

The page, the export, the report and the benchmark all read ``CHARTS``, so a chart is added,
renamed or reordered in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, metrics
from dashboard.encoding import Encoding
from dashboard.i18n import format_day, format_label, t
from dashboard.load import Frames
from dashboard.metrics import CountBy, SplitBy

Section = Literal["when", "what", "who"]


@dataclass(frozen=True)
class ChartSettings:
    """What a chart's reader chose besides the filters.

    Attributes:
        count_by: What the topic chart counts.
        split_by: What the topic chart's bars are split by.
        days: The day range the timeline's axis spans; the events' own days when None.
    """

    count_by: CountBy = "points"
    split_by: SplitBy = "day"
    days: tuple[date, date] | None = None


@dataclass(frozen=True)
class Chart:
    """One registered chart.

    Attributes:
        name: Its file-name stem.
        key: The page's widget key for it (its buttons' keys start with it).
        section: The page section it belongs to.
        metric: Filtered frames -> the tidy frame it draws.
        draw: That frame -> the figure, in a language, on the whole log's scales.
        table: That frame -> the data table shown beside the chart, in a language.
        uses: Which of the settings change it, so the page can tell what a toggle redraws.
    """

    name: str
    key: str
    section: Section
    metric: Callable[[Frames, ChartSettings], pd.DataFrame]
    draw: Callable[[pd.DataFrame, str, ChartSettings, Encoding], go.Figure]
    table: Callable[[pd.DataFrame, str], pd.DataFrame]
    uses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Panel:
    """One chart drawn for one view: its name, its figure and the aggregated data it draws."""

    name: str
    figure: go.Figure
    data: pd.DataFrame


def _columns(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.rename(columns={c: t(f"col.{c}", lang) for c in table.columns})


_TIMELINE_COLUMNS = (
    "date",
    "sequence",
    "start",
    "end",
    "title",
    "kind",
    "format",
    "participants",
    "topics",
    "n_points",
)


def _timeline_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = rows[[column for column in _TIMELINE_COLUMNS if column in rows]].copy()
    table["date"] = [format_day(d.date(), lang) for d in table["date"]]
    table["start"] = table["start"].fillna(t("time_not_reported", lang))
    table["format"] = table["format"].map(lambda f: format_label(f, lang))
    return _columns(table, lang)


def _topic_table(frequency: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _columns(frequency[["group_label", "label", "split_label", "count"]], lang)


def _speaker_topic_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    del lang  # the labels are the log's own, already in the frames' language
    if counts.empty:
        return counts
    return counts.pivot(index="name", columns="label", values="count")


def _co_attendance_table(grid: pd.DataFrame, lang: str) -> pd.DataFrame:
    del lang
    if grid.empty:
        return grid
    return grid.pivot_table(
        index="name", columns="other_name", values="events", aggfunc="sum", sort=False
    )


def _attendance_table(grid: pd.DataFrame, lang: str) -> pd.DataFrame:
    del lang
    table = grid.pivot_table(
        index="name", columns="title", values="attended", aggfunc="any", sort=False
    )
    return table.map(lambda present: "✓" if present else "")


CHARTS: tuple[Chart, ...] = (
    Chart(
        "timeline",
        "timeline_chart",
        "when",
        # Lanes show each event's participants and topics; the density strip shows neither.
        metric=lambda shown, _: metrics.timeline_rows(
            shown, labels=len(shown.events) <= charts.MAX_LANES
        ),
        draw=lambda rows, lang, settings, encoding: charts.timeline(
            rows, lang, days=settings.days, encoding=encoding
        ),
        table=_timeline_table,
        uses=frozenset({"days"}),
    ),
    Chart(
        "topics",
        "topic_chart",
        "what",
        metric=lambda shown, settings: metrics.topic_frequency(
            shown, by=settings.count_by, split=settings.split_by
        ),
        draw=lambda frequency, lang, settings, encoding: charts.topic_frequency_chart(
            frequency, lang, by=settings.count_by, split=settings.split_by, encoding=encoding
        ),
        table=_topic_table,
        uses=frozenset({"count_by", "split_by"}),
    ),
    Chart(
        "co-attendance",
        "coattendance_chart",
        "who",
        metric=lambda shown, _: metrics.co_attendance(shown),
        draw=lambda grid, lang, _, __: charts.co_attendance_heatmap(grid, lang),
        table=_co_attendance_table,
    ),
    Chart(
        "speakers-topics",
        "matrix_chart",
        "who",
        metric=lambda shown, _: metrics.speaker_topic_counts(shown),
        draw=lambda counts, lang, _, __: charts.speaker_topic_heatmap(counts, lang),
        table=_speaker_topic_table,
    ),
    Chart(
        "attendance",
        "attendance_chart",
        "who",
        metric=lambda shown, _: metrics.attendance_matrix(shown),
        draw=lambda grid, lang, _, __: charts.attendance_heatmap(grid, lang),
        table=_attendance_table,
    ),
)
CHART_NAMES = tuple(chart.name for chart in CHARTS)


def chart(name: str) -> Chart:
    """The registered chart called ``name``."""
    return next(c for c in CHARTS if c.name == name)


def panel(entry: Chart, shown: Frames, settings: ChartSettings) -> Panel:
    """``entry`` drawn for filtered frames, in the frames' language."""
    data = entry.metric(shown, settings)
    return Panel(entry.name, entry.draw(data, shown.language, settings, shown.encoding), data)


def panels(shown: Frames, settings: ChartSettings | None = None) -> list[Panel]:
    """Every registered chart for filtered frames, in the page's order."""
    settings = settings or ChartSettings()
    return [panel(entry, shown, settings) for entry in CHARTS]
