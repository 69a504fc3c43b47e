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
from dashboard.i18n import format_day, format_label, kind_label, t
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
        draw: That frame -> the figure, in a language.
        table: That frame -> the data table shown beside the chart, in a language.
        uses: Which of the settings change it, so the page can tell what a toggle redraws.
    """

    name: str
    key: str
    section: Section
    metric: Callable[[Frames, ChartSettings], pd.DataFrame]
    draw: Callable[[pd.DataFrame, str, ChartSettings], go.Figure]
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


def _empty_cells_empty(table: pd.DataFrame) -> pd.DataFrame:
    """Missing text as "", which a table shows as an empty cell (a missing value shows "None")."""
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].astype("string").fillna("")
    return table


def _names_table(table: pd.DataFrame, people: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A matrix indexed by participant name as a table: names first, then their ids, then cells."""
    ids = dict(zip(people["name"], people["participant_id"], strict=False))
    out = table.copy()
    out.columns = [str(column) for column in out.columns]
    out.insert(0, "participant_id", [ids.get(name, "") for name in out.index])
    out = out.reset_index(names="name")
    return _empty_cells_empty(_columns_matrix(out, lang))


def _columns_matrix(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    named = {"name": t("col.name", lang), "participant_id": t("col.participant_id", lang)}
    return table.rename(columns=named)


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
    table = rows[[column for column in (*_TIMELINE_COLUMNS, "event_id") if column in rows]].copy()
    table["date"] = [format_day(d.date(), lang) for d in table["date"]]
    table["start"] = table["start"].fillna(t("time_not_reported", lang))
    table["format"] = table["format"].map(lambda f: format_label(f, lang))
    table["kind"] = table["kind"].map(lambda k: kind_label(k, lang))
    return _empty_cells_empty(_columns(table, lang))


def _topic_table(frequency: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = frequency[["group_label", "label", "split_label", "count"]].copy()
    return _empty_cells_empty(_columns(table, lang))


# The matrices' tables: one row per participant, by name, with the id in its own column; the
# other axis' labels (the log's own, in the frames' language) head the columns.


def _speaker_topic_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    if counts.empty:
        return counts
    table = counts.pivot(index="name", columns="label", values="count")
    return _names_table(table, _people(counts), lang)


def _co_attendance_table(grid: pd.DataFrame, lang: str) -> pd.DataFrame:
    if grid.empty:
        return grid
    table = grid.pivot_table(
        index="name", columns="other_name", values="events", aggfunc="sum", sort=False
    )
    return _names_table(table, _people(grid), lang)


def _attendance_table(grid: pd.DataFrame, lang: str) -> pd.DataFrame:
    if grid.empty:
        return grid
    table = grid.pivot_table(
        index="name", columns="title", values="attended", aggfunc="any", sort=False
    )
    return _names_table(table.map(lambda present: "✓" if present else ""), _people(grid), lang)


def _people(data: pd.DataFrame) -> pd.DataFrame:
    """Each participant's name and id, where a metric's frame carries both."""
    if "participant_id" not in data:
        return pd.DataFrame({"name": [], "participant_id": []})
    return data[["name", "participant_id"]].drop_duplicates("name")


CHARTS: tuple[Chart, ...] = (
    Chart(
        "timeline",
        "timeline_chart",
        "when",
        # Lanes show each event's participants and topics; the density strip shows neither.
        metric=lambda shown, _: metrics.timeline_rows(
            shown, labels=len(shown.events) <= charts.MAX_LANES
        ),
        draw=lambda rows, lang, settings: charts.timeline(rows, lang, days=settings.days),
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
        draw=lambda frequency, lang, settings: charts.topic_frequency_chart(
            frequency, lang, by=settings.count_by, split=settings.split_by
        ),
        table=_topic_table,
        uses=frozenset({"count_by", "split_by"}),
    ),
    Chart(
        "co-attendance",
        "coattendance_chart",
        "who",
        metric=lambda shown, _: metrics.co_attendance(shown),
        draw=lambda grid, lang, _: charts.co_attendance_heatmap(grid, lang),
        table=_co_attendance_table,
    ),
    Chart(
        "speakers-topics",
        "matrix_chart",
        "who",
        metric=lambda shown, _: metrics.speaker_topic_counts(shown),
        draw=lambda counts, lang, _: charts.speaker_topic_heatmap(counts, lang),
        table=_speaker_topic_table,
    ),
    Chart(
        "attendance",
        "attendance_chart",
        "who",
        metric=lambda shown, _: metrics.attendance_matrix(shown),
        draw=lambda grid, lang, _: charts.attendance_heatmap(grid, lang),
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
    return Panel(entry.name, entry.draw(data, shown.language, settings), data)


def panels(shown: Frames, settings: ChartSettings | None = None) -> list[Panel]:
    """Every registered chart for filtered frames, in the page's order."""
    settings = settings or ChartSettings()
    return [panel(entry, shown, settings) for entry in CHARTS]
