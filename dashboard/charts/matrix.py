"""Two grids: who spoke about which topic, and who attended which event.

Rows and columns are keyed by id (a click maps back to ids); their labels are wrapped or cut for
the axes, with the full text in the hover. A cell with nothing in it is left empty, not coloured.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    BLUE,
    COUNT_SCALE,
    EMPTY_CELL,
    base_layout,
    day_label,
    escape,
    hover,
    label,
    rows_height,
    wrap,
)
from dashboard.i18n import t

CHECK = "✓"


def speaker_topic_heatmap(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Points by speaker (rows) and topic (columns), each cell annotated with its count.

    Args:
        counts: ``metrics.speaker_topic_counts(frames)``, zeros included.
        lang: The frames' language, for interface words.
    """
    people = _axis(counts, "participant_id", "name")
    topics = _axis(counts, "topic_id", "label")
    grid = counts.pivot(index="participant_id", columns="topic_id", values="count")
    grid = grid.reindex(index=people.index, columns=topics.index).fillna(0).astype("int64")
    values = grid.to_numpy()
    custom = _cells(people.map(escape), topics.map(escape), values.astype(object))
    fig = go.Figure(
        go.Heatmap(
            # Zero is drawn as a gap, so "never spoke about it" reads as empty, not as a pale colour.
            z=np.where(values > 0, values, np.nan),
            x=list(topics.index),
            y=list(people.index),
            text=np.where(values > 0, values.astype(str), ""),
            texttemplate="%{text}",
            customdata=custom,
            colorscale=COUNT_SCALE,
            zmin=0,
            zmax=max(1, int(values.max(initial=0))),
            showscale=False,
            xgap=2,
            ygap=2,
            hoverongaps=True,
            hovertemplate=hover(
                [
                    (label("chart.hover.topic", lang), "%{customdata[1]}"),
                    (label("chart.hover.points", lang), "%{customdata[2]}"),
                ]
            ),
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(topics.index),
        # One slanted line per topic: wrapped lines would run into their neighbours.
        ticktext=[wrap(v, 24, max_lines=1) for v in topics],
        tickangle=-45,
    )
    _people_axis(fig, people)
    fig.update_layout(plot_bgcolor=EMPTY_CELL)
    return base_layout(
        fig,
        t("chart.speaker_topic.title", lang),
        x_title=t("chart.axis.topic", lang),
        y_title=t("chart.axis.participant", lang),
        height=rows_height(len(people), per_row=40, chrome=260, minimum=340),
        data=counts,
        lang=lang,
        meta={
            "chart": "speaker-topic",
            "participant_ids": list(people.index),
            "topic_ids": list(topics.index),
        },
    )


def attendance_heatmap(grid: pd.DataFrame, lang: str) -> go.Figure:
    """Participants (rows) by events (columns, in time order), attended cells filled and ticked.

    Args:
        grid: ``metrics.attendance_matrix(frames)``.
        lang: The frames' language, for interface words.
    """
    people = _axis(grid, "participant_id", "name")
    events = _axis(grid, "event_id", "title")
    days = grid.drop_duplicates("event_id").set_index("event_id")["date"].reindex(events.index)
    attended = (
        grid.pivot(index="participant_id", columns="event_id", values="attended")
        .reindex(index=people.index, columns=events.index)
        .fillna(False)
        .astype(bool)
        .to_numpy()
    )
    event_text = [
        f"{escape(title)} ({day_label(day.date(), lang)})"
        for title, day in zip(events, days, strict=True)
    ]
    status = np.where(attended, t("chart.attended", lang), t("chart.not_attended", lang))
    custom = _cells(people.map(escape), pd.Series(event_text), status.astype(object))
    fig = go.Figure(
        go.Heatmap(
            z=attended.astype(int),
            x=list(events.index),
            y=list(people.index),
            text=np.where(attended, CHECK, ""),
            texttemplate="%{text}",
            textfont={"size": 18},
            customdata=custom,
            colorscale=[[0, EMPTY_CELL], [1, BLUE]],
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=hover(
                [(label("chart.hover.event", lang), "%{customdata[1]}"), ("", "%{customdata[2]}")]
            ),
        )
    )
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(events.index),
        side="bottom",
        ticktext=[
            f"{wrap(title, 20, max_lines=2)}<br>{day_label(day.date(), lang)}"
            for title, day in zip(events, days, strict=True)
        ],
        tickangle=0 if len(events) <= 6 else -45,
    )
    _people_axis(fig, people)
    return base_layout(
        fig,
        t("chart.attendance.title", lang),
        x_title=t("chart.axis.event", lang),
        y_title=t("chart.axis.participant", lang),
        height=rows_height(len(people), per_row=44, chrome=230, minimum=300),
        data=grid,
        lang=lang,
        meta={
            "chart": "attendance",
            "participant_ids": list(people.index),
            "event_ids": list(events.index),
        },
    )


def _axis(frame: pd.DataFrame, id_column: str, label_column: str) -> pd.Series:
    """Labels by id, in the order the metrics gave them."""
    pairs = frame.drop_duplicates(id_column)
    return pd.Series(
        pairs[label_column].astype("object").fillna("").to_numpy(),
        index=[str(i) for i in pairs[id_column]],
        dtype=object,
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


def _people_axis(fig: go.Figure, people: pd.Series) -> None:
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(people.index),
        autorange="reversed",
        ticktext=[wrap(name, 24) for name in people],
        showgrid=False,
    )
    fig.update_xaxes(showgrid=False)
