"""The visit at a glance: the sentence per day and the events table (dashboard/overview.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.i18n import format_day
from dashboard.load import Frames
from dashboard.overview import MAX_EVENTS, overview

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_events_summary_is_in_the_table(request: pytest.FixtureRequest, lang: str) -> None:
    """Each event's summary from the log is in the overview table, beside its title, in order."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    table = overview(frames).events
    summaries = table.iloc[:, -1].tolist()
    titles = table.iloc[:, 1].tolist()
    expected = dict(zip(frames.events["title"], frames.events["summary"], strict=True))
    assert len(titles) == len(frames.events)
    assert [expected[title] for title in titles] == summaries
    assert all(summaries)


def test_the_sentence_names_each_day_its_people_and_top_topic(frames_en: Frames) -> None:
    """One clause per day: the day, who attended, and the topics its statements touched most."""
    sentence = overview(frames_en).sentence
    first, second = sentence.rstrip(".").split("; ")
    assert first.startswith("12 May 2021, António Guterres and Sergey Lavrov: ")
    assert second.startswith("13 May 2021, António Guterres and Vladimir Putin: ")
    assert "Rules-based international order" in first
    assert "Syria" in second


def test_the_overview_follows_the_filters(frames_hi: Frames) -> None:
    """Filtered to 13 May, only that day and its one event are in the overview."""
    shown = Filters(start=date(2021, 5, 13)).apply(frames_hi)
    found = overview(shown)
    assert found.sentence.startswith(format_day(date(2021, 5, 13), "hi"))
    assert ";" not in found.sentence
    assert len(found.events) == 1
    assert found.more_events == 0


def test_an_event_without_a_summary_has_an_empty_cell(frames_en: Frames) -> None:
    """A missing summary is an empty cell, never "None" or "<NA>"."""
    import dataclasses

    events = frames_en.events.copy()
    events["summary"] = events["summary"].astype("object")
    events.loc[events.index[0], "summary"] = None
    events["summary"] = events["summary"].astype("string")
    table = overview(dataclasses.replace(frames_en, events=events)).events
    assert table.iloc[0, -1] == ""
    assert "None" not in table.to_csv() and "<NA>" not in table.to_csv()


def test_a_long_log_lists_the_first_events_and_says_how_many_more(other_frames: Frames) -> None:
    """The table stops at MAX_EVENTS rows and counts the rest."""
    found = overview(other_frames)
    assert len(found.events) == min(MAX_EVENTS, len(other_frames.events))
    assert found.more_events == max(0, len(other_frames.events) - MAX_EVENTS)


def frames_summaries() -> list[str]:
    """The shipped log's English event summaries, read from the log itself."""
    from dashboard.load import DEFAULT_LOG, build_frames, read_log

    return [str(s) for s in build_frames(read_log(DEFAULT_LOG), "en").events["summary"]]


def test_the_day_by_day_section_opens_with_the_overview_before_the_timeline() -> None:
    """The day-by-day tab shows the sentence and the events table, with every summary, first."""
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    app.query_params["section"] = "when"
    app.run()
    assert not app.exception
    [table] = app.table
    # The cells are Markdown-escaped (st.table renders Markdown): read them unescaped.
    text = re.sub(r"\\(.)", r"\1", table.value.to_string())
    summaries = frames_summaries()
    assert all(summary in text for summary in summaries)
    assert any(m.value.startswith("12 May 2021, António Guterres") for m in app.markdown)


def test_a_day_without_participants_or_a_date_is_said_plainly(frames_en: Frames) -> None:
    """No "none" where a day's events list no one; an undated event's day is said in words, last."""
    import dataclasses

    events = frames_en.events.copy()
    events.loc[events["event_id"] == "putin-meeting", "date"] = pd.NaT
    shown = dataclasses.replace(
        frames_en,
        events=events,
        attendance=frames_en.attendance[frames_en.attendance["event_id"] == "putin-meeting"],
    )
    sentence = overview(shown).sentence
    first, last = sentence.rstrip(".").split("; ")
    assert first.startswith("12 May 2021: ")  # no one listed on 12 May: no "none"
    assert "none" not in sentence
    assert last.startswith("day not stated in the source, António Guterres and Vladimir Putin: ")


def test_the_report_opens_with_the_overview_and_every_summary(frames_hi: Frames) -> None:
    """The exported report shows the sentence per day and each event's summary, escaped."""
    import html

    from dashboard.export.report import report_html

    report = report_html(frames_hi, frames_hi, [], "all", "0" * 64)
    found = overview(frames_hi)
    assert html.escape(found.sentence) in report
    for summary in frames_hi.events["summary"]:
        assert html.escape(str(summary)) in report
    assert report.index("एक नज़र में") < report.index("<h2>चार्ट</h2>")
