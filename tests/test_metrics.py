"""Aggregations checked against counts worked out by hand from the article."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.load import Frames
from dashboard.metrics import (
    MAX_LANES,
    CoAttendance,
    Kept,
    attendance_matrix,
    co_attendance,
    joined,
    key_figures,
    speaker_topic_counts,
    timeline_of,
    timeline_rows,
    topic_frequency,
)


def _counts(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(row.topic_id, row.split_id): row.count for row in frame.itertuples()}


def test_topic_frequency_by_points_per_day(frames_en: Frames) -> None:
    """Statements per topic per day: Russia–UN cooperation 4 on 12 May and 3 on 13 May, and so on."""
    counts = _counts(topic_frequency(frames_en, count_by="points", split_by="day").rows)
    assert counts[("russia-un-cooperation", "2021-05-12")] == 4
    assert counts[("russia-un-cooperation", "2021-05-13")] == 3
    assert counts[("israel-palestine", "2021-05-12")] == 3
    assert counts[("israel-palestine", "2021-05-13")] == 2
    assert counts[("climate-change", "2021-05-13")] == 2
    assert ("climate-change", "2021-05-12") not in counts
    assert sum(counts.values()) == len(frames_en.point_topics) == 47


def test_topic_frequency_by_events_counts_each_event_once(frames_en: Frames) -> None:
    """By events, a topic raised in two points of one event counts once for that event."""
    frame = topic_frequency(frames_en, count_by="events", split_by="none").rows
    totals = dict(zip(frame["topic_id"], frame["count"], strict=True))
    # Said at the press remarks and at the Putin meeting; Lavrov's account of the talks is his
    # remark to the press, not a statement made at the talks.
    assert totals["russia-un-cooperation"] == 2
    assert totals["israel-palestine"] == 2
    assert totals["syria"] == 2
    assert totals["climate-change"] == 1
    assert totals["cyprus"] == 1


def test_topic_frequency_per_event(frames_en: Frames) -> None:
    """Split by event, each count belongs to one event, labelled with its title."""
    frame = topic_frequency(frames_en, count_by="points", split_by="event").rows
    syria = frame[frame["topic_id"] == "syria"].set_index("split_id")
    assert syria["count"].to_dict() == {"lavrov-talks": 1, "putin-meeting": 2}
    assert syria.loc["putin-meeting", "split_label"] == "Virtual meeting with President Putin"


def test_topic_frequency_is_sorted_by_total(frames_en: Frames) -> None:
    """The most frequent topic comes first and totals never increase down the frame."""
    frame = topic_frequency(frames_en, count_by="points", split_by="day").rows
    assert frame["topic_id"].iloc[0] == "russia-un-cooperation"
    assert frame["topic_total"].is_monotonic_decreasing


def test_topic_frequency_follows_filters(frames_en: Frames) -> None:
    """Filtered frames give counts for what is left only."""
    shown = Filters(participants=frozenset({"putin"})).apply(frames_en)
    counts = _counts(topic_frequency(shown, count_by="points", split_by="none").rows)
    assert counts[("israel-palestine", "all")] == 2
    assert ("russia-un-cooperation", "all") in counts  # the Syria coordination point
    assert ("rules-based-order", "all") not in counts


def test_speaker_topic_counts(frames_en: Frames) -> None:
    """Points by speaker and topic, including zeros for the full participant × topic grid."""
    counts = speaker_topic_counts(frames_en).rows.set_index(["participant_id", "topic_id"])["count"]
    assert counts[("guterres", "russia-un-cooperation")] == 3
    assert counts[("lavrov", "russia-un-cooperation")] == 4
    assert counts[("putin", "russia-un-cooperation")] == 1
    assert counts[("lavrov", "israel-palestine")] == 3
    assert counts[("putin", "israel-palestine")] == 2
    assert counts[("putin", "rules-based-order")] == 0
    assert len(counts) == 3 * 26


def test_attendance_matrix(frames_en: Frames) -> None:
    """Who attended which event: Guterres at the talks and the Putin meeting, Lavrov at both 12 May events."""
    grid = attendance_matrix(frames_en).rows
    attended = {(r.participant_id, r.event_id) for r in grid.itertuples() if r.attended}
    assert attended == {
        ("guterres", "lavrov-talks"),
        ("guterres", "putin-meeting"),
        ("lavrov", "lavrov-talks"),
        ("lavrov", "lavrov-press-remarks"),
        ("putin", "putin-meeting"),
    }
    assert len(grid) == 9
    assert list(grid["event_id"].unique()) == [
        "lavrov-talks",
        "lavrov-press-remarks",
        "putin-meeting",
    ]


def test_timeline_rows_carry_what_hover_shows(frames_en: Frames) -> None:
    """Timeline rows are in time order with participants, topics and point counts joined in."""
    rows = timeline_rows(frames_en).set_index("event_id")
    assert list(rows.index) == ["lavrov-talks", "lavrov-press-remarks", "putin-meeting"]
    assert rows.loc["putin-meeting", "participants"] == "António Guterres, Vladimir Putin"
    assert rows.loc["lavrov-talks", "topics"].startswith("Syria, Libya")
    assert rows.loc["lavrov-press-remarks", "n_points"] == 12
    assert rows["start_at"].isna().all()


def test_timeline_rows_place_timed_events_at_their_times(frames_en: Frames) -> None:
    """An event with clock times gets timestamps on its day and keeps its place in the day's sequence."""
    events = frames_en.events.copy()
    events.loc[events["event_id"] == "lavrov-press-remarks", ["start", "end", "time_reported"]] = [
        "10:30",
        "11:15",
        True,
    ]
    rows = timeline_rows(Frames(**{**frames_en.__dict__, "events": events}))
    timed = rows.set_index("event_id").loc["lavrov-press-remarks"]
    assert timed["start_at"] == pd.Timestamp("2021-05-12 10:30")
    assert timed["end_at"] == pd.Timestamp("2021-05-12 11:15")
    assert rows["event_id"].tolist() == ["lavrov-talks", "lavrov-press-remarks", "putin-meeting"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"events": 3, "points": 22, "topics": 26, "participants": 3, "days": 2}),
        (
            Filters(formats=frozenset({"virtual"})),
            {"events": 1, "points": 8, "topics": 19, "participants": 2, "days": 1},
        ),
    ],
)
def test_key_figures(frames_en: Frames, filters: Filters, expected: dict[str, int]) -> None:
    """The header's figures count what the filters leave."""
    assert key_figures(filters.apply(frames_en)) == expected


def test_topic_frequency_keeps_the_most_frequent_topics(frames_en: Frames) -> None:
    """With a limit, only the top topics remain, and the result says how many of how many."""
    frequency = topic_frequency(frames_en, count_by="points", split_by="day", limit=2)
    assert list(frequency.rows["topic_id"].unique()) == [
        "russia-un-cooperation",
        "israel-palestine",
    ]
    assert frequency.topics == Kept("topic_id", 2, 26)
    assert topic_frequency(frames_en, "points", "day").topics == Kept("topic_id", 26, 26)


def test_topic_frequency_stops_splitting_past_a_dozen(
    frames_en: Frames, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more days or events than can be told apart by colour, counts are totals and the
    result says so."""
    import dashboard.metrics as metrics

    monkeypatch.setattr(metrics, "MAX_SPLITS", 2)
    frequency = metrics.topic_frequency(frames_en, count_by="points", split_by="event")
    assert frequency.split_by == "none"
    assert set(frequency.rows["split_id"]) == {"all"}
    assert metrics.topic_frequency(frames_en, count_by="points", split_by="day").split_by == "day"


def test_matrices_keep_the_most_active_people_and_first_events(frames_en: Frames) -> None:
    """Caps keep the heatmaps small at scale: top speakers and topics, the first events in time."""
    counts = speaker_topic_counts(frames_en, max_people=2, max_topics=3)
    assert set(counts.rows["participant_id"]) == {"guterres", "lavrov"}
    assert len(counts.rows) == 2 * 3
    assert counts.people == Kept("participant_id", 2, 3)
    grid = attendance_matrix(frames_en, max_events=2)
    assert list(grid.rows["event_id"].unique()) == ["lavrov-talks", "lavrov-press-remarks"]
    assert set(grid.rows["participant_id"]) == {"guterres", "lavrov"}
    assert grid.events == Kept("event_id", 2, 3)


def test_joined_keeps_each_keys_values_in_their_order() -> None:
    """Interleaved keys: each key gets its own values, in the order they came."""
    keys = pd.Series(["b", "a", "b", "a", "c"], dtype="string")
    values = pd.Series(["1", "2", "3", "4", "5"], dtype="string")
    result = joined(keys, values, "; ")
    assert result.to_dict() == {"b": "1; 3", "a": "2; 4", "c": "5"}


def _met(grid: CoAttendance) -> dict[tuple[str, str], int]:
    return {(r.participant_id, r.other_id): r.events for r in grid.rows.itertuples()}


def test_co_attendance_of_the_shipped_visit(frames_en: Frames) -> None:
    """Guterres met Lavrov once (the talks) and Putin once (virtually); Lavrov and Putin never met.

    The diagonal is each person's own events: Guterres 2, Lavrov 2 (talks and press remarks), Putin 1.
    """
    grid = co_attendance(frames_en)
    assert _met(grid) == {
        ("guterres", "guterres"): 2,
        ("guterres", "lavrov"): 1,
        ("guterres", "putin"): 1,
        ("lavrov", "guterres"): 1,
        ("lavrov", "lavrov"): 2,
        ("lavrov", "putin"): 0,
        ("putin", "guterres"): 1,
        ("putin", "lavrov"): 0,
        ("putin", "putin"): 1,
    }
    pair = grid.rows.set_index(["participant_id", "other_id"])
    assert pair.loc[("guterres", "putin"), "formats"] == "virtual 1"
    assert (
        pair.loc[("guterres", "putin"), "titles"]
        == "Virtual meeting with President Putin (virtual)"
    )
    assert pair.loc[("guterres", "guterres"), "formats"] == "in person 1 · virtual 1"
    assert pair.loc[("lavrov", "putin"), "titles"] == ""


def test_co_attendance_of_another_visit(other_frames: Frames) -> None:
    """In Lisbon the head of delegation met each of the other three once, and they met no one else."""
    met = _met(co_attendance(other_frames))
    assert met[("head", "head")] == 3
    assert {met[("head", other)] for other in ("minister", "mayor", "commission")} == {1}
    assert met[("minister", "mayor")] == met[("mayor", "commission")] == 0
    assert met[("commission", "commission")] == 1
    assert len(met) == 16


def test_co_attendance_follows_the_filters(frames_en: Frames) -> None:
    """On 13 May only Guterres and Putin attended anything, together once, virtually."""
    shown = Filters(start=date(2021, 5, 13)).apply(frames_en)
    assert _met(co_attendance(shown)) == {
        ("guterres", "guterres"): 1,
        ("guterres", "putin"): 1,
        ("putin", "guterres"): 1,
        ("putin", "putin"): 1,
    }


def test_co_attendance_keeps_the_most_connected_and_lists_a_few_titles(
    frames_en: Frames, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for two, the two who met the most others stay; long title lists say how many more."""
    grid = co_attendance(frames_en, max_people=2)
    assert set(grid.rows["participant_id"]) == {
        "guterres",
        "lavrov",
    }  # Guterres met 2; Lavrov and Putin 1
    assert grid.people == Kept("participant_id", 2, 3)
    import dashboard.metrics as metrics

    monkeypatch.setattr(metrics, "MAX_SHARED_TITLES", 1)
    own = metrics.co_attendance(frames_en).rows.set_index(["participant_id", "other_id"])
    assert own.loc[("guterres", "guterres"), "titles"] == (
        "Talks with Foreign Minister Lavrov (in person); and 1 more"
    )


def test_timeline_rows_can_leave_out_the_labels(frames_en: Frames) -> None:
    """Without labels, the rows have no participants, topics or topic count, and the rest the same."""
    bare = timeline_rows(frames_en, labels=False)
    full = timeline_rows(frames_en)
    assert "participants" not in bare and "topics" not in bare
    pd.testing.assert_frame_equal(bare, full.drop(columns=["participants", "topics", "n_topics"]))


def test_a_timeline_past_its_lanes_is_counted_per_kind_and_day(frames_en: Frames) -> None:
    """Past MAX_LANES events the metric counts events per kind and day over the axis's days, the
    visit's range included; up to MAX_LANES it counts nothing, each event gets a lane."""
    rows = timeline_rows(frames_en)
    many = rows.iloc[[i % len(rows) for i in range(MAX_LANES + 1)]].reset_index(drop=True)
    visit = (date(2021, 5, 11), date(2021, 5, 14))
    drawn = timeline_of(many, visit)
    assert list(drawn.days) == list(pd.date_range("2021-05-11", "2021-05-14"))
    assert drawn.density is not None
    assert drawn.density.kinds == ("meeting", "press-remarks", "talks")
    expected = pd.crosstab(many["kind"].astype("object"), many["date"]).to_numpy()
    assert drawn.density.counts[:, 1:3].tolist() == expected.tolist()
    assert drawn.density.counts[:, [0, 3]].sum() == 0
    assert timeline_of(many.iloc[:MAX_LANES]).density is None
    assert list(timeline_of(rows).days) == list(pd.date_range("2021-05-12", "2021-05-13"))


def test_topic_splits_come_in_the_whole_logs_order(frames_en: Frames) -> None:
    """The result lists the splits in view in the encoding's order of days or events, which the
    chart stacks and lists in; unsplit, one split, "all"."""
    by_event = topic_frequency(frames_en, count_by="points", split_by="event")
    assert by_event.splits == frames_en.encoding.events.ids
    late = Filters(start=date(2021, 5, 13)).apply(frames_en)
    assert topic_frequency(late, count_by="points", split_by="day").splits == ("2021-05-13",)
    assert topic_frequency(frames_en, count_by="points", split_by="none").splits == ("all",)
