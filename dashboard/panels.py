"""The dashboard's charts, registered once: the metric each draws, its figure and its data table.

The page, the export, the report and the benchmark all read ``CHARTS``, so a chart is added,
renamed or reordered in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Literal, TypeVar, get_args

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, interaction, metrics
from dashboard.charts.matrix import voiced_cell, worth_drawing
from dashboard.encoding import Encoding
from dashboard.filters import Filters
from dashboard.i18n import format_day, format_label, kind_label, t
from dashboard.load import Frames
from dashboard.metrics import (
    Attendance,
    ChartData,
    CoAttendance,
    CountBy,
    SpeakerTopics,
    SplitBy,
    TimelineRows,
    TopicFrequency,
)
from dashboard.schema import VOICES

# The page's sections, in the order of its tabs: what was said first, the question most readers
# come with. The page draws the open one alone.
Section = Literal["what", "when", "who", "statements"]
SECTIONS: tuple[Section, ...] = get_args(Section)
# A chart's metric result: what its metric returns, and its figure and table read.
Result = TypeVar("Result", bound=ChartData)

# What a reader may choose for the topic chart: the metrics' own names ("none" is the
# metrics' fallback past a dozen splits, never a choice).
COUNT_BY: tuple[CountBy, ...] = get_args(CountBy)
SPLIT_BY: tuple[SplitBy, ...] = ("day", "event")


@dataclass(frozen=True)
class Control:
    """A toggle drawn with its chart, which redraws that chart alone.

    Attributes:
        setting: The ``ChartSettings`` field it sets; also its widget's key, and its label's
            message in the catalogues (each choice's is ``{setting}.{choice}``).
        choices: What it offers, in order.
    """

    setting: str
    choices: tuple[str, ...]


# What a click on a chart's marks does: (the ids clicked, the view's filters, the log's
# unfiltered frames) -> the filters after the click.
Click = Callable[[Sequence[str], Filters, Frames], Filters]


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
class Chart(Generic[Result]):
    """One registered chart.

    Attributes:
        name: Its file-name stem.
        key: The page's widget key for it (its buttons' keys start with it).
        section: The page section it belongs to.
        metric: (filtered frames, settings, the whole log's frames) -> the typed result it
            draws; the whole log fixes what must not move with a filter (axes, colour range).
        draw: That result -> the figure, in a language, on the whole log's scales.
        table: That result -> the data table shown beside the chart, in a language.
        uses: Which of the settings change it, so the page can tell what a toggle redraws.
        controls: The toggles drawn with it (their settings are among ``uses``).
        on_click: What a click on its marks does to the filters; None: it cannot be clicked.
    """

    name: str
    key: str
    section: Section
    metric: Callable[[Frames, ChartSettings, Frames], Result]
    draw: Callable[[Result, str, ChartSettings, Encoding], go.Figure]
    table: Callable[[Result, str], pd.DataFrame]
    uses: frozenset[str] = frozenset()
    controls: tuple[Control, ...] = ()
    on_click: Click | None = None


@dataclass(frozen=True)
class Panel:
    """One chart drawn for one view: its name, its figure and the metric's result it draws."""

    name: str
    figure: go.Figure
    data: ChartData


def _columns(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.rename(columns={c: t(f"col.{c}", lang) for c in table.columns})


def _empty_cells_empty(table: pd.DataFrame) -> pd.DataFrame:
    """Missing text as "", which a table shows as an empty cell (a missing value shows "None")."""
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].astype("string").fillna("")
    return table


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


def _timeline_table(drawn: TimelineRows, lang: str) -> pd.DataFrame:
    rows = drawn.rows
    table = rows[[column for column in (*_TIMELINE_COLUMNS, "event_id") if column in rows]].copy()
    table["date"] = [format_day(d.date(), lang) for d in table["date"]]
    table["start"] = table["start"].fillna(t("time_not_reported", lang))
    table["format"] = table["format"].map(lambda f: format_label(f, lang))
    table["kind"] = table["kind"].map(lambda k: kind_label(k, lang))
    return _empty_cells_empty(_columns(table, lang))


def _topic_table(drawn: TopicFrequency, lang: str) -> pd.DataFrame:
    """Topic, split and count, then how the statements were voiced (empty counting events)."""
    frequency = drawn.rows
    voices = list(VOICES) if frequency[list(VOICES)].to_numpy().any() else []
    table = frequency[["group_label", "label", "split_label", "count", *voices]].copy()
    return _empty_cells_empty(_columns(table, lang))


def _speaker_topic_table(drawn: SpeakerTopics, lang: str) -> pd.DataFrame:
    """Topics down, one column per speaker, as the chart has them: their own statements, then
    "(+n)" for joint readouts; no statements: empty."""
    counts = drawn.rows
    cells = [
        voiced_cell(int(s), int(a))
        for s, a in zip(counts["said"].tolist(), counts["agreed"].tolist(), strict=True)
    ]
    return _grid_table(
        counts.assign(cell=cells),
        "topic_id",
        "label",
        t("col.label", lang),
        "participant_id",
        "name",
        "cell",
    )


def _co_attendance_table(drawn: CoAttendance, lang: str) -> pd.DataFrame:
    """Who met whom as the chart has it; a pair who never met: empty."""
    return _grid_table(
        drawn.rows,
        "participant_id",
        "name",
        t("col.participant", lang),
        "other_id",
        "other_name",
        "events",
    )


def _attendance_table(drawn: Attendance, lang: str) -> pd.DataFrame:
    """Events down in time order (with their day), people across: ✓ where they attended."""
    grid = drawn.rows
    ticked = grid.assign(attended=grid["attended"].map({True: "✓", False: ""}))
    table = _grid_table(
        ticked, "event_id", "title", t("col.title", lang), "participant_id", "name", "attended"
    )
    days = grid.drop_duplicates("event_id")["date"]
    table.insert(0, t("col.date", lang), [format_day(day.date(), lang) for day in days])
    return table


def _grid_table(
    grid: pd.DataFrame,
    row_id: str,
    row_name: str,
    heading: str,
    column_id: str,
    column_name: str,
    value: str,
) -> pd.DataFrame:
    """A grid metric as a table for people: rows and columns in the metric's (the chart's)
    order, row names in a first column headed ``heading`` (not a hidden index), names not ids,
    and every cell text, "" where the chart shows nothing (not 0, NaN or None).

    Column names must be unique for the page's table; two people of one name are told apart
    by their ids.
    """
    rows = grid.drop_duplicates(row_id)
    columns = grid.drop_duplicates(column_id)
    names = [str(name) for name in columns[column_name]]
    taken = {heading, *(name for name in names if names.count(name) > 1)}
    names = [
        f"{name} ({cid})" if name in taken else name
        for name, cid in zip(names, columns[column_id], strict=True)
    ]
    row_at = pd.Index(rows[row_id]).get_indexer(grid[row_id])
    column_at = pd.Index(columns[column_id]).get_indexer(grid[column_id])
    cells = np.full((len(rows), len(columns)), "", dtype=object)
    values = grid[value].to_numpy(dtype=object)
    cells[row_at, column_at] = ["" if pd.isna(v) or v in (0, "") else str(v) for v in values]
    table = pd.DataFrame(cells, columns=names, dtype="string")
    table.insert(0, heading, pd.Series(rows[row_name].astype(str).to_numpy(), dtype="string"))
    return table


# Chart[Any]: each entry is checked where it is made; the registry holds charts of every result.
CHARTS: tuple[Chart[Any], ...] = (
    Chart(
        "timeline",
        "timeline_chart",
        "when",
        # Lanes show each event's participants and topics; the density strip shows neither.
        metric=lambda shown, settings, _: metrics.timeline_of(
            metrics.timeline_rows(shown, labels=len(shown.events) <= metrics.MAX_LANES),
            settings.days,
        ),
        draw=lambda drawn, lang, _, encoding: charts.timeline(drawn, lang, encoding=encoding),
        table=_timeline_table,
        uses=frozenset({"days"}),
        # Lanes carry their event's id; a density strip's cells carry none, so never narrow.
        on_click=interaction.after_event_click,
    ),
    Chart(
        "topics",
        "topic_chart",
        "what",
        metric=lambda shown, settings, _: metrics.topic_frequency(
            shown, count_by=settings.count_by, split_by=settings.split_by
        ),
        draw=lambda frequency, lang, _, encoding: charts.topic_frequency_chart(
            frequency, lang, encoding
        ),
        table=_topic_table,
        uses=frozenset({"count_by", "split_by"}),
        controls=(Control("count_by", COUNT_BY), Control("split_by", SPLIT_BY)),
        on_click=interaction.after_topic_click,
    ),
    Chart(
        "co-attendance",
        "coattendance_chart",
        "who",
        metric=lambda shown, _, whole: metrics.co_attendance(shown, whole=whole),
        draw=lambda grid, lang, _, __: charts.co_attendance_heatmap(grid, lang),
        table=_co_attendance_table,
    ),
    Chart(
        "speakers-topics",
        "matrix_chart",
        "who",
        metric=lambda shown, _, whole: metrics.speaker_topic_counts(shown, whole=whole),
        draw=lambda counts, lang, _, __: charts.speaker_topic_heatmap(counts, lang),
        table=_speaker_topic_table,
    ),
    Chart(
        "attendance",
        "attendance_chart",
        "who",
        metric=lambda shown, _, whole: metrics.attendance_matrix(shown, whole=whole),
        draw=lambda grid, lang, _, __: charts.attendance_heatmap(grid, lang),
        table=_attendance_table,
    ),
)
CHART_NAMES = tuple(chart.name for chart in CHARTS)


def drawn(frames: Frames) -> tuple[Chart[Any], ...]:
    """The charts the page draws for a log: each registered one that says enough about it.

    Asked of the log's unfiltered frames, so a section never comes and goes with the filters
    (a three-person who-met-whom grid says little: ``charts.matrix.worth_drawing``).
    """
    return tuple(entry for entry in CHARTS if worth_drawing(entry.name, frames))


def sections(frames: Frames) -> tuple[Section, ...]:
    """The sections the page offers for a log: each with a chart worth drawing, and the
    statements (asked of the log's unfiltered frames, like :func:`drawn`)."""
    charted = {entry.section for entry in drawn(frames)}
    return tuple(s for s in SECTIONS if s in charted or s == "statements")


def chart(name: str) -> Chart[Any]:
    """The registered chart called ``name``."""
    return next(c for c in CHARTS if c.name == name)


def panel(
    entry: Chart[Any], shown: Frames, settings: ChartSettings, whole: Frames | None = None
) -> Panel:
    """``entry`` drawn for filtered frames, in the frames' language.

    Args:
        entry: The registered chart.
        shown: The filtered frames.
        settings: The reader's settings.
        whole: The log's unfiltered frames, which ``shown`` were filtered from; ``shown``
            itself when None (an unfiltered view, or a caller with no other context).
    """
    data = entry.metric(shown, settings, shown if whole is None else whole)
    return Panel(entry.name, entry.draw(data, shown.language, settings, shown.encoding), data)


def panels(
    shown: Frames, settings: ChartSettings | None = None, whole: Frames | None = None
) -> list[Panel]:
    """Every registered chart for filtered frames, in the page's order (see :func:`panel`)."""
    settings = settings or ChartSettings()
    return [panel(entry, shown, settings, whole) for entry in CHARTS]
