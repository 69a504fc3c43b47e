"""Charts checked through the figure objects they return, never through pixels."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard import panels
from dashboard.charts import (
    MAX_LANES,
    speaker_topic_heatmap,
    topic_frequency_chart,
)
from dashboard.charts import timeline as draw_timeline
from dashboard.charts.style import (
    COLORWAY,
    FORMAT_COLORS,
    MODEBAR_HEIGHT,
    OKABE_ITO,
    TEMPLATE,
    TRACE_TYPES,
    FrozenFigureError,
    escape,
    figure,
    thawed,
    wrap_lines,
)
from dashboard.charts.timeline import LABEL_ROW
from dashboard.charts.topics import LABEL_CHARS
from dashboard.load import Frames
from dashboard.metrics import (
    CountBy,
    speaker_topic_counts,
    timeline_of,
    timeline_rows,
    topic_frequency,
)

DAY_MS = 86_400_000
DEVANAGARI = re.compile("[\u0900-\u097f]")
EVENT_IDS = ["lavrov-talks", "lavrov-press-remarks", "putin-meeting"]
OTHER_VISIT = Path(__file__).parent / "fixtures" / "other_visit" / "events.yaml"


# Helpers ---------------------------------------------------------------------------------------


def all_figures(frames: Frames) -> dict[str, go.Figure]:
    """Every registered chart of the frames, by name, as the page draws them by default; and the
    topic chart counted by event and split by event."""
    figures = {entry.name: entry.figure for entry in panels.panels(frames)}
    by_event = panels.ChartSettings(count_by="events", split_by="event")
    figures["topics-event"] = panels.panel(panels.chart("topics"), frames, by_event).figure
    return figures


def normalised(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON values, without the parts that are noise to a comparison."""
    spec: dict[str, Any] = json.loads(fig.to_json())
    spec["layout"].pop("template", None)
    for trace in spec["data"]:
        trace.pop("uid", None)
    return spec


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere in a figure's JSON values."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def lane_of(fig: go.Figure, event_id: str) -> list[Any]:
    """The traces that draw ``event_id``'s lane, with the event's index in each."""
    return [
        (trace, list(trace.y).index(event_id)) for trace in fig.data if event_id in list(trace.y)
    ]


def with_times(rows: pd.DataFrame, times: dict[str, tuple[str, str | None]]) -> pd.DataFrame:
    """Timeline rows with clock times given to some events, as a log that reports them would."""
    rows = rows.copy()
    for event_id, (start, end) in times.items():
        at = rows.index[rows["event_id"] == event_id][0]
        day = rows.at[at, "date"]
        rows.loc[at, ["start", "end"]] = [start, end]
        rows.at[at, "time_reported"] = True
        rows.at[at, "start_at"] = day + pd.Timedelta(f"{start}:00")
        rows.at[at, "end_at"] = day + pd.Timedelta(f"{end}:00") if end else pd.NaT
    return rows


def timeline(rows: pd.DataFrame, lang: str, days: tuple[date, date] | None = None) -> go.Figure:
    """The timeline of ``rows`` as the registry draws it: the metric's days and counts, drawn."""
    return draw_timeline(timeline_of(rows, days), lang)


def many_events_timeline(frames: Frames) -> go.Figure:
    """The timeline past ``MAX_LANES`` events, where it becomes a density strip."""
    return timeline(many_rows(timeline_rows(frames), MAX_LANES + 1), frames.language)


def many_rows(rows: pd.DataFrame, count: int) -> pd.DataFrame:
    """``count`` events cycling through the shipped ones, spread over consecutive days."""
    many = rows.iloc[np.arange(count) % len(rows)].reset_index(drop=True)
    many["event_id"] = [f"event-{i}" for i in range(count)]
    many["date"] = pd.Timestamp("2021-05-12") + pd.to_timedelta(np.arange(count) % 5, unit="D")
    return many


@pytest.fixture
def hostile_frames(frames_en: Frames) -> Frames:
    """The shipped frames with markup in every kind of user text the charts show."""

    def inject(frame: pd.DataFrame, column: str, text: str) -> pd.DataFrame:
        frame = frame.copy()
        frame[column] = frame[column].astype("object")
        frame.loc[frame.index[0], column] = text
        frame[column] = frame[column].astype("string")
        return frame

    return dataclasses.replace(
        frames_en,
        events=inject(frames_en.events, "title", "<script>alert('event')</script>"),
        topics=inject(
            inject(frames_en.topics, "label", "<b>bold topic</b>"), "group_label", "<i>group</i>"
        ),
        participants=inject(frames_en.participants, "name", '<a href="x">link person</a>'),
        _encoding=None,  # made again from the injected frames, as loading would
    )


# Timeline --------------------------------------------------------------------------------------


def test_untimed_event_spans_its_whole_day(frames_en: Frames) -> None:
    """An event with no clock time is one bar from 00:00 to 24:00 of its day, never at an hour."""
    fig = timeline(timeline_rows(frames_en), "en")
    for event_id, day in zip(EVENT_IDS, ["2021-05-12", "2021-05-12", "2021-05-13"], strict=True):
        [(trace, i)] = lane_of(fig, event_id)
        assert trace.type == "bar"
        assert trace.orientation == "h"
        assert pd.Timestamp(trace.base[i]) == pd.Timestamp(day)
        assert trace.x[i] == DAY_MS


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "time not reported"), ("hi", "समय नहीं बताया गया")]
)
def test_untimed_event_says_time_not_reported(
    request: pytest.FixtureRequest, lang: str, words: str
) -> None:
    """The whole-day bar is labelled "time not reported" in the frames' language, on it and in hover."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    fig = timeline(timeline_rows(frames), lang)
    [(trace, i)] = lane_of(fig, "putin-meeting")
    assert trace.text[i] == words
    assert trace.textposition == "inside"
    assert words in trace.customdata[i][1]
    assert "%{customdata[1]}" in trace.hovertemplate


def test_hatching_marks_unknown_times(frames_en: Frames) -> None:
    """Bars of unknown time are hatched; a reported time is a solid bar."""
    rows = with_times(timeline_rows(frames_en), {"lavrov-talks": ("10:00", "11:30")})
    fig = timeline(rows, "en")
    [(untimed, _)] = lane_of(fig, "putin-meeting")
    timed_bar = next(trace for trace, _ in lane_of(fig, "lavrov-talks") if trace.type == "bar")
    assert untimed.marker.pattern.shape
    assert not timed_bar.marker.pattern.shape


def test_timed_event_is_drawn_at_its_reported_times(frames_en: Frames) -> None:
    """An event with start and end is a bar from start to end, with a marker at the start."""
    rows = with_times(timeline_rows(frames_en), {"lavrov-talks": ("10:00", "11:30")})
    fig = timeline(rows, "en")
    drawn = {trace.type: (trace, i) for trace, i in lane_of(fig, "lavrov-talks")}
    bar, i = drawn["bar"]
    assert pd.Timestamp(bar.base[i]) == pd.Timestamp("2021-05-12 10:00")
    assert bar.x[i] == 90 * 60 * 1000
    assert "10:00–11:30" in bar.customdata[i][1]
    assert bar.text is None
    marker, j = drawn["scatter"]
    assert pd.Timestamp(marker.x[j]) == pd.Timestamp("2021-05-12 10:00")


def test_event_with_start_only_is_a_marker_at_the_start(frames_en: Frames) -> None:
    """A start without an end is a marker at the start, not a bar of invented length."""
    rows = with_times(timeline_rows(frames_en), {"putin-meeting": ("15:00", None)})
    fig = timeline(rows, "en")
    [(marker, i)] = lane_of(fig, "putin-meeting")
    assert marker.type == "scatter"
    assert pd.Timestamp(marker.x[i]) == pd.Timestamp("2021-05-13 15:00")
    assert "15:00" in marker.customdata[i][1]


@pytest.mark.parametrize(
    ("lang", "names"), [("en", ["in person", "virtual"]), ("hi", ["आमने-सामने", "वर्चुअल"])]
)
def test_one_legend_entry_per_format(
    request: pytest.FixtureRequest, lang: str, names: list[str]
) -> None:
    """Each format has exactly one legend entry, named in the language and coloured its own way."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    rows = with_times(timeline_rows(frames), {"lavrov-talks": ("10:00", "11:30")})
    fig = timeline(rows, lang)
    shown = [trace for trace in fig.data if trace.showlegend]
    assert [trace.name for trace in shown] == names
    assert {trace.legendgroup for trace in fig.data} == {"in-person", "virtual"}
    for trace in fig.data:
        if trace.type == "bar":
            assert trace.marker.line.color == FORMAT_COLORS[trace.legendgroup]
    hatches = {
        trace.legendgroup: trace.marker.pattern.shape
        for trace in fig.data
        if trace.type == "bar" and trace.marker.pattern.shape
    }
    assert hatches["in-person"] != hatches["virtual"]


def test_lanes_are_events_in_time_order_top_first(frames_hi: Frames) -> None:
    """One lane per event, first event on top, labelled by its title; ids go to the page in meta."""
    fig = timeline(timeline_rows(frames_hi), "hi")
    bars = [row for row in fig.layout.yaxis.categoryarray if not row.startswith(LABEL_ROW)]
    assert bars == EVENT_IDS
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1], "first row not on top"
    assert "राष्ट्रपति पुतिन" in fig.layout.yaxis.ticktext[2]
    assert fig.layout.meta["event_ids"] == EVENT_IDS
    for trace in fig.data:
        assert [row[0] for row in trace.customdata] == list(trace.y)


def test_lane_labels_sit_in_the_plot_above_their_bars(frames_hi: Frames) -> None:
    """Each title is written inside the plot, on its own row just above its bar, so the days get
    the whole width; the fixed range keeps the first label, which has no data, on the chart."""
    fig = timeline(timeline_rows(frames_hi), "hi")
    yaxis = fig.layout.yaxis
    assert yaxis.ticklabelposition == "inside"
    assert list(yaxis.tickvals) == [f"{LABEL_ROW}{event_id}" for event_id in EVENT_IDS]
    rows = list(yaxis.categoryarray)
    for event_id in EVENT_IDS:
        assert rows.index(f"{LABEL_ROW}{event_id}") + 1 == rows.index(event_id)
    assert sorted(yaxis.range) == [-0.5, len(rows) - 0.5]
    drawn = {row for trace in fig.data for row in trace.y}
    assert not any(row.startswith(LABEL_ROW) for row in drawn), "a bar drawn on a label row"


def test_lane_label_holds_a_reported_time_and_no_marker_text(frames_en: Frames) -> None:
    """A reported time is written after the lane's title, not beside its marker, where an early
    start would run out of the chart; an unreported time stays on the bar, nothing added."""
    rows = with_times(timeline_rows(frames_en), {"lavrov-talks": ("10:00", "11:30")})
    fig = timeline(rows, "en")
    assert list(fig.layout.yaxis.ticktext) == [
        "Talks with Foreign Minister Lavrov · 10:00–11:30",
        "Lavrov&#x27;s remarks to the press",
        "Virtual meeting with President Putin",
    ]
    for trace in fig.data:
        if trace.type == "scatter":
            assert trace.mode == "markers"


def test_time_not_reported_shrinks_or_hides_but_never_overflows(frames_en: Frames) -> None:
    """On a narrow day the bar's words shrink to fit, or hide below a readable size."""
    fig = timeline(timeline_rows(frames_en), "en")
    [(trace, _)] = lane_of(fig, "putin-meeting")
    assert trace.constraintext == "inside"
    assert fig.layout.uniformtext.mode == "hide"
    assert fig.layout.uniformtext.minsize >= 10


@pytest.mark.parametrize(
    ("lang", "ticks"),
    [("en", ["12 May 2021", "13 May 2021"]), ("hi", ["12 मई 2021", "13 मई 2021"])],
)
def test_day_axis_covers_the_visit_days(
    request: pytest.FixtureRequest, lang: str, ticks: list[str]
) -> None:
    """The x-axis is a date axis spanning whole days, with one tick per day in the language."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    fig = timeline(timeline_rows(frames), lang)
    assert fig.layout.xaxis.type == "date"
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [
        pd.Timestamp("2021-05-12"),
        pd.Timestamp("2021-05-14"),
    ]
    assert list(fig.layout.xaxis.ticktext) == ticks


def test_day_axis_can_cover_days_without_events(frames_en: Frames) -> None:
    """Given the visit's days, the axis covers them even where the filtered events don't."""
    rows = timeline_rows(frames_en)
    fig = timeline(
        rows[rows["event_id"] == "putin-meeting"],
        "en",
        days=(pd.Timestamp("2021-05-12").date(), pd.Timestamp("2021-05-13").date()),
    )
    assert pd.Timestamp(fig.layout.xaxis.range[0]) == pd.Timestamp("2021-05-12")


def test_timeline_height_grows_with_lanes(frames_en: Frames) -> None:
    """More lanes make a taller figure, and no figure fixes its width."""
    rows = timeline_rows(frames_en)
    short, tall = timeline(rows.iloc[:1], "en"), timeline(many_rows(rows, 40), "en")
    assert tall.layout.height > short.layout.height
    assert tall.layout.width is None


def test_many_events_become_a_density_strip(frames_en: Frames) -> None:
    """Above MAX_LANES events, one heatmap of events per kind and day replaces the lanes."""
    rows = many_rows(timeline_rows(frames_en), MAX_LANES + 1)
    fig = timeline(rows, "en")
    [heat] = fig.data
    assert heat.type == "heatmap"
    assert fig.layout.title.text == "Events per day, by kind"
    assert fig.layout.yaxis.title.text == "Kind of event"
    assert list(heat.y) == ["meeting", "press remarks", "talks"]
    assert np.nansum(heat.z) == MAX_LANES + 1
    expected = pd.crosstab(rows["kind"].astype("object"), rows["date"]).to_numpy()
    assert np.array_equal(np.nan_to_num(np.asarray(heat.z, dtype=float)), expected)


def test_at_the_threshold_events_still_get_lanes(frames_en: Frames) -> None:
    """Exactly MAX_LANES events are still drawn one lane each."""
    fig = timeline(many_rows(timeline_rows(frames_en), MAX_LANES), "en")
    assert {trace.type for trace in fig.data} == {"bar"}
    assert sum(len(trace.y) for trace in fig.data) == MAX_LANES


def test_density_strip_is_in_hindi_and_fast_for_50000_events(frames_hi: Frames) -> None:
    """50,000 events make one small heatmap, with Hindi kinds and days."""
    rows = many_rows(timeline_rows(frames_hi), 50_000)
    fig = timeline(rows, "hi")
    [heat] = fig.data
    assert list(heat.y) == ["बैठक", "प्रेस को टिप्पणी", "वार्ता"]
    assert fig.layout.xaxis.ticktext[0] == "12 मई 2021"
    assert np.nansum(heat.z) == 50_000
    assert len(fig.to_json()) < 100_000


# Topics ----------------------------------------------------------------------------------------


def test_topics_most_frequent_on_top_and_grouped(frames_en: Frames) -> None:
    """Topics run from the most frequent down, kept together by group, each group by frequency."""
    freq = topic_frequency(frames_en, "points", "day")
    fig = topic_frequency_chart(freq, "en", encoding=frames_en.encoding)
    topic_ids = fig.layout.meta["topic_ids"]
    assert topic_ids[0] == "russia-un-cooperation"
    assert fig.layout.yaxis.type == "category"
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # first row on top
    # Each group's bold heading row comes straight before that group's topics.
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    rows = list(fig.layout.yaxis.tickvals)
    assert rows[0] == "group:un-system"
    assert ticks["group:un-system"] == "<b>The UN and Russia</b>"
    assert rows[1] == "topic:russia-un-cooperation"
    headings = [r for r in rows if r.startswith("group:")]
    assert len(headings) == freq.rows["group_id"].nunique()
    totals = freq.rows.drop_duplicates("topic_id").set_index("topic_id")
    groups = list(totals.loc[topic_ids, "group_id"])
    assert groups == sorted(groups, key=groups.index), "a group's topics are not together"
    for group in set(groups):
        in_group = [tid for tid in topic_ids if totals.at[tid, "group_id"] == group]
        counts = list(totals.loc[in_group, "topic_total"])
        assert counts == sorted(counts, reverse=True)


def test_topic_bars_carry_topic_ids(frames_hi: Frames) -> None:
    """Every bar's customdata starts with its topic id, in the same order as the y labels."""
    freq = topic_frequency(frames_hi, "points", "day")
    fig = topic_frequency_chart(freq, "hi", encoding=frames_hi.encoding)
    labels = dict(zip(freq.rows["topic_id"], freq.rows["label"], strict=False))
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    drawn: set[str] = set()
    for trace in fig.data:
        ids = [row[0] for row in trace.customdata]
        assert list(trace.y) == [f"topic:{i}" for i in ids]
        assert [ticks[f"topic:{i}"] for i in ids] == [
            wrap_lines(labels[i], LABEL_CHARS) for i in ids
        ]
        drawn.update(ids)
    assert drawn == set(fig.layout.meta["topic_ids"])
    assert "सीरिया" in ticks["topic:syria"]


def test_topics_stack_one_trace_per_day(frames_en: Frames) -> None:
    """Split by day: one stacked trace per day, in day order, whose bars are the metric's counts."""
    freq = topic_frequency(frames_en, "points", "day")
    fig = topic_frequency_chart(freq, "en", encoding=frames_en.encoding)
    assert fig.layout.barmode == "stack"
    assert [trace.name for trace in fig.data] == ["12 May 2021", "13 May 2021"]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    for trace, day in zip(fig.data, ["2021-05-12", "2021-05-13"], strict=True):
        drawn = {row[0]: x for row, x in zip(trace.customdata, trace.x, strict=True)}
        expected = freq.rows[freq.rows["split_id"] == day].set_index("topic_id")["count"].to_dict()
        assert drawn == expected


def test_topics_stack_one_trace_per_event(frames_en: Frames) -> None:
    """Split by event: one trace per event, named by its title, events in time order."""
    freq = topic_frequency(frames_en, "events", "event")
    fig = topic_frequency_chart(freq, "en", encoding=frames_en.encoding)
    assert fig.layout.meta["split_ids"] == EVENT_IDS
    assert fig.data[0].name == "Talks with Foreign Minister<br>Lavrov"
    assert fig.layout.legend.title.text == "Event"
    total = sum(sum(trace.x) for trace in fig.data)
    assert total == freq.rows["count"].sum()


def test_topic_chart_stacks_in_the_metrics_order_and_ranks_by_the_encoding(
    frames_en: Frames,
) -> None:
    """The chart derives no order: its stacks follow the metric's splits, its rows the encoding's
    ranking of topics."""
    freq = topic_frequency(frames_en, "events", "event")
    backwards = dataclasses.replace(freq, splits=freq.splits[::-1])
    fig = topic_frequency_chart(backwards, "en", encoding=frames_en.encoding)
    assert fig.layout.meta["split_ids"] == EVENT_IDS[::-1]
    ranking = frames_en.encoding.topic_ranking["events"]
    turned = dataclasses.replace(
        frames_en.encoding, topic_ranking={"events": (ranking[-1], *ranking[:-1])}
    )
    fig = topic_frequency_chart(freq, "en", encoding=turned)
    group = turned.topic_groups[ranking[-1]]
    assert fig.layout.meta["topic_ids"][0] == ranking[-1]
    assert fig.layout.yaxis.categoryarray[0] == f"group:{group}"


def test_topics_without_split_is_one_trace_without_legend(frames_en: Frames) -> None:
    """Split "none": a single trace of totals and no legend."""
    freq = topic_frequency(frames_en, "points", "none")
    fig = topic_frequency_chart(freq, "en", encoding=frames_en.encoding)
    [trace] = fig.data
    assert fig.layout.showlegend is False
    assert trace.y[0] == f"topic:{fig.layout.meta['topic_ids'][0]}"  # headings carry no bar
    assert trace.x[0] == 7


@pytest.mark.parametrize(
    ("by", "lang", "axis"),
    [
        ("points", "en", "Statements"),
        ("events", "en", "Events"),
        ("points", "hi", "वक्तव्य"),
        ("events", "hi", "कार्यक्रम"),
    ],
)
def test_topic_axis_says_what_was_counted(
    request: pytest.FixtureRequest, by: str, lang: str, axis: str
) -> None:
    """The count axis says whether it counts statements or events, in the language."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    freq = topic_frequency(frames, cast(CountBy, by), "day")
    fig = topic_frequency_chart(freq, lang, encoding=frames.encoding)
    assert fig.layout.xaxis.title.text == axis


# Every figure ----------------------------------------------------------------------------------


@pytest.fixture
def streamlit_default() -> Iterator[None]:
    """Plotly's default template swapped for a black one, as ``import streamlit`` swaps it."""
    saved = pio.templates.default
    pio.templates["streamlit"] = go.layout.Template(layout={"colorway": ["#000000"]})
    pio.templates.default = "streamlit"
    try:
        yield
    finally:
        pio.templates.default = saved
        del pio.templates["streamlit"]


@pytest.mark.usefixtures("streamlit_default")
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_has_explicit_okabe_ito_template(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """Figures carry our template even when the default is a streamlit-like one with black colours."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    assert set(COLORWAY) == set(OKABE_ITO)
    for name, fig in all_figures(frames).items():
        assert fig.layout.template.to_plotly_json() == TEMPLATE, name
        assert tuple(fig.layout.template.layout.colorway) == COLORWAY, name
        assert "Noto Sans Devanagari" in fig.layout.template.layout.font.family, name


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_has_titles_in_its_language(request: pytest.FixtureRequest, lang: str) -> None:
    """Every figure has a title and both axis titles, in Devanagari for Hindi and Latin for English
    (a grid's row title lies flat in its corner, an annotation)."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for name, fig in all_figures(frames).items():
        rows = fig.layout.yaxis.title.text or fig.layout.annotations[0].text
        texts = [fig.layout.title.text, fig.layout.xaxis.title.text, rows]
        assert all(texts), name
        for text in texts:
            assert bool(DEVANAGARI.search(text)) == (lang == "hi"), (name, text)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_title_starts_below_the_mode_bar(request: pytest.FixtureRequest, lang: str) -> None:
    """Titles start below the strip where the mode bar sits (a touch screen never hides it), and
    the plot starts below the title."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    title = go.layout.Template(TEMPLATE).layout.title
    assert title.yref == "container" and title.yanchor == "top"
    assert title.pad.t >= MODEBAR_HEIGHT
    for name, fig in all_figures(frames).items():
        pad = title.pad.t if fig.layout.title.pad.t is None else fig.layout.title.pad.t
        lines = fig.layout.title.text.count("<br>")
        # No figure moves it back up, and a wrapped one, which Plotly lifts by its extra lines,
        # is pushed down as far.
        assert pad >= title.pad.t + 22 * lines, name
        # 50 px: the title's first line and a gap; 22 px for each line after it.
        assert fig.layout.margin.t >= pad + 50 + 22 * lines, name


def test_day_labels_lie_flat_or_stand_upright(frames_en: Frames) -> None:
    """Day labels are never slanted (a slanted last day stuck out of the chart on a phone)."""
    rows = timeline_rows(frames_en)
    for fig in (timeline(rows, "en"), timeline(many_rows(rows, MAX_LANES + 1), "en")):
        assert list(fig.layout.xaxis.autotickangles) == [0, -90]
        assert fig.layout.xaxis.tickangle is None


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_passes_plotlys_validation_unchanged(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """Figures are built without Plotly's checks; checked here, each is valid as it stands and
    serialises exactly as its validated copy does."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for name, fig in {**all_figures(frames), "density": many_events_timeline(frames)}.items():
        validated = go.Figure(fig.to_dict())  # raises on an unknown property or a bad value
        assert json.loads(fig.to_json()) == json.loads(validated.to_json()), name


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_serialises_with_orjson_as_it_stands(
    request: pytest.FixtureRequest, other_frames: Frames, lang: str
) -> None:
    """Every figure's dict is plain JSON for orjson, so Streamlit's to_json on each run never
    falls back to Plotly's per-value cleaning (object arrays and Timestamps would send it there)."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    drawn = {**all_figures(frames), "density": many_events_timeline(frames)}
    drawn |= {f"other-{name}": fig for name, fig in all_figures(other_frames).items()}
    for name, fig in drawn.items():
        fast = orjson.dumps(
            fig.to_dict(), option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
        )
        assert json.loads(fast) == json.loads(fig.to_json()), name


def test_an_object_array_fails_the_orjson_check_above() -> None:
    """The check above can fail: an object array, as pandas' to_numpy gives, stops orjson."""
    with pytest.raises(TypeError):
        orjson.dumps(
            {"customdata": np.array([["a", 1]], dtype=object)}, option=orjson.OPT_SERIALIZE_NUMPY
        )


def test_a_frozen_figure_copies_itself_once(frames_en: Frames) -> None:
    """A figure's dict says what Plotly's own does, made on the first call only; each call gets its
    own list of traces and layout dict, so a caller that pops a key changes no other caller's."""
    fig = all_figures(frames_en)["topics"]
    first, second = fig.to_dict(), fig.to_dict()
    plotlys_own = go.Figure.to_dict(fig)
    assert json.loads(pio.to_json(first)) == json.loads(pio.to_json(plotlys_own)) != {}
    assert first is not second and first["layout"] is not second["layout"]
    assert first["data"][0] is not second["data"][0]
    assert first["data"][0]["x"] is second["data"][0]["x"]  # values shared: not copied per run


# Every way a caller might change a figure: Plotly's update methods, property sets at every depth,
# the relayout family, new traces and shapes, and replacing its layout or traces wholesale.
CHANGES: dict[str, Callable[[go.Figure], object]] = {
    "update_layout": lambda fig: fig.update_layout(title="changed"),
    "update_traces": lambda fig: fig.update_traces(name="changed"),
    "update_xaxes": lambda fig: fig.update_xaxes(range=[0, 1]),
    "update": lambda fig: fig.update(layout={"height": 123}),
    "layout property": lambda fig: setattr(fig.layout, "height", 123),
    "nested property": lambda fig: setattr(fig.layout.title, "text", "changed"),
    "trace property": lambda fig: setattr(fig.data[0], "name", "changed"),
    "path item": lambda fig: fig.__setitem__("layout.title.text", "changed"),
    "add_trace": lambda fig: fig.add_trace(go.Bar(x=[1])),
    "add_annotation": lambda fig: fig.add_annotation(text="changed"),
    "add_hline": lambda fig: fig.add_hline(y=1),
    "plotly_relayout": lambda fig: fig.plotly_relayout({"title.text": "changed"}),
    "plotly_restyle": lambda fig: fig.plotly_restyle({"name": "changed"}),
    "plotly_update": lambda fig: fig.plotly_update({"name": "x"}, {"title.text": "x"}),
    "layout =": lambda fig: setattr(fig, "layout", {}),
    "data =": lambda fig: setattr(fig, "data", ()),
    "template": lambda fig: setattr(fig.layout, "template", "plotly_dark"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_registered_figure_refuses_changes(frames_en: Frames, change: str) -> None:
    """What the registry hands out is cached and shared by every session: each change raises,
    and the figure, as Plotly has it and as it is served, stays as it was."""
    for name, fig in {**all_figures(frames_en), "density": many_events_timeline(frames_en)}.items():
        served, plotlys = json.dumps(fig.to_dict(), default=str), normalised(fig)
        with pytest.raises(FrozenFigureError, match="frozen"):
            CHANGES[change](fig)
        assert json.dumps(fig.to_dict(), default=str) == served, name
        assert normalised(fig) == plotlys, name
        assert json.loads(json.dumps(go.Figure.to_dict(fig), default=str)) == json.loads(
            json.dumps(go.Figure.to_dict(thawed(fig)), default=str)
        ), name


def test_a_thawed_copy_changes_and_the_frozen_figure_does_not(frames_en: Frames) -> None:
    """A copy made with ``thawed`` or ``go.Figure`` takes every change; the original keeps none."""
    fig = all_figures(frames_en)["topics"]
    before = normalised(fig)
    for copy in (thawed(fig), go.Figure(fig)):
        copy.update_layout(title="changed")
        copy.data[0].name = "changed"
        copy.add_annotation(text="note")
        assert copy.layout.title.text == "changed" and copy.data[0].name == "changed"
    assert normalised(fig) == before


def test_a_misspelt_property_fails_the_validation_above() -> None:
    """The check above can fail: Plotly's validation refuses a property it does not know."""
    fig = figure(
        [{"type": "bar", "x": [1], "colour": "red"}], "t", x_title="x", y_title="y", height=300
    )
    with pytest.raises(ValueError, match="colour"):
        go.Figure(fig.to_dict())


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_trimmed_template_covers_what_the_figures_use(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """The template keeps plotly_white's look for every trace type and subplot a figure draws."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    white = pio.templates["plotly_white"].to_plotly_json()
    for kind in TRACE_TYPES:
        kept = TEMPLATE["data"][kind][0]
        assert {k: v for k, v in white["data"][kind][0].items() if k in kept} == kept, kind
    for key in ("xaxis", "yaxis", "paper_bgcolor", "plot_bgcolor", "hovermode", "shapedefaults"):
        assert TEMPLATE["layout"][key] == white["layout"][key], key
    for name, fig in {**all_figures(frames), "density": many_events_timeline(frames)}.items():
        spec = fig.to_plotly_json()
        assert {trace["type"] for trace in spec["data"]} <= set(TRACE_TYPES), name
        assert all("colorscale" in t for t in spec["data"] if t["type"] == "heatmap"), name
        dropped = set(white["layout"]) - set(TEMPLATE["layout"])
        assert not dropped & set(spec["layout"]), name  # e.g. no polar or geo subplot
        assert len(json.dumps(TEMPLATE)) < len(json.dumps(white)) / 2


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_serialises_the_same_each_time(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """Figures serialise to JSON, and building one twice gives the same figure."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    first, second = all_figures(frames), all_figures(frames)
    for name, fig in first.items():
        assert normalised(fig) == normalised(second[name]), name


def test_user_text_is_escaped_everywhere(hostile_frames: Frames) -> None:
    """Markup typed into the log is shown as text: no tag from it reaches any figure unescaped."""
    texts = {
        name: "\n".join(strings(normalised(fig)))
        for name, fig in all_figures(hostile_frames).items()
    }
    for name, text in texts.items():
        for raw in ("<script>", "<b>bold", "<i>group", "<a href"):
            assert raw not in text, (name, raw)
    seen = "\n".join(texts.values())
    for shown in (
        "&lt;script&gt;alert(&#x27;event&#x27;)",
        "&lt;b&gt;bold topic",
        "&lt;i&gt;group",
        "&lt;a href=&quot;x&quot;&gt;link person",
    ):
        assert shown in seen, shown


def test_density_strip_escapes_kinds(frames_en: Frames) -> None:
    """A kind with markup in it is shown as text on the density strip's axis and hover."""
    rows = many_rows(timeline_rows(frames_en), MAX_LANES + 1).assign(kind="<b>kind</b>")
    [heat] = timeline(rows, "en").data
    assert list(heat.y) == ["&lt;b&gt;kind&lt;/b&gt;"]
    # The hover's heading is the row's own (escaped) category, not a copy in every cell.
    assert heat.hovertemplate.startswith("<b>%{y}</b>")


def test_shared_layout_escapes_titles() -> None:
    """The shared layout escapes the title and axis titles it is given, and sets the template."""
    fig = figure([], "<b>t</b>", x_title="<i>x</i>", y_title="<u>y</u>", height=300)
    assert fig.layout.title.text == "&lt;b&gt;t&lt;/b&gt;"
    assert fig.layout.xaxis.title.text == "&lt;i&gt;x&lt;/i&gt;"
    assert fig.layout.yaxis.title.text == "&lt;u&gt;y&lt;/u&gt;"
    assert fig.layout.template.to_plotly_json() == TEMPLATE


def test_ids_reach_the_page_unchanged(hostile_frames: Frames) -> None:
    """Escaping is for display: the ids the page maps clicks with stay exactly as in the log."""
    figures = all_figures(hostile_frames)
    assert figures["timeline"].layout.meta["event_ids"] == EVENT_IDS
    assert figures["timeline"].data[0].customdata[0][0] == "lavrov-talks"
    assert figures["topics"].data[0].customdata[0][0] == "russia-un-cooperation"


@pytest.mark.parametrize("chart", panels.CHART_NAMES)
def test_empty_input_still_makes_a_figure(frames_hi: Frames, chart: str) -> None:
    """With nothing in view, each chart still returns a titled figure that serialises."""
    entry, settings = panels.chart(chart), panels.ChartSettings()
    result = entry.metric(frames_hi, settings, frames_hi)
    data = dataclasses.replace(result, rows=result.rows.iloc[:0])
    fig = entry.draw(data, frames_hi.language, settings, frames_hi.encoding)
    assert fig.layout.title.text
    assert fig.layout.template.to_plotly_json() == TEMPLATE
    json.loads(fig.to_json())


def test_charts_leave_their_input_alone(frames_en: Frames) -> None:
    """Drawing never changes the frame it was given."""
    rows = timeline_rows(frames_en)
    before = rows.copy()
    draw_timeline(timeline_of(rows), "en")
    pd.testing.assert_frame_equal(rows, before)


# Style helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Syria", 10, "Syria"),
        ("Russia–UN cooperation", 10, "Russia–UN<br>cooperation"),
        ("one two three four five", 7, "one two<br>three<br>four<br>five"),
        ("<b>x</b> & y", 40, "&lt;b&gt;x&lt;/b&gt; &amp; y"),
        ("", 10, ""),
    ],
)
def test_wrap_lines(text: str, width: int, expected: str) -> None:
    """Labels are escaped and broken at spaces into as many lines as they need, never cut."""
    assert wrap_lines(text, width) == expected


def test_escape_keeps_plain_text_and_neutralises_markup() -> None:
    """Plain text (Devanagari included) is unchanged; every markup character is escaped."""
    assert escape("सीरिया") == "सीरिया"
    assert escape('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_a_chart_of_top_items_says_how_many_of_how_many(frames_hi: Frames) -> None:
    """When metrics kept only the top items, the subtitle says so, in the chart's language; else none."""

    trimmed = speaker_topic_heatmap(speaker_topic_counts(frames_hi, max_topics=5), "hi")
    assert (
        trimmed.layout.title.subtitle.text.replace("<br>", " ").split(" · ")[-1]
        == "26 में से सबसे अधिक चर्चित 5 विषय दिखाए गए; बाकी के लिए फ़िल्टर करें"
    )
    whole = speaker_topic_heatmap(speaker_topic_counts(frames_hi), "hi").layout.title.subtitle
    assert "दिखाए गए" not in whole.text  # all shown: only the key to the cells remains


# Contrast (WCAG 2.1 AA: 4.5:1 for text) ------------------------------------------------------


def _luminance(color: str) -> float:
    """WCAG relative luminance of "#RRGGBB" or "rgba(r,g,b,a)" laid over white."""
    if color.startswith("rgba"):
        *rgb, alpha = (float(v) for v in color[5:-1].split(","))
        channels = [alpha * v + (1 - alpha) * 255 for v in rgb]
    else:
        channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in channels)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _shades(scale: Any) -> list[str]:
    """The scale's colours, and 9 shades between each pair, as plotly.js interpolates in RGB."""
    stops = [color for _, color in scale]
    shades = []
    for start, end in itertools.pairwise(stops):
        a, b = ([int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in (start, end))
        for k in range(11):
            shades.append(
                "#"
                + "".join(f"{round(x + (y - x) * k / 10):02X}" for x, y in zip(a, b, strict=True))
            )
    return shades


def test_the_contrast_check_can_fail() -> None:
    """The helpers agree with known ratios: white on Okabe–Ito blue 5.2:1, on sky blue 2.3:1."""
    assert round(_contrast("#FFFFFF", "#0072B2"), 1) == 5.2
    assert _contrast("#FFFFFF", "#56B4E9") < 4.5


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_text_in_every_chart_has_aa_contrast(
    request: pytest.FixtureRequest, lang: str
) -> None:
    """Titles, subtitles, hover labels, numbers in cells and labels on bars all reach 4.5:1."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    template = go.layout.Template(TEMPLATE).layout
    assert _contrast(template.font.color, "#FFFFFF") >= 4.5
    assert template.hoverlabel.bgcolor == "white"
    assert _contrast(template.hoverlabel.font.color, "#FFFFFF") >= 4.5
    for name, fig in {**all_figures(frames), "density": many_events_timeline(frames)}.items():
        subtitle = fig.layout.title.subtitle.font.color
        assert _contrast(subtitle, "#FFFFFF") >= 4.5, name
        for trace in fig.data:
            if trace.type == "heatmap" and trace.texttemplate:
                for shade in _shades(trace.colorscale):
                    assert _contrast(trace.textfont.color, shade) >= 4.5, (name, shade)
            if trace.type == "bar" and trace.text is not None:
                assert _contrast(trace.textfont.color, trace.marker.color) >= 4.5, name


def test_a_topic_bar_says_how_its_statements_were_voiced(frames_en: Frames) -> None:
    """Syria on 13 May: one statement in Putin's or Guterres's own words, one agreed jointly."""
    fig = panels.panel(panels.chart("topics"), frames_en, panels.ChartSettings()).figure
    [hover] = [
        custom[1]
        for trace in fig.data
        for custom in trace.customdata
        if custom[0] == "syria" and "13 May 2021" in custom[1]
    ]
    assert "1 statement in their own words · 1 statement agreed jointly" in hover


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_no_tick_label_is_cut_with_an_ellipsis(request: pytest.FixtureRequest, lang: str) -> None:
    """Labels wrap on words into as many lines as they need; none ends in "…" in any chart."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    for name, fig in all_figures(frames).items():
        layout = fig.to_dict()["layout"]
        for axis in (value for key, value in layout.items() if key.startswith(("xaxis", "yaxis"))):
            for tick in axis.get("ticktext") or []:
                assert "…" not in str(tick), (name, tick)


def test_a_long_title_grows_the_figure_not_shrinks_the_plot() -> None:
    """Each extra line of title or subtitle adds to the figure's height as much as to its top
    margin, so the plot keeps its height."""
    short = figure([], "Short", x_title="x", y_title="y", height=400, key="one line")
    long = figure(
        [], "A finding " * 12, x_title="x", y_title="y", height=400, key="a subtitle " * 12
    )
    plot = lambda fig: fig.layout.height - fig.layout.margin.t - fig.layout.margin.b  # noqa: E731
    assert long.layout.margin.t > short.layout.margin.t
    assert plot(long) == plot(short)


def test_a_long_event_title_makes_every_lane_taller(frames_en: Frames) -> None:
    """A title that wraps onto several lines gets rows tall enough for them, never a cut."""
    rows = timeline_rows(frames_en)
    short = timeline(rows, "en")
    long = timeline(
        rows.assign(title=["A very long title of an event " * 6, *rows["title"][1:]]), "en"
    )
    assert long.layout.height > short.layout.height
    assert all("…" not in tick for tick in long.layout.yaxis.ticktext)
