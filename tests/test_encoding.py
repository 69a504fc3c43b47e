"""One colour, order and name per thing, fixed from the whole log (dashboard/encoding.py)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import panels
from dashboard.charts.style import contrast, relative_luminance
from dashboard.encoding import CATEGORY_COLORS, OUTLINE, encode
from dashboard.filters import Filters
from dashboard.load import Frames


def _topic_figure(frames: Frames, filters: Filters, split: str = "day") -> object:
    settings = panels.ChartSettings(split_by=split)  # type: ignore[arg-type]
    return panels.panel(panels.chart("topics"), filters.apply(frames), settings).figure


def test_every_day_of_the_visit_has_a_colour_even_without_events(other_frames: Frames) -> None:
    """The day scale covers the visit from start to end, not only the days that have events."""
    encoding = other_frames.encoding
    start = date.fromisoformat(other_frames.visit["start"])
    end = date.fromisoformat(other_frames.visit["end"])
    assert len(encoding.days.ids) == (end - start).days + 1
    assert encoding.days.ids[0] == start.isoformat()
    assert len(set(encoding.days.colors.values())) == min(len(encoding.days.ids), 8)


def test_a_filter_keeps_the_encoding_of_the_whole_log(frames_en: Frames) -> None:
    """Filtered frames carry the whole log's scales, not ones made from what is left in view."""
    shown = Filters(start=date(2021, 5, 13), topics=frozenset({"covid-19"})).apply(frames_en)
    assert shown.encoding is frames_en.encoding
    assert shown.encoding.days.ids == ("2021-05-12", "2021-05-13")
    assert encode(shown).days.ids == shown.encoding.days.ids  # the visit's days, still both


@pytest.mark.parametrize("split", ["day", "event"])
def test_a_day_or_event_keeps_its_colour_whatever_the_filter(frames_en: Frames, split: str) -> None:
    """13 May (or the Putin meeting) is drawn in the same colour alone as beside 12 May."""
    everything = _topic_figure(frames_en, Filters(), split)
    alone = _topic_figure(frames_en, Filters(topics=frozenset({"covid-19"})), split)
    colour = {trace.name: trace.marker.color for trace in everything.data}  # type: ignore[attr-defined]
    [only] = alone.data  # type: ignore[attr-defined]
    assert only.marker.color == colour[only.name]
    assert len(everything.data) > 1  # type: ignore[attr-defined]


def test_a_day_keeps_its_place_in_the_legend_order(frames_hi: Frames) -> None:
    """Splits are listed in the scale's order in every view."""
    figure = _topic_figure(frames_hi, Filters(participants=frozenset({"putin", "lavrov"})))
    names = [trace.name for trace in figure.data]  # type: ignore[attr-defined]
    order = [frames_hi.encoding.days.name(day) for day in frames_hi.encoding.days.ids]
    assert names == [name for name in order if name in names]


def test_day_colours_differ_in_lightness_and_their_outline_holds_three_to_one() -> None:
    """The first two day colours stay apart in greyscale, and every bar's outline has 3:1 on white."""
    first, second = CATEGORY_COLORS[:2]
    assert contrast(first, second) >= 2.0
    assert abs(relative_luminance(first) - relative_luminance(second)) > 0.2
    assert contrast(OUTLINE, "#FFFFFF") >= 3.0


def test_every_topic_bar_has_the_outline(frames_en: Frames) -> None:
    """Bars in light colours are outlined, so each holds 3:1 against the white background."""
    for trace in _topic_figure(frames_en, Filters()).data:  # type: ignore[attr-defined]
        assert trace.marker.line.color == OUTLINE
        assert trace.marker.line.width >= 1


@pytest.mark.parametrize("by", ["points", "events"])
def test_topics_are_ranked_by_the_whole_visit_then_the_logs_order(
    frames_en: Frames, by: str
) -> None:
    """The topic chart's rows: every topic the visit mentions, most counted first, ties in the
    log's order."""
    encoding = frames_en.encoding
    ranking, totals = encoding.topic_ranking[by], encoding.topic_totals[by]
    assert set(ranking) == set(totals)
    keys = [(-totals[topic], encoding.topics.rank(topic)) for topic in ranking]
    assert keys == sorted(keys)
    assert ranking[0] == "russia-un-cooperation"
