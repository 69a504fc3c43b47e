"""The three grids (who met whom, who spoke about what, who attended what) and their tables:
named cells, labels that are never cut or turned, axes and colours that stay put under filters."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import panels
from dashboard.charts import matrix
from dashboard.charts.matrix import (
    EMPTY_LABEL,
    LABEL_SIZE,
    attendance_heatmap,
    co_attendance_heatmap,
    speaker_topic_heatmap,
    worth_drawing,
)
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.load import Frames, build_frames, read_log
from dashboard.metrics import Kept, attendance_matrix, co_attendance, speaker_topic_counts

GRIDS = ("co-attendance", "speakers-topics", "attendance")
# Each grid's rows: which meta list holds their ids, and which of the log's tables names them.
ROWS = {
    "co-attendance": "participant_ids",
    "speakers-topics": "topic_ids",
    "attendance": "event_ids",
}
DRAW = {
    "co-attendance": co_attendance_heatmap,
    "speakers-topics": speaker_topic_heatmap,
    "attendance": attendance_heatmap,
}
# Views a reader can reach, each narrowing something different.
VIEWS = {
    "all": Filters(),
    "syria": Filters(topics=frozenset({"syria"})),
    "putin": Filters(participants=frozenset({"putin"})),
    "13 May": Filters(start=date(2021, 5, 13)),
    "12 May": Filters(end=date(2021, 5, 12)),
    "virtual": Filters(formats=frozenset({"virtual"})),
    "quartet": Filters(search="Quartet"),
    "lavrov on climate": Filters(
        topics=frozenset({"climate-change"}), participants=frozenset({"lavrov"})
    ),
}


def _grid(name: str, frames: Frames, filters: Filters | None = None) -> panels.Panel:
    """The grid ``name`` as the page draws it for a view of ``frames`` (all of it by default)."""
    shown = (filters or Filters()).apply(frames)
    return panels.panel(panels.chart(name), shown, panels.ChartSettings(), frames)


def _text(markup: str) -> str:
    """What a reader sees of a label or hover: tags gone, lines joined, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _names(frames: Frames) -> dict[str, str]:
    """Every participant's, topic's and event's full name by id, in the frames' language."""
    return {
        **_by_id(frames.participants, "participant_id", "name"),
        **_by_id(frames.topics, "topic_id", "label"),
        **_by_id(frames.events, "event_id", "title"),
    }


def _by_id(table: pd.DataFrame, ids: str, column: str) -> dict[str, str]:
    return dict(zip(table[ids], table[column], strict=True))


def _hover_trace(fig: go.Figure) -> Any:
    """The one trace that hovers (who met whom's grey diagonal trace skips)."""
    [trace] = [trace for trace in fig.data if trace.hoverinfo != "skip"]
    return trace


# Hovers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["all", "syria", "13 May"])
@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("name", GRIDS)
def test_every_cell_hover_names_its_row_and_its_column(
    request: pytest.FixtureRequest, name: str, lang: str, view: str
) -> None:
    """Each cell's hover holds its row's and its column's full names, gaps and out-of-view
    rows included, and the hover shows exactly that text."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    fig = _grid(name, frames, VIEWS[view]).figure
    trace, names = _hover_trace(fig), _names(frames)
    rows, columns = fig.layout.meta[ROWS[name]], fig.layout.meta["participant_ids"]
    assert trace.hovertemplate == "%{customdata}<extra></extra>"
    assert trace.hoverongaps is not False
    # The hover alone, one string a cell: the ids are the layout's meta, sent once.
    custom = np.asarray(trace.customdata, dtype=object)
    assert custom.shape == (len(rows), len(columns))
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            shown = _text(custom[i, j])
            assert names[row] in shown and names[column] in shown, (row, column, shown)


def test_speaker_hover_reads_person_topic_and_count(frames_en: Frames) -> None:
    """Guterres × Syria reads "António Guterres · Syria", then his own statements and the joint
    readout apart; a zero says so."""
    fig = _grid("speakers-topics", frames_en).figure
    cell = _cell(fig, "syria", "guterres")
    assert (
        _text(cell)
        == "António Guterres · Syria 2 statements in their own words 1 statement agreed jointly"
    )
    assert cell.startswith("<b>António Guterres · Syria</b>")
    assert _text(_cell(fig, "biodiversity", "lavrov")).endswith("no statements")


def test_who_met_whom_names_both_people_in_hindi_and_says_virtual(frames_hi: Frames) -> None:
    """Guterres × Lavrov names both (no longer Lavrov twice); Guterres × Putin names their
    virtual meeting; Lavrov × Putin says they never met."""
    fig = _grid("co-attendance", frames_hi).figure
    lavrov = _text(_cell(fig, "guterres", "lavrov"))
    assert lavrov.startswith("एंटोनियो गुटेरेस · सर्गेई लावरोव")  # along Guterres's row
    assert lavrov.count("लावरोव") == 2  # the name, and the talks' title: "…लावरोव के साथ बातचीत"
    putin = _text(_cell(fig, "putin", "guterres"))
    assert "1 कार्यक्रम साथ में" in putin and "(वर्चुअल)" in putin
    assert _text(_cell(fig, "putin", "lavrov")).endswith("किसी कार्यक्रम में साथ नहीं")
    assert _text(_cell(fig, "guterres", "guterres")).startswith("एंटोनियो गुटेरेस 2 कार्यक्रम")


def test_attendance_hover_names_person_event_day_and_whether_in_view(frames_en: Frames) -> None:
    """Attendance hovers name the person and the event with its day; an event the filters
    hide says "not in this view", never "did not attend"."""
    fig = _grid("attendance", frames_en, VIEWS["13 May"]).figure
    assert _text(_cell(fig, "putin-meeting", "putin")) == (
        "Vladimir Putin · Virtual meeting with President Putin 13 May 2021 · attended"
    )
    assert _text(_cell(fig, "lavrov-talks", "lavrov")).endswith("12 May 2021 · not in this view")
    assert _text(_cell(fig, "putin-meeting", "lavrov")).endswith("did not attend")


def test_an_empty_cell_of_a_filtered_view_says_in_this_view(frames_en: Frames) -> None:
    """On 13 May, Guterres and Lavrov were "not together in this view" (they met on 12 May),
    and Lavrov said nothing on Syria "in this view"; unfiltered, an empty cell says "never"."""
    day = _grid("co-attendance", frames_en, VIEWS["13 May"]).figure
    assert _text(_cell(day, "guterres", "lavrov")).endswith("not together in this view")
    whole = _grid("co-attendance", frames_en).figure
    assert _text(_cell(whole, "lavrov", "putin")).endswith("never at the same event")
    syria = _grid("speakers-topics", frames_en, VIEWS["13 May"]).figure
    assert _text(_cell(syria, "syria", "lavrov")).endswith("no statements in this view")


def _cell(fig: go.Figure, row: str, column: str) -> str:
    """The hover of the cell at ``row`` (an id of the grid's rows) and ``column`` (a person)."""
    rows = {"speakers-topics": "topic_ids", "attendance": "event_ids"}
    meta = fig.layout.meta
    i = meta[rows.get(meta["chart"], "participant_ids")].index(row)
    j = meta["participant_ids"].index(column)
    return str(_hover_trace(fig).customdata[i][j])


def test_hover_text_is_escaped(hostile_frames: Frames) -> None:
    """Markup in a name, a topic or an event title reaches hovers and ticks as text."""
    for name in GRIDS:
        fig = _grid(name, hostile_frames).figure
        texts = [str(c) for row in _hover_trace(fig).customdata for c in row]
        texts += list(fig.layout.xaxis.ticktext) + list(fig.layout.yaxis.ticktext)
        joined = "\n".join(texts)
        assert "<script" not in joined and "<a href" not in joined, name
        assert "&lt;" in joined, name


@pytest.fixture
def hostile_frames(frames_en: Frames) -> Frames:
    """The shipped frames with markup in the names, short names, topics and event titles."""

    def inject(frame: pd.DataFrame, **texts: str) -> pd.DataFrame:
        frame = frame.copy()
        for column, text in texts.items():
            frame[column] = frame[column].astype("object")
            frame.loc[frame.index[0], column] = text
            frame[column] = frame[column].astype("string")
        return frame

    return dataclasses.replace(
        frames_en,
        events=inject(frames_en.events, title="<script>alert('event')</script>"),
        topics=inject(frames_en.topics, label="<b>bold topic</b>", short="<b>bold</b>"),
        participants=inject(
            frames_en.participants, name='<a href="x">link person</a>', short="<i>p</i>"
        ),
    )


# Labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("name", GRIDS)
def test_people_sit_on_top_flat_with_their_short_names(
    request: pytest.FixtureRequest, name: str, lang: str
) -> None:
    """People run across the top, never turned, labelled as the article names them."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    xaxis = _grid(name, frames).figure.layout.xaxis
    assert xaxis.side == "top"
    assert xaxis.tickangle == 0
    assert not xaxis.autotickangles
    short = {"en": ["Guterres", "Lavrov", "Putin"], "hi": ["गुटेरेस", "लावरोव", "पुतिन"]}
    assert [_text(tick) for tick in xaxis.ticktext] == short[lang]


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("name", GRIDS)
def test_no_tick_label_is_cut(request: pytest.FixtureRequest, name: str, lang: str) -> None:
    """No label holds "…": each reads as its whole (short) label, however many lines it takes."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    fig = _grid(name, frames).figure
    shorts = {
        **_by_id(frames.participants, "participant_id", "short"),
        **_by_id(frames.topics, "topic_id", "short"),
        **_by_id(frames.events, "event_id", "title"),
    }
    axes = (
        (fig.layout.xaxis.ticktext, fig.layout.meta["participant_ids"]),
        (fig.layout.yaxis.ticktext, fig.layout.meta[ROWS[name]]),
    )
    for ticks, ids in axes:
        for tick, item in zip(ticks, ids, strict=True):
            assert "…" not in tick
            assert _text(tick).startswith(" ".join(str(shorts[item]).split())), (tick, item)


def test_the_longest_hindi_topic_wraps_onto_three_whole_lines(frames_hi: Frames) -> None:
    """The refugees topic (no short form) keeps every word, on lines of about the same width."""
    fig = _grid("speakers-topics", frames_hi).figure
    row = fig.layout.meta["topic_ids"].index("refugees-and-idps")
    tick = fig.layout.yaxis.ticktext[row]
    assert tick.count("<br>") == 2
    assert _text(tick) == "शरणार्थियों और आंतरिक रूप से विस्थापित व्यक्तियों की वापसी"


def test_devanagari_lines_are_spaced_one_and_a_half_apart(frames_hi: Frames) -> None:
    """Plotly puts 1.3 tick-font ems between lines; the tick font is sized so that this is 1.5
    times the text's own size, which every line's span sets."""
    for name in GRIDS:
        fig = _grid(name, frames_hi).figure
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.tickfont.size * 1.3 / LABEL_SIZE == pytest.approx(1.5, abs=0.02)
            for tick in axis.ticktext:
                for line in tick.split("<br>"):
                    assert re.fullmatch(
                        rf'<span style="font-size:{LABEL_SIZE}px(;color:#[0-9A-F]{{6}})?">[^<]*</span>',
                        line,
                    ), line


def test_rows_grow_with_their_own_labels(frames_hi: Frames) -> None:
    """A three-line label gets a taller row than a one-line one; the ticks sit mid-row."""
    fig = _grid("speakers-topics", frames_hi).figure
    edges = np.asarray(fig.data[0].y, dtype=float)
    heights = np.diff(edges)
    lines = [tick.count("<br>") + 1 for tick in fig.layout.yaxis.ticktext]
    assert len(heights) == len(lines) == 26
    assert heights[lines.index(3)] > heights[lines.index(2)] > heights[lines.index(1)]
    assert np.allclose(fig.layout.yaxis.tickvals, (edges[:-1] + edges[1:]) / 2)
    assert list(fig.layout.yaxis.range) == [edges[-1], 0]
    # The plot is exactly the rows' height: one axis unit is one pixel, whatever the title takes.
    margin = fig.layout.margin
    assert fig.layout.height - margin.t - margin.b == edges[-1]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Syria", 22, ["Syria"]),
        (
            "Restoring economy and social infrastructure",
            22,
            ["Restoring economy and", "social infrastructure"],
        ),
        ("Intra-Syrian-constitutional-process x", 10, ["Intra-Syrian-constitutional-process", "x"]),
        # Marks above and below a letter take no room: 21 letters wide, not 25 code points.
        ("शरणार्थियों और आंतरिक रूप से", 21, ["शरणार्थियों और आंतरिक रूप", "से"]),
        ("", 10, [""]),
    ],
)
def test_lines_break_on_words_and_never_cut(text: str, width: int, lines: list[str]) -> None:
    """Labels break at spaces by their shown width; a word longer than a line stays whole."""
    assert matrix._lines(text, width) == lines


# Fixed axes and colours ------------------------------------------------------------------------


@pytest.mark.parametrize("name", GRIDS)
def test_axes_keep_their_orientation_and_order_in_every_view(frames_en: Frames, name: str) -> None:
    """Under every filter, people are the columns and the rows are the same rows, in the same
    order as with no filter: a filter greys a row, it never drops one or turns the grid."""
    whole = _grid(name, frames_en).figure
    people, rows = whole.layout.meta["participant_ids"], whole.layout.meta[ROWS[name]]
    for view, filters in VIEWS.items():
        fig = _grid(name, frames_en, filters).figure
        assert list(fig.data[0].x) == people, view
        assert fig.layout.meta["participant_ids"] == people, view
        assert fig.layout.meta[ROWS[name]] == rows, view
        custom = np.asarray(_hover_trace(fig).customdata, dtype=object)
        assert custom.shape == (len(rows), len(people)), view
        assert fig.layout.xaxis.side == "top" and fig.layout.yaxis.range[1] == 0, view


def test_rows_follow_the_logs_order(frames_en: Frames) -> None:
    """Topics and people run in the log's order, events in time order."""
    fig = _grid("speakers-topics", frames_en).figure
    assert fig.layout.meta["topic_ids"] == list(frames_en.topics["topic_id"])
    assert fig.layout.meta["participant_ids"] == ["guterres", "lavrov", "putin"]
    events = _grid("attendance", frames_en).figure.layout.meta["event_ids"]
    assert events == ["lavrov-talks", "lavrov-press-remarks", "putin-meeting"]


@pytest.mark.parametrize("name", GRIDS)
def test_an_empty_row_is_kept_pale_and_the_subtitle_says_so(frames_en: Frames, name: str) -> None:
    """With one topic chosen, rows and columns with nothing in view keep their place with pale
    labels, and the subtitle explains the pale labels; with nothing chosen, none is pale."""
    everything = _grid(name, frames_en).figure
    assert not any(EMPTY_LABEL in tick for tick in everything.layout.yaxis.ticktext)
    assert "pale labels" not in _text(everything.layout.title.subtitle.text or "")
    fig = _grid(name, frames_en, VIEWS["lavrov on climate"]).figure
    ticks = [*fig.layout.xaxis.ticktext, *fig.layout.yaxis.ticktext]
    assert any(EMPTY_LABEL in tick for tick in ticks)
    assert "pale labels: nothing in this view" in _text(fig.layout.title.subtitle.text)


def test_putin_alone_pales_the_others_rows_and_columns(frames_en: Frames) -> None:
    """Filtered to Putin, who met whom keeps Lavrov's row and column, both pale."""
    fig = _grid("co-attendance", frames_en, VIEWS["putin"]).figure
    people = fig.layout.meta["participant_ids"]
    lavrov = people.index("lavrov")
    assert EMPTY_LABEL in fig.layout.xaxis.ticktext[lavrov]
    assert EMPTY_LABEL in fig.layout.yaxis.ticktext[lavrov]
    assert EMPTY_LABEL not in fig.layout.xaxis.ticktext[people.index("putin")]


@pytest.mark.parametrize("name", ["co-attendance", "speakers-topics"])
def test_the_colour_range_is_the_whole_visits(frames_en: Frames, name: str) -> None:
    """A count has the same shade in every view: the scale tops out at the whole visit's
    largest count (4 statements; 1 shared event), not at the largest in view."""
    top = {"speakers-topics": 4, "co-attendance": 1}[name]
    for view, filters in VIEWS.items():
        trace = _grid(name, frames_en, filters).figure.data[0]
        assert (trace.zmin, trace.zmax) == (0, top), view


def test_a_filter_that_leaves_only_ones_keeps_them_pale(frames_en: Frames) -> None:
    """Filtered to Syria, its largest own-words count (2) is drawn below the visit's top (4)."""
    syria = _grid("speakers-topics", frames_en, VIEWS["syria"]).figure.data[0]
    assert np.nanmax(np.asarray(syria.z, dtype=float)) == 2
    assert syria.zmax == 4


# Metrics ---------------------------------------------------------------------------------------


def test_metrics_keep_the_whole_logs_rows_given_the_whole_log(frames_en: Frames) -> None:
    """Given the whole log, a filtered metric keeps every row and column the whole log has,
    zeros where the view has nothing, and records the whole log's largest count."""
    shown = VIEWS["syria"].apply(frames_en)
    whole = speaker_topic_counts(frames_en)
    counts = speaker_topic_counts(shown, whole=frames_en)
    keys = ["participant_id", "topic_id"]
    assert counts.rows[keys].equals(whole.rows[keys])
    assert counts.rows.loc[counts.rows["topic_id"] != "syria", "count"].eq(0).all()
    assert counts.scale_max == 4
    assert speaker_topic_counts(shown).topics == Kept("topic_id", 1, 1)
    grid = attendance_matrix(VIEWS["13 May"].apply(frames_en), whole=frames_en).rows
    assert list(grid.drop_duplicates("event_id")["in_view"]) == [False, False, True]
    assert grid.loc[~grid["in_view"], "attended"].eq(False).all()
    met = co_attendance(VIEWS["13 May"].apply(frames_en), whole=frames_en)
    assert set(met.rows["participant_id"]) == {"guterres", "lavrov", "putin"}
    assert met.scale_max == 1


def test_without_the_whole_log_metrics_keep_what_is_in_view(frames_en: Frames) -> None:
    """Called with filtered frames alone, the metrics keep only rows with something in view
    (the old contract, for callers with no whole log)."""
    shown = VIEWS["13 May"].apply(frames_en)
    assert set(co_attendance(shown).rows["participant_id"]) == {"guterres", "putin"}
    assert list(attendance_matrix(shown).rows["event_id"].unique()) == ["putin-meeting"]


def test_a_log_too_large_for_the_grid_keeps_what_is_in_view(frames_en: Frames) -> None:
    """When the whole log's rows do not fit in the limit, the rows in view come first."""
    shown = VIEWS["putin"].apply(frames_en)
    counts = speaker_topic_counts(shown, max_people=1, whole=frames_en)
    assert set(counts.rows["participant_id"]) == {"putin"}
    assert counts.people == Kept("participant_id", 1, 1)


# Tables ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("name", GRIDS)
def test_tables_read_like_their_charts(
    request: pytest.FixtureRequest, name: str, lang: str
) -> None:
    """Row names are the first column, in the chart's row order; people are the columns, in
    its column order, by full name; no id, 0, NaN, None or <NA> where the chart shows nothing."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for filters in (VIEWS["all"], VIEWS["syria"]):
        drawn = _grid(name, frames, filters)
        table = panels.chart(name).table(drawn.data, lang)
        names, meta = _names(frames), drawn.figure.layout.meta
        people = [names[p] for p in meta["participant_ids"]]
        assert list(table.columns[-len(people) :]) == people
        heading = table.columns[1 if name == "attendance" else 0]
        assert list(table[heading]) == [names[r] for r in meta[ROWS[name]]]
        cells = table[people].to_numpy(dtype=object)
        assert all(isinstance(cell, str) for cell in cells.ravel())
        assert not {"0", "nan", "None", "<NA>", "False"} & set(cells.ravel())
        assert not set(meta["participant_ids"]) & set(table.columns)
        z = np.asarray(_hover_trace(drawn.figure).z, dtype=float)
        shown = np.nan_to_num(z) > 0
        if name == "speakers-topics":  # a joint readout is written in an unfilled cell
            shown |= np.asarray(_hover_trace(drawn.figure).text, dtype=object) != ""
        if name == "co-attendance":  # the diagonal sits in the grey trace
            shown |= np.nan_to_num(np.asarray(drawn.figure.data[1].z, dtype=float)) > 0
        assert np.array_equal(cells != "", shown)


def test_attendance_table_gives_each_event_its_day(frames_hi: Frames) -> None:
    """Days first, then the event, then a ✓ per person who attended."""
    table = panels.chart("attendance").table(_grid("attendance", frames_hi).data, "hi")
    assert list(table.columns[:2]) == ["तारीख", "कार्यक्रम"]
    assert list(table["तारीख"]) == ["12 मई 2021", "12 मई 2021", "13 मई 2021"]
    assert list(table.iloc[2, 2:]) == ["✓", "", "✓"]


def test_tables_tell_two_people_of_one_name_apart(frames_en: Frames) -> None:
    """Two participants called the same get their ids beside their names, not one column."""
    grid = co_attendance(frames_en)
    same = dataclasses.replace(
        grid,
        rows=grid.rows.assign(
            name=grid.rows["name"].replace({"Vladimir Putin": "Sergey Lavrov"}),
            other_name=grid.rows["other_name"].replace({"Vladimir Putin": "Sergey Lavrov"}),
        ),
    )
    table = panels.chart("co-attendance").table(same, "en")
    assert list(table.columns) == [
        "Participant",
        "António Guterres",
        "Sergey Lavrov (lavrov)",
        "Sergey Lavrov (putin)",
    ]


def test_empty_grids_make_empty_tables(frames_en: Frames) -> None:
    """Nothing in view: each table is empty but keeps its row-name column."""
    for name in GRIDS:
        data = _grid(name, frames_en).data
        table = panels.chart(name).table(dataclasses.replace(data, rows=data.rows.iloc[:0]), "en")
        assert table.empty and len(table.columns) >= 1


# Worth drawing ---------------------------------------------------------------------------------


def test_who_met_whom_is_worth_drawing_only_with_four_people(
    frames_en: Frames, other_frames: Frames
) -> None:
    """Three people (the shipped visit) make three pairs, a sentence, not a grid; the Lisbon
    visit's four do make a grid. The other charts are always worth drawing."""
    assert not worth_drawing("co-attendance", frames_en)
    assert worth_drawing("co-attendance", other_frames)
    for name in panels.CHART_NAMES:
        if name != "co-attendance":
            assert worth_drawing(name, frames_en)


def test_worth_drawing_does_not_change_with_the_filters(frames_en: Frames) -> None:
    """The rule reads the whole log: called with the whole log, a filter cannot flip it."""
    assert worth_drawing("co-attendance", frames_en) == worth_drawing(
        "co-attendance", VIEWS["all"].apply(frames_en)
    )


# Short labels ----------------------------------------------------------------------------------


def test_short_labels_reach_the_frames_and_fall_back_per_language(
    variant: Callable[..., Path],
) -> None:
    """A short form in a language is used in that language; a language without one shows the
    full label in that language, never another script's short form."""
    path = variant(
        (
            "    name: {en: Sergey Lavrov, hi: सर्गेई लावरोव}\n    short: {en: Lavrov, hi: लावरोव}\n",
            "    name: {en: Sergey Lavrov, hi: सर्गेई लावरोव}\n    short: {en: Lavrov}\n",
        )
    )
    log = read_log(path)
    english, hindi = build_frames(log, "en"), build_frames(log, "hi")
    by_id = hindi.participants.set_index("participant_id")
    assert by_id.loc["lavrov", "short"] == "सर्गेई लावरोव"
    assert by_id.loc["putin", "short"] == "पुतिन"
    assert english.participants.set_index("participant_id").loc["lavrov", "short"] == "Lavrov"
    topics = english.topics.set_index("topic_id")
    assert topics.loc["rules-based-order", "short"] == "Rules-based order"
    assert topics.loc["syria", "short"] == topics.loc["syria", "label"] == "Syria"
    assert hindi.topics.set_index("topic_id").loc["arab-israeli-normalization", "short"] == (
        "अरब-इज़रायल संबंधों का सामान्यीकरण"
    )


def test_the_grids_draw_the_metrics_counts(frames_en: Frames) -> None:
    """Each cell is the metric's count of own words, laid out by the ids in meta; zeros are gaps."""
    counts = speaker_topic_counts(frames_en, whole=frames_en)
    fig = speaker_topic_heatmap(counts, "en")
    expected = counts.rows.pivot(index="topic_id", columns="participant_id", values="said")
    expected = expected.loc[fig.layout.meta["topic_ids"], fig.layout.meta["participant_ids"]]
    z = np.asarray(fig.data[0].z, dtype=float)
    assert np.array_equal(np.nan_to_num(z), expected.to_numpy())
    assert np.isnan(z[expected.to_numpy() == 0]).all()
    grid = attendance_matrix(frames_en, whole=frames_en)
    attended = grid.rows.pivot(index="event_id", columns="participant_id", values="attended")
    fig = attendance_heatmap(grid, "en")
    attended = attended.loc[fig.layout.meta["event_ids"], fig.layout.meta["participant_ids"]]
    assert np.array_equal(np.asarray(fig.data[0].z) == 1, attended.to_numpy(dtype=bool))
    fig = co_attendance_heatmap(co_attendance(frames_en, whole=frames_en), "en")
    assert [fig.data[1].z[i][i] for i in range(3)] == [2, 2, 1]
    assert fig.data[0].z[0][1] == 1 and np.isnan(fig.data[0].z[1][2])


def test_grid_labels_of_another_log_wrap_and_stay_whole(other_frames: Frames) -> None:
    """Long names with no short form (the Lisbon log) wrap onto lines across the top, whole."""
    fig = _grid("co-attendance", other_frames).figure
    ticks = [_text(tick) for tick in fig.layout.xaxis.ticktext]
    assert ticks == list(other_frames.participants["name"])
    assert any("<br>" in tick for tick in fig.layout.xaxis.ticktext)
    assert fig.layout.margin.t > _grid("co-attendance", other_frames).figure.layout.margin.b


def test_a_taller_header_for_longer_names(frames_en: Frames) -> None:
    """Names on more lines push the grid down by the room they take, not into the title."""
    counts = speaker_topic_counts(frames_en, whole=frames_en)
    short = speaker_topic_heatmap(counts, "en")
    longer = speaker_topic_heatmap(
        dataclasses.replace(
            counts, rows=counts.rows.assign(short_name=counts.rows["name"] + " of the Long Title")
        ),
        "en",
    )
    assert longer.layout.margin.t > short.layout.margin.t
    assert longer.layout.height - short.layout.height == (
        longer.layout.margin.t - short.layout.margin.t
    )


def test_tables_and_charts_share_a_frame_untouched(frames_en: Frames) -> None:
    """Drawing and tabulating never change the metric's frame."""
    for name in GRIDS:
        drawn = _grid(name, frames_en)
        before = drawn.data.rows.copy()
        DRAW[name](drawn.data, "en")
        panels.chart(name).table(drawn.data, "en")
        pd.testing.assert_frame_equal(drawn.data.rows, before)


def test_crowded_names_take_turns_above_each_other(
    frames_en: Frames, frames_hi: Frames, other_frames: Frames
) -> None:
    """Four long names (Lisbon) would run into each other across a phone: every other one is
    raised by as many lines as the others take; the visit's three short names stay in a row."""
    ticks = list(_grid("attendance", other_frames).figure.layout.xaxis.ticktext)
    lines = [tick.count("<br>") + 1 for tick in ticks]
    tallest = max(lines[0::2])
    assert all(n > tallest for n in lines[1::2])
    assert all(tick.endswith("&nbsp;</span>") for tick in ticks[1::2])
    for frames in (frames_en, frames_hi):
        ticks = list(_grid("attendance", frames).figure.layout.xaxis.ticktext)
        assert not any("&nbsp;" in tick for tick in ticks)


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("name", GRIDS)
def test_no_text_is_turned(request: pytest.FixtureRequest, name: str, lang: str) -> None:
    """The rows' title lies flat in the corner above their labels, not as an upright y-axis
    title; the left margin leaves it room."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    fig = _grid(name, frames).figure
    assert not fig.layout.yaxis.title.text
    [corner] = fig.layout.annotations
    assert corner.textangle in (None, 0)
    axis = {"co-attendance": "participant", "speakers-topics": "topic", "attendance": "event"}
    assert corner.text == t(f"chart.axis.{axis[name]}", lang)
    assert fig.layout.margin.l >= 8 * len(corner.text)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_hovers_are_wrapped_and_short(request: pytest.FixtureRequest, lang: str) -> None:
    """No hover line runs past HOVER_CHARS shown characters (bar a single long word), and no
    hover has more lines than its heading, its value and who met whom's events need."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for name in GRIDS:
        for row in _hover_trace(_grid(name, frames).figure).customdata:
            for cell in row:
                lines = str(cell).split("<br>")
                assert len(lines) <= 6, cell
                for line in lines:
                    shown = _text(line)
                    assert matrix._shown_width(shown) <= matrix.HOVER_CHARS or " " not in shown


def test_a_joint_readout_is_not_counted_as_one_leaders_words(frames_en: Frames) -> None:
    """Putin × two-state solution is an agreed readout only: no fill, "(+1)" written, hover says so."""
    fig = _grid("speakers-topics", frames_en).figure
    heat = fig.data[0]
    row = fig.layout.meta["topic_ids"].index("two-state-solution")
    column = fig.layout.meta["participant_ids"].index("putin")
    assert np.isnan(float(heat.z[row][column]))
    assert heat.text[row][column] == "(+1)"
    assert _text(_cell(fig, "two-state-solution", "putin")).endswith("1 statement agreed jointly")
    table = panels.chart("speakers-topics").table(_grid("speakers-topics", frames_en).data, "en")
    assert table.set_index("Topic").at["Two-state solution", "Vladimir Putin"] == "(+1)"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_grid_titles_state_what_they_find(request: pytest.FixtureRequest, lang: str) -> None:
    """Each grid's title asks its question and answers it from the data: who spoke most in their
    own words (statements, each once), who attended most; the number is a count of the log's."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    speakers = _grid("speakers-topics", frames).figure.layout.title.text.replace("<br>", " ")
    attendance = _grid("attendance", frames).figure.layout.title.text.replace("<br>", " ")
    lavrov = frames.participants.set_index("participant_id").at["lavrov", "name"]
    said = frames.point_speakers[frames.point_speakers["voice"] == "said"]
    own = said[said["participant_id"] == "lavrov"]["point_id"].nunique()
    assert lavrov in speakers and str(own) in speakers
    assert speakers.startswith(t("chart.speaker_topic.title", lang))
    assert attendance.startswith(t("chart.attendance.title", lang)) and "2" in attendance
