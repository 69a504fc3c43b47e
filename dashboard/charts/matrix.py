"""Two grids: who spoke about which topic, and who attended which event.

Rows and columns are keyed by id (a click maps back to ids); their labels are wrapped or cut for
the axes, with the full text in the hover. A cell with nothing in it is left empty, not coloured.
The longer of the two lists runs down the page: rows can be added without squeezing anything,
while 26 topics side by side left a phone a few pixels a column and no room for the numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    COUNT_SCALE,
    EMPTY_CELL,
    FLAT_OR_UPRIGHT,
    OWN_CELL,
    TEXT_COLOR,
    YES_CELL,
    day_label,
    escape,
    figure,
    hover,
    label,
    rows_height,
    upright_room,
    wrap,
)
from dashboard.i18n import t
from dashboard.joins import positions

CHECK = "✓"
# Row labels wrap onto two lines; column labels keep to one, so that standing upright on a
# narrow screen each is one line wide and fits its column.
ROW_CHARS = 22
COLUMN_CHARS = 22


def speaker_topic_heatmap(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Points by speaker and topic, each cell annotated with its count; the longer list runs down.

    Args:
        counts: ``metrics.speaker_topic_counts(frames)``, zeros included.
        lang: The frames' language, for interface words.
    """
    people = _axis(counts, "participant_id", "name")
    topics = _axis(counts, "topic_id", "label")
    values = _square(counts, "participant_id", people, "topic_id", topics, "count", 0).astype(
        "int64"
    )
    # Hover data is [person, topic, count] whichever way the grid is turned.
    custom = _cells(people.map(escape), topics.map(escape), values.astype(object))
    topics_down = len(topics) >= len(people)
    if topics_down:
        values, custom = values.T, custom.transpose(1, 0, 2)
    rows, columns = (topics, people) if topics_down else (people, topics)
    heat = {
        "type": "heatmap",
        # Zero is drawn as a gap, so "never spoke about it" reads as empty, not as a pale colour.
        "z": np.where(values > 0, values, np.nan),
        "x": list(columns.index),
        "y": list(rows.index),
        "text": np.where(values > 0, values.astype(str), ""),
        "texttemplate": "%{text}",
        "textfont": {"size": 15, "color": TEXT_COLOR},
        "customdata": custom,
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "zmax": max(1, int(values.max(initial=0))),
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": True,
        "hovertemplate": hover(
            [
                (label("chart.hover.topic", lang), "%{customdata[1]}"),
                (label("chart.hover.points", lang), "%{customdata[2]}"),
            ]
        ),
    }
    column_ticks = [wrap(v, COLUMN_CHARS, max_lines=1) for v in columns]
    axes = _grid_axes(rows, [wrap(v, ROW_CHARS) for v in rows], columns, column_ticks)
    person, topic = t("chart.axis.participant", lang), t("chart.axis.topic", lang)
    return figure(
        [heat],
        t("chart.speaker_topic.title", lang),
        x_title=person if topics_down else topic,
        y_title=topic if topics_down else person,
        height=_grid_height(len(rows), per_row=34, column_ticks=column_ticks),
        xaxis=axes["xaxis"],
        yaxis=axes["yaxis"],
        data=counts,
        lang=lang,
        meta={
            "chart": "speaker-topic",
            "rows": "topics" if topics_down else "participants",
            "participant_ids": list(people.index),
            "topic_ids": list(topics.index),
        },
        plot_bgcolor=EMPTY_CELL,
    )


def attendance_heatmap(grid: pd.DataFrame, lang: str) -> go.Figure:
    """Who attended which event, attended cells filled and ticked; the longer list runs down.

    Events keep their time order along their axis, each labelled with its day.

    Args:
        grid: ``metrics.attendance_matrix(frames)``.
        lang: The frames' language, for interface words.
    """
    people = _axis(grid, "participant_id", "name")
    events = _axis(grid, "event_id", "title")
    days = _axis(grid, "event_id", "date")
    day_text = [day_label(day.date(), lang) for day in days]
    attended = _square(grid, "participant_id", people, "event_id", events, "attended", False)
    attended = attended.astype(bool)
    event_text = pd.Series(
        [f"{escape(title)} ({day})" for title, day in zip(events, day_text, strict=True)]
    )
    status = np.where(attended, t("chart.attended", lang), t("chart.not_attended", lang))
    custom = _cells(people.map(escape), event_text, status.astype(object))
    events_down = len(events) >= len(people)
    if events_down:
        attended, custom = attended.T, custom.transpose(1, 0, 2)
    heat = {
        "type": "heatmap",
        "z": attended.astype(int),
        "x": list(people.index if events_down else events.index),
        "y": list(events.index if events_down else people.index),
        "text": np.where(attended, CHECK, ""),
        "texttemplate": "%{text}",
        "textfont": {"size": 18, "color": TEXT_COLOR},
        "customdata": custom,
        "colorscale": [[0, EMPTY_CELL], [1, YES_CELL]],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": hover(
            [(label("chart.hover.event", lang), "%{customdata[1]}"), ("", "%{customdata[2]}")]
        ),
    }
    if events_down:
        row_ticks = [
            f"{wrap(title, ROW_CHARS)}<br>{day}"
            for title, day in zip(events, day_text, strict=True)
        ]
        column_ticks = [wrap(name, COLUMN_CHARS, max_lines=1) for name in people]
        axes = _grid_axes(events, row_ticks, people, column_ticks)
    else:
        row_ticks = [wrap(name, ROW_CHARS) for name in people]
        column_ticks = [
            f"{wrap(title, COLUMN_CHARS, max_lines=1)}<br>{day}"
            for title, day in zip(events, day_text, strict=True)
        ]
        axes = _grid_axes(people, row_ticks, events, column_ticks)
    person, event = t("chart.axis.participant", lang), t("chart.axis.event", lang)
    return figure(
        [heat],
        t("chart.attendance.title", lang),
        x_title=person if events_down else event,
        y_title=event if events_down else person,
        height=_grid_height(
            len(events) if events_down else len(people),
            per_row=56 if events_down else 44,
            column_ticks=column_ticks,
        ),
        xaxis=axes["xaxis"],
        yaxis=axes["yaxis"],
        data=grid,
        lang=lang,
        meta={
            "chart": "attendance",
            "rows": "events" if events_down else "participants",
            "participant_ids": list(people.index),
            "event_ids": list(events.index),
        },
    )


def co_attendance_heatmap(grid: pd.DataFrame, lang: str) -> go.Figure:
    """Who met whom: events each pair attended together; the diagonal, each person's own events.

    The diagonal is drawn in grey, apart from the blue scale of the pairs: a person's own count
    is larger than any pair's and would wash the pairs out. Hover names the events and formats.

    Args:
        grid: ``metrics.co_attendance(frames)``.
        lang: The frames' language, for interface words.
    """
    people = _axis(grid, "participant_id", "name")
    index = list(people.index)

    cells = _cells_of(grid, "participant_id", people, "other_id", people)

    def square(column: str) -> np.ndarray:
        return _fill(grid, cells, column, "")

    counts = _fill(grid, cells, "events", 0).astype("int64")
    names = people.map(escape)
    custom = np.dstack(
        [
            np.broadcast_to(np.array(list(names), dtype=object)[:, None], counts.shape),
            np.broadcast_to(np.array(list(names), dtype=object)[None, :], counts.shape),
            counts.astype(object),
            _escaped(square("formats")),
            _escaped(square("titles")),
        ]
    )
    diagonal = np.eye(len(index), dtype=bool)
    together = label("chart.hover.together", lang)
    common = {
        "type": "heatmap",
        "x": index,
        "y": index,
        "customdata": custom,
        "texttemplate": "%{text}",
        "textfont": {"size": 15, "color": TEXT_COLOR},
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": False,
    }
    pairs = {
        **common,
        # A pair who never met is a gap, not the palest blue.
        "z": np.where(~diagonal & (counts > 0), counts, np.nan),
        "text": np.where(~diagonal & (counts > 0), counts.astype(str), ""),
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "zmax": max(1, int(np.where(diagonal, 0, counts).max(initial=0))),
        "hovertemplate": hover(
            [
                (label("chart.hover.with", lang), "%{customdata[1]}"),
                (together, "%{customdata[2]}"),
                (label("chart.hover.formats", lang), "%{customdata[3]}"),
                (label("chart.hover.which", lang), "%{customdata[4]}"),
            ]
        ),
    }
    own = {
        **common,
        "z": np.where(diagonal, counts, np.nan),
        "text": np.where(diagonal, counts.astype(str), ""),
        "colorscale": [[0, OWN_CELL], [1, OWN_CELL]],
        "hovertemplate": hover(
            [
                (label("chart.hover.own_events", lang), "%{customdata[2]}"),
                (label("chart.hover.formats", lang), "%{customdata[3]}"),
                (label("chart.hover.which", lang), "%{customdata[4]}"),
            ]
        ),
    }
    ticks = [wrap(name, COLUMN_CHARS, max_lines=1) for name in people]
    axes = _grid_axes(people, [wrap(name, ROW_CHARS) for name in people], people, ticks)
    person = t("chart.axis.participant", lang)
    return figure(
        [pairs, own],
        t("chart.co_attendance.title", lang),
        x_title=person,
        y_title=person,
        height=_grid_height(len(index), per_row=44, column_ticks=ticks),
        xaxis=axes["xaxis"],
        yaxis=axes["yaxis"],
        data=grid,
        lang=lang,
        key=t("chart.co_attendance.key", lang),
        meta={"chart": "co-attendance", "participant_ids": index},
        plot_bgcolor=EMPTY_CELL,
    )


def _axis(frame: pd.DataFrame, id_column: str, label_column: str) -> pd.Series:
    """Labels by id, in the order the metrics gave them (each id's first row)."""
    ids = frame[id_column].to_numpy(dtype=object)
    _, first = np.unique(ids, return_index=True)
    first.sort()
    labels = frame[label_column].to_numpy(dtype=object)[first]
    return pd.Series(
        [label if not pd.isna(label) else "" for label in labels],
        index=[str(i) for i in ids[first]],
        dtype=object,
    )


def _square(
    frame: pd.DataFrame,
    row_id: str,
    rows: pd.Series,
    column_id: str,
    columns: pd.Series,
    value: str,
    missing: object,
) -> np.ndarray:
    """``frame[value]`` laid out as rows × columns (given by their ids), ``missing`` elsewhere.

    A pivot and a reindex cost a few milliseconds each on a 3 × 26 grid; this costs
    microseconds, and the grids are at most MAX_PEOPLE × MAX_TOPICS.
    """
    return _fill(frame, _cells_of(frame, row_id, rows, column_id, columns), value, missing)


def _cells_of(
    frame: pd.DataFrame, row_id: str, rows: pd.Series, column_id: str, columns: pd.Series
) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Each row of ``frame``'s cell (row, column) in the grid; -1 where it has none."""
    row = positions(frame[row_id], pd.Series(rows.index, dtype="string"))
    column = positions(frame[column_id], pd.Series(columns.index, dtype="string"))
    return row, column, (len(rows), len(columns))


def _fill(
    frame: pd.DataFrame,
    cells: tuple[np.ndarray, np.ndarray, tuple[int, int]],
    value: str,
    missing: object,
) -> np.ndarray:
    row, column, shape = cells
    out = np.full(shape, missing, dtype=object)
    known = (row >= 0) & (column >= 0)
    out[row[known], column[known]] = frame[value].to_numpy(dtype=object)[known]
    return out


def _escaped(texts: np.ndarray) -> np.ndarray:
    return np.array([[escape(text) for text in row] for row in texts], dtype=object).reshape(
        texts.shape
    )


def _cells(rows: pd.Series, columns: pd.Series, values: np.ndarray) -> np.ndarray:
    """Per-cell hover data, [row text, column text, value], from already escaped texts."""
    shape = (len(rows), len(columns))
    row_text = np.array(list(rows), dtype=object)[:, None]
    column_text = np.array(list(columns), dtype=object)[None, :]
    return np.dstack(
        [
            np.broadcast_to(row_text, shape),
            np.broadcast_to(column_text, shape),
            np.broadcast_to(values, shape),
        ]
    )


def _grid_axes(
    rows: pd.Series,
    row_ticks: list[str],
    columns: pd.Series,
    column_ticks: list[str],
) -> dict[str, dict[str, Any]]:
    """Rows top to bottom in the given order; column labels below the grid, flat or upright.

    Flat or upright, never slanted: slanted labels pile into each other and out past the
    corners on a narrow screen. Below, because above the grid they would run into the title:
    Plotly makes room for them, but not for them and the title together.
    """
    return {
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(rows.index),
            "ticktext": row_ticks,
            "autorange": "reversed",
            "showgrid": False,
        },
        "xaxis": {
            "tickmode": "array",
            "tickvals": list(columns.index),
            "ticktext": column_ticks,
            "autotickangles": FLAT_OR_UPRIGHT,
            "showgrid": False,
        },
    }


def _grid_height(rows: int, per_row: int, column_ticks: list[str]) -> int:
    """Room for every row, plus the column labels standing upright, which a phone may need.

    Where they lie flat (a laptop), the rows share the room they would have taken.
    """
    return rows_height(rows, per_row=per_row, chrome=190 + upright_room(column_ticks), minimum=300)
