"""Three grids: who met whom, who spoke about which topic, and who attended which event.

Each grid keeps one shape in every view: people run across the top (short names, flat), topics
and events run down in the log's order, and a row or column with nothing in view stays in its
place with a pale label instead of vanishing. Colours are fixed to the whole visit's largest
count, so a "1" has the same shade under any filter. Every cell's hover names its row, its
column and its value, with full names; the tick labels are never cut, only wrapped on words.

Rows and columns are keyed by id (the layout's meta, and each trace's ``x``); each cell's
customdata is its hover text alone: no grid is clicked, and ids in every cell were a fifth of
what a grid sent.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    COUNT_SCALE,
    COUNTS,
    EMPTY_CELL,
    OWN_CELL,
    TEXT_COLOR,
    YES_CELL,
    day_label,
    escape,
    figure,
)
from dashboard.charts.style import (
    row_title as style_row_title,
)
from dashboard.i18n import count, t
from dashboard.joins import positions
from dashboard.load import Frames
from dashboard.metrics import Attendance, CoAttendance, Kept, SpeakerTopics

CHECK = "✓"
# Characters per line of a row label, and of a person's name across the top. Labels wrap on
# words into as many lines as they need and are never cut: the label column is as wide as the
# longest line (Plotly's automargin), and each row as tall as its own label's lines.
ROW_CHARS = 22
COLUMN_CHARS = 10
HOVER_CHARS = 44
# About how many characters of names fit side by side across a phone's grid (some 160 px
# beside the row labels); more, and every other name is raised to a line of its own.
PHONE_CHARS = 24

# Plotly spaces the lines of a label 1.3 em of the axis's tick font apart and offers no setting
# for it (plotly.js svg_text_utils, LINE_SPACING). Devanagari's marks above and below the line
# touch at 1.3, so the tick font is set larger than the text, which is written at LABEL_SIZE in
# a span: lines then sit LINE_FONT × 1.3 = 19.5 px apart, 1.5 × the 13 px text.
LABEL_SIZE = 13
LINE_FONT = 15
LINE_PX = LINE_FONT * 1.3
# A row's least height: room for the number in its cells.
MIN_ROW = 32
# Each cell's hover is its customdata, a string.
HOVER = "%{customdata}<extra></extra>"
# A label whose row or column has nothing in view: paler than the others, still 4.5:1 on white.
EMPTY_LABEL = "#767676"

# The who-met-whom grid is worth its room only with enough people: with three, its three pairs
# are a sentence, and the attendance grid beside it already shows who was at what.
MIN_PEOPLE_TO_MEET = 4


def worth_drawing(name: str, frames: Frames) -> bool:
    """Whether chart ``name`` says enough about this log to be drawn (the page asks).

    Who met whom needs at least ``MIN_PEOPLE_TO_MEET`` participants who attended an event of
    the log; every other chart is always worth drawing. Ask with the whole log's frames, not a
    filtered view's, so that a section does not come and go with the filters.

    Args:
        name: A registered chart's name (``panels.CHART_NAMES``).
        frames: The log's unfiltered frames.
    """
    if name != "co-attendance":
        return True
    return int(frames.attendance["participant_id"].nunique()) >= MIN_PEOPLE_TO_MEET


def _leaders(data: pd.DataFrame, who: str, value: str) -> tuple[list[str], int]:
    """Whoever has the most of ``value`` summed by ``who`` (all of them when tied), and how much."""
    if data.empty:
        return [], 0
    totals = data.groupby(who, sort=False)[value].sum()
    return _most({str(name): int(n) for name, n in totals.items()})


def _most(totals: dict[str, int]) -> tuple[list[str], int]:
    """The names with the largest total, and that total; ([], 0) for none."""
    most = int(max(totals.values(), default=0))
    return [str(name) for name, n in totals.items() if n == most], most


def _finding(key: str, leaders: tuple[list[str], int], noun: str, lang: str) -> str:
    """The grid's question, then what it finds: "Who spoke about what: <name> most, <n>
    statements in their own words". The question alone when nothing is in view; a tie is
    counted, not named, past two people (past one pair: a pair's name has an "and" already)."""
    names, most = leaders
    question = t(f"{key}.title", lang)
    if not most:
        return question
    pairs = key == "chart.co_attendance"
    who = (
        t("and", lang).join(names)
        if len(names) <= (1 if pairs else 2)
        else t("chart.finding.tied_pairs" if pairs else "chart.finding.tied", lang, k=len(names))
    )
    return t(f"{key}.finding", lang, question=question, who=who, n=count(most, noun, lang))


def voiced_cell(said: int, agreed: int) -> str:
    """A cell's text: their own statements, then "(+n)" for joint readouts; "" for none."""
    return f"{said or ''} {f'(+{agreed})' if agreed else ''}".strip()


def _voiced(said: int, agreed: int, lang: str) -> str:
    """ "2 statements said · 1 agreed jointly", leaving out a part that is zero."""
    parts = [t("chart.voice.said", lang, n=count(said, "point", lang))] * bool(said)
    parts += [t("chart.voice.agreed", lang, n=count(agreed, "point", lang))] * bool(agreed)
    return "\n".join(parts)


def speaker_topic_heatmap(drawn: SpeakerTopics, lang: str) -> go.Figure:
    """Statements by speaker (columns, on top) and topic (rows), each cell with its count.

    Args:
        drawn: ``metrics.speaker_topic_counts(frames, whole=...)``, zeros included.
        lang: The frames' language, for interface words.
    """
    counts = drawn.rows
    people = _axis(counts, "participant_id", "name", "short_name")
    topics = _axis(counts, "topic_id", "label", "short_label")
    values = _square(counts, "topic_id", topics, "participant_id", people, "count", 0)
    values = values.astype("int64")
    # Their own words fill the cell; a joint readout is written beside them, "(+1)", unfilled.
    agreed = _square(counts, "topic_id", topics, "participant_id", people, "agreed", 0)
    agreed = agreed.astype("int64")
    said = values - agreed
    nothing = "chart.hover.no_points_in_view" if drawn.filtered else "chart.hover.no_points"
    words = np.array(
        [
            [
                _voiced(int(s), int(a), lang) if s or a else t(nothing, lang)
                for s, a in zip(r, q, strict=True)
            ]
            for r, q in zip(said, agreed, strict=True)
        ],
        dtype=object,
    ).reshape(values.shape)
    text = np.array(
        [
            [voiced_cell(int(s), int(a)) for s, a in zip(r, q, strict=True)]
            for r, q in zip(said, agreed, strict=True)
        ],
        dtype=object,
    ).reshape(values.shape)
    heat = {
        "type": "heatmap",
        # Zero is drawn as a gap, so "never spoke about it" reads as empty, not as a pale colour.
        "z": np.where(said > 0, said, np.nan).astype(COUNTS),
        "x": list(people.index),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 15, "color": TEXT_COLOR},
        "customdata": _hovers(people, topics, words),
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "zmax": _scale_max(drawn.scale_max, said),
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": True,
        "hovertemplate": HOVER,
    }
    return _grid(
        [heat],
        (drawn.people, drawn.topics),
        lang,
        title=_finding("chart.speaker_topic", _most(dict(drawn.statements_said)), "point", lang),
        key=t("chart.voice.key", lang) if agreed.any() else "",
        rows=topics,
        row_ticks=[
            _tick(label, ROW_CHARS, pale=not n)
            for label, n in zip(topics["short"], values.sum(axis=1), strict=True)
        ],
        row_empty=values.sum(axis=1) == 0,
        row_title=t("chart.axis.topic", lang),
        people=people,
        people_empty=values.sum(axis=0) == 0,
        meta={
            "chart": "speakers-topics",
            "participant_ids": list(people.index),
            "topic_ids": list(topics.index),
        },
    )


def attendance_heatmap(drawn: Attendance, lang: str) -> go.Figure:
    """Who attended which event: people across the top, events down in time order, each with
    its day; attended cells filled and ticked, events out of view pale.

    Args:
        drawn: ``metrics.attendance_matrix(frames, whole=...)``.
        lang: The frames' language, for interface words.
    """
    grid = drawn.rows
    people = _axis(grid, "participant_id", "name", "short_name")
    events = _axis(grid, "event_id", "title", "title")
    dates = _column(grid, "event_id", events, "date")
    days = [day_label(pd.Timestamp(day).date(), lang) for day in dates]
    in_view = _column(grid, "event_id", events, "in_view").astype(bool)
    attended = _square(grid, "event_id", events, "participant_id", people, "attended", False)
    attended = attended.astype(bool)
    status = [
        [
            t("chart.attended", lang)
            if present
            else t("chart.not_attended", lang)
            if shown
            else t("chart.not_in_view", lang)
            for present in row
        ]
        for row, shown in zip(attended, in_view, strict=True)
    ]
    words = np.array(
        [[f"{day} · {word}" for word in row] for row, day in zip(status, days, strict=True)],
        dtype=object,
    ).reshape(attended.shape)
    heat = {
        "type": "heatmap",
        "z": attended.astype("uint8"),
        "x": list(people.index),
        "text": np.where(attended, CHECK, ""),
        "texttemplate": "%{text}",
        "textfont": {"size": 18, "color": TEXT_COLOR},
        "customdata": _hovers(people, events, words, escaped=True),
        "colorscale": [[0, EMPTY_CELL], [1, YES_CELL]],
        "zmin": 0,
        "zmax": 1,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": HOVER,
    }
    row_ticks = [
        _tick(title, ROW_CHARS, pale=not shown, after=[day])
        for title, day, shown in zip(events["full"], days, in_view, strict=True)
    ]
    return _grid(
        [heat],
        (drawn.people, drawn.events),
        lang,
        title=_finding(
            "chart.attendance",
            _leaders(grid[grid["in_view"]], "name", "attended"),
            "event",
            lang,
        ),
        rows=events,
        row_ticks=row_ticks,
        row_empty=~in_view,
        row_title=t("chart.axis.event", lang),
        people=people,
        people_empty=np.asarray(~attended.any(axis=0)),
        meta={
            "chart": "attendance",
            "participant_ids": list(people.index),
            "event_ids": list(events.index),
        },
    )


def co_attendance_heatmap(drawn: CoAttendance, lang: str) -> go.Figure:
    """Who met whom: events each pair attended together; the diagonal, each person's own events.

    The diagonal is drawn in grey, apart from the blue scale of the pairs: a person's own count
    is larger than any pair's and would wash the pairs out. Hover names both people, the
    events and their formats.

    Args:
        drawn: ``metrics.co_attendance(frames, whole=...)``.
        lang: The frames' language, for interface words.
    """
    grid = drawn.rows
    people = _axis(grid, "participant_id", "name", "short_name")
    cells = _cells_of(grid, "participant_id", people, "other_id", people)
    counts = _fill(grid, cells, "events", 0).astype("int64")
    titles = _fill(grid, cells, "titles", "")
    diagonal = np.eye(len(people), dtype=bool)
    words = np.empty(counts.shape, dtype=object)
    never = "chart.hover.not_together_in_view" if drawn.filtered else "chart.hover.never_together"
    for (i, j), n in np.ndenumerate(counts):
        if n == 0:
            words[i, j] = escape(t(never, lang))
            continue
        key = "chart.hover.own_n" if i == j else "chart.hover.together_n"
        # Each event on a line of its own, with its format: "Talks with … (in person)".
        events = [_wrapped(part, HOVER_CHARS) for part in str(titles[i, j]).split("; ")]
        words[i, j] = "<br>".join([escape(t(key, lang, events=int(n))), *events])
    hovers = _hovers(people, people, words, escaped=True, row_first=True)
    # A person's own cell names them once: its row and its column are the same person.
    for i, name in enumerate(people["full"]):
        heading = f"<b>{_wrapped(name, HOVER_CHARS)}</b>"
        hovers[i, i] = f"{heading}<br>{words[i, i]}"
    common = {
        "type": "heatmap",
        "x": list(people.index),
        "texttemplate": "%{text}",
        "textfont": {"size": 15, "color": TEXT_COLOR},
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
    }
    pairs = {
        **common,
        # A pair who never met is a gap, not the palest blue.
        "z": np.where(~diagonal & (counts > 0), counts, np.nan).astype(COUNTS),
        "text": np.where(~diagonal & (counts > 0), counts.astype(str), ""),
        "colorscale": COUNT_SCALE,
        "zmin": 0,
        "zmax": _scale_max(drawn.scale_max, np.where(diagonal, 0, counts)),
        # This trace hovers for every cell, gaps and the diagonal included; the grey one skips.
        "customdata": hovers,
        "hoverongaps": True,
        "hovertemplate": HOVER,
    }
    own = {
        **common,
        "z": np.where(diagonal, counts, np.nan).astype(COUNTS),
        "text": np.where(diagonal, counts.astype(str), ""),
        "colorscale": [[0, OWN_CELL], [1, OWN_CELL]],
        "hoverinfo": "skip",
        "hoverongaps": False,
    }
    empty = np.diag(counts) == 0
    return _grid(
        [pairs, own],
        (drawn.people,),
        lang,
        title=_finding(
            "chart.co_attendance",
            _leaders(
                grid[grid["participant_id"] < grid["other_id"]].assign(
                    pair=lambda pairs: pairs["name"] + t("and", lang) + pairs["other_name"]
                ),
                "pair",
                "events",
            ),
            "event",
            lang,
        ),
        rows=people,
        row_ticks=[
            _tick(name, ROW_CHARS, pale=bool(e))
            for name, e in zip(people["short"], empty, strict=True)
        ],
        row_empty=empty,
        row_title=t("chart.axis.participant", lang),
        people=people,
        people_empty=empty,
        meta={"chart": "co-attendance", "participant_ids": list(people.index)},
        key=t("chart.co_attendance.key", lang),
        # People's rows hold one line each: taller than that, so that the cells are not slivers.
        min_row=48,
    )


def _grid(
    traces: list[dict[str, Any]],
    kept: Sequence[Kept],
    lang: str,
    *,
    title: str,
    rows: pd.DataFrame,
    row_ticks: list[str],
    row_empty: np.ndarray,
    row_title: str,
    people: pd.DataFrame,
    people_empty: np.ndarray,
    meta: dict[str, Any],
    key: str = "",
    min_row: int = MIN_ROW,
) -> go.Figure:
    """A grid's figure: people across the top, flat; rows down in their order, top first.

    Each row is as tall as its own label's lines (the y axis counts pixels, each trace's ``y``
    the rows' edges), so one long topic does not make every row as tall as itself; the room
    the names on top need (their lines and the axis title) is kept between subtitle and grid.
    """
    column_ticks = _staggered(
        [
            _tick(name, COLUMN_CHARS, pale=bool(empty))
            for name, empty in zip(people["short"], people_empty, strict=True)
        ]
    )
    heights = [max(min_row, round(_line_count(tick) * LINE_PX + 12)) for tick in row_ticks]
    edges = np.concatenate([[0], np.cumsum(heights, dtype="int64")])
    for trace in traces:
        trace["y"] = edges
    top = round(max(map(_line_count, column_ticks), default=1) * LINE_PX) + 40
    empties = bool(row_empty.any() or people_empty.any())
    key = " · ".join(part for part in (key, t("chart.empty_rows", lang) if empties else "") if part)
    return figure(
        traces,
        title,
        x_title=t("chart.axis.participant", lang),
        # The rows' title lies flat in the corner above their labels: a y-axis title stands
        # upright, and Devanagari must never be turned.
        y_title="",
        height=0,
        # Each row exactly as tall as its label needs; the margins hold the rest.
        plot_height=int(edges[-1]),
        xaxis={
            "tickmode": "array",
            "tickvals": list(people.index),
            "ticktext": column_ticks,
            "side": "top",
            # Flat, always: names standing upright (Devanagari above all) are hard to read.
            "tickangle": 0,
            "tickfont": {"size": LINE_FONT},
            "showgrid": False,
        },
        yaxis={
            "tickmode": "array",
            "tickvals": ((edges[:-1] + edges[1:]) / 2).tolist(),
            "ticktext": row_ticks,
            "range": [int(edges[-1]), 0],
            "tickfont": {"size": LINE_FONT},
            "showgrid": False,
        },
        kept=kept,
        lang=lang,
        key=key,
        meta=meta,
        top_room=top,
        plot_bgcolor=EMPTY_CELL,
        annotations=[style_row_title(row_title)],
        # At least as wide as that title; Plotly widens it further for the row labels.
        margin={"l": 24 + round(_shown_width(row_title) * 8.5)},
    )


def _staggered(ticks: list[str]) -> list[str]:
    """Names across the top, every other one raised above its neighbours when they would not
    fit side by side on a phone, so that flat names never run into each other.

    A name a column is too narrow for may then take two columns' width. Each raised name gets
    empty lines below it: Plotly sets a label on top of the axis by its last line.
    """
    if len(ticks) * max(map(_line_width, ticks), default=0) <= PHONE_CHARS:
        return ticks
    below = "<br>" + f'<span style="font-size:{LABEL_SIZE}px">&nbsp;</span>'
    lines = max(map(_line_count, ticks))
    return [tick + below * lines if i % 2 else tick for i, tick in enumerate(ticks)]


def _line_width(tick: str) -> int:
    """The shown width of a tick label's widest line."""
    return max(
        (_shown_width(html.unescape(re.sub(r"<[^>]+>", "", line))) for line in tick.split("<br>")),
        default=0,
    )


def _line_count(tick: str) -> int:
    return tick.count("<br>") + 1


def _tick(text: object, width: int, *, pale: bool = False, after: Sequence[str] = ()) -> str:
    """A tick label: the text wrapped on words (never cut), then ``after``'s escaped lines.

    Each line is a span at ``LABEL_SIZE`` inside the larger tick font, for a line height of 1.5;
    a ``pale`` label (nothing in view) is written in ``EMPTY_LABEL``.
    """
    lines = [escape(line) for line in _lines(str(text), width)] + list(after)
    style = f"font-size:{LABEL_SIZE}px" + (f";color:{EMPTY_LABEL}" if pale else "")
    return "<br>".join(f'<span style="{style}">{line}</span>' for line in lines)


def _lines(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines about ``width`` characters wide; a longer word keeps
    a line of its own, whole.

    Width is counted as it shows: Devanagari's vowel signs and marks above or below a letter
    (Unicode's non-spacing marks) take no room of their own, so a Hindi label is not broken
    half as wide as an English one.
    """
    lines: list[str] = []
    line, room = "", 0
    for word in text.split():
        size = _shown_width(word)
        if line and room + 1 + size > width:
            lines.append(line)
            line, room = "", 0
        line, room = (f"{line} {word}", room + 1 + size) if line else (word, size)
    return [*lines, line]


def _shown_width(text: str) -> int:
    return sum(unicodedata.category(char) != "Mn" for char in text)


def _wrapped(text: str, width: int) -> str:
    return "<br>".join(escape(line) for line in _lines(text, width))


def _hovers(
    columns: pd.DataFrame,
    rows: pd.DataFrame,
    words: np.ndarray,
    *,
    escaped: bool = False,
    row_first: bool = False,
) -> np.ndarray:
    """Each cell's hover: "<b>column · row</b>" in full names (a person first), then its words.

    Args:
        columns: The grid's columns (people), with their full names.
        rows: The grid's rows, with their full names.
        words: Per cell (rows × columns), what it holds, e.g. "3 statements".
        escaped: Whether ``words`` are markup already; plain text is escaped.
        row_first: Name the row first (who met whom: each cell along a person's row starts
            with them).
    """
    out = np.empty((len(rows), len(columns)), dtype=object)
    for i, row in enumerate(rows["full"]):
        for j, column in enumerate(columns["full"]):
            pair = (row, column) if row_first else (column, row)
            heading = _wrapped(" · ".join(pair), HOVER_CHARS)
            # Plain text's own line breaks (one per voice) become the hover's.
            value = words[i, j] if escaped else escape(words[i, j]).replace("\n", "<br>")
            out[i, j] = f"<b>{heading}</b><br>{value}"
    return out


def _scale_max(whole: int, values: np.ndarray) -> int:
    """The top of the colour scale: the whole visit's largest count, or the view's if larger."""
    return max(1, whole, int(values.max(initial=0)))


def _axis(frame: pd.DataFrame, id_column: str, full: str, short: str) -> pd.DataFrame:
    """An axis's ids (the index), full and short labels, in the order the metrics gave them."""
    ids = frame[id_column].to_numpy(dtype=object)
    _, first = np.unique(ids, return_index=True)
    first.sort()

    def text(column: str) -> list[str]:
        values = frame[column].to_numpy(dtype=object)[first]
        return ["" if pd.isna(value) else str(value) for value in values]

    fulls = text(full)
    shorts = [s or f for s, f in zip(text(short), fulls, strict=True)]
    return pd.DataFrame(
        {"full": fulls, "short": shorts}, index=[str(i) for i in ids[first]], dtype=object
    )


def _column(frame: pd.DataFrame, id_column: str, axis: pd.DataFrame, value: str) -> np.ndarray:
    """``frame[value]`` of each of ``axis``' ids (its first row)."""
    at = positions(pd.Series(axis.index, dtype="string"), frame[id_column])
    return frame[value].to_numpy()[at] if len(at) else np.zeros(0, dtype=object)


def _square(
    frame: pd.DataFrame,
    row_id: str,
    rows: pd.DataFrame,
    column_id: str,
    columns: pd.DataFrame,
    value: str,
    missing: object,
) -> np.ndarray:
    """``frame[value]`` laid out as rows × columns (given by their ids), ``missing`` elsewhere.

    A pivot and a reindex cost a few milliseconds each on a 3 × 26 grid; this costs
    microseconds, and the grids are at most MAX_PEOPLE × MAX_TOPICS.
    """
    return _fill(frame, _cells_of(frame, row_id, rows, column_id, columns), value, missing)


def _cells_of(
    frame: pd.DataFrame,
    row_id: str,
    rows: pd.DataFrame,
    column_id: str,
    columns: pd.DataFrame,
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
