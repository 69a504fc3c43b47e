"""Filters narrow every frame consistently, and describe themselves in words."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.filters import Filters
from dashboard.load import Frames

MAY12, MAY13 = date(2021, 5, 12), date(2021, 5, 13)

# (filters, event ids kept, number of points kept); counts worked out by hand from the article.
# The visit's own point (paragraph 1's narration of the whole visit) is on no one day, in no
# format and has no speakers: it stays while every day is in view, and goes with a participant.
CASES = [
    (Filters(), {"lavrov-talks", "lavrov-press-remarks", "putin-meeting"}, 22),
    (Filters(start=MAY12, end=MAY12), {"lavrov-talks", "lavrov-press-remarks"}, 13),
    (
        Filters(start=MAY12, end=MAY13),
        {"lavrov-talks", "lavrov-press-remarks", "putin-meeting"},
        22,
    ),
    (Filters(start=MAY13), {"putin-meeting"}, 8),
    (Filters(end=MAY12), {"lavrov-talks", "lavrov-press-remarks"}, 13),
    (Filters(formats=frozenset({"virtual"})), {"putin-meeting"}, 8),
    (Filters(formats=frozenset({"in-person"})), {"lavrov-talks", "lavrov-press-remarks"}, 13),
    (Filters(participants=frozenset({"putin"})), {"putin-meeting"}, 6),
    (Filters(participants=frozenset({"lavrov"})), {"lavrov-talks", "lavrov-press-remarks"}, 13),
    (
        Filters(participants=frozenset({"lavrov", "putin"})),
        {"lavrov-talks", "lavrov-press-remarks", "putin-meeting"},
        19,
    ),
    (Filters(topics=frozenset({"syria"})), {"lavrov-talks", "putin-meeting"}, 3),
    (Filters(topics=frozenset({"syria"}), start=MAY12, end=MAY12), {"lavrov-talks"}, 1),
    (
        Filters(topics=frozenset({"two-state-solution"}), participants=frozenset({"putin"})),
        {"putin-meeting"},
        1,
    ),
    (Filters(topics=frozenset({"cyprus"}), formats=frozenset({"virtual"})), set(), 0),
]


@pytest.mark.parametrize(("filters", "event_ids", "n_points"), CASES)
def test_filters_keep_the_expected_events_and_points(
    frames_en: Frames, filters: Filters, event_ids: set[str], n_points: int
) -> None:
    """Each filter keeps exactly the events and points worked out by hand from the article."""
    shown = filters.apply(frames_en)
    assert set(shown.events["event_id"]) == event_ids
    assert len(shown.points) == n_points


@pytest.mark.parametrize(("filters", "_events", "_points"), CASES)
def test_filtered_frames_agree_with_each_other(
    frames_en: Frames, filters: Filters, _events: object, _points: object
) -> None:
    """After filtering, no table refers to an event or point another table dropped."""
    shown = filters.apply(frames_en)
    events = set(shown.events["event_id"])
    points = set(shown.points["point_id"])
    assert set(shown.points["event_id"].dropna()) <= events  # <NA>: the visit's own points
    assert set(shown.attendance["event_id"]) <= events
    assert set(shown.point_topics["point_id"]) <= points
    assert set(shown.point_speakers["point_id"]) <= points


def test_topic_filter_narrows_topics_and_participant_filter_narrows_speakers(
    frames_en: Frames,
) -> None:
    """Charts see only the chosen topics and speakers, so no count shows what was filtered out."""
    shown = Filters(topics=frozenset({"syria"}), participants=frozenset({"putin"})).apply(frames_en)
    assert set(shown.point_topics["topic_id"]) == {"syria"}
    assert set(shown.point_speakers["participant_id"]) == {"putin"}
    assert (
        len(shown.point_topics) == 2
    )  # Syria points Putin took part in: coordination, constitution


def test_apply_leaves_the_input_unchanged(frames_en: Frames) -> None:
    """Filtering returns new frames and never modifies the (cached) input frames."""
    before = {name: frame.copy() for name, frame in frames_en.by_name().items()}
    Filters(topics=frozenset({"syria"}), start=MAY13).apply(frames_en)
    for name, frame in frames_en.by_name().items():
        assert frame.equals(before[name]), name


@pytest.mark.parametrize(
    ("filters", "lang", "text"),
    [
        (Filters(), "en", "Showing all 3 events and 22 statements"),
        (
            Filters(start=MAY12, end=MAY12, topics=frozenset({"syria"})),
            "en",
            "Showing 1 event and 1 statement on 12 May 2021 about Syria",
        ),
        (
            Filters(start=MAY12, end=MAY13, formats=frozenset({"virtual"})),
            "en",
            "Showing 1 event and 8 statements from 12 May 2021 to 13 May 2021 held virtual",
        ),
        (
            Filters(participants=frozenset({"putin", "lavrov"})),
            "en",
            "Showing 3 events and 19 statements with Sergey Lavrov and Vladimir Putin",
        ),
        (Filters(topics=frozenset({"syria", "nowhere"})), "en", "about Syria and nowhere"),
        (Filters(), "hi", "सभी 3 कार्यक्रम और 22 वक्तव्य दिखाए जा रहे हैं"),
        (
            Filters(start=MAY13, end=MAY13, topics=frozenset({"syria"})),
            "hi",
            "13 मई 2021 को, विषय: सीरिया: 1 कार्यक्रम और 2 वक्तव्य दिखाए जा रहे हैं",
        ),
    ],
)
def test_describe_says_what_is_shown(
    request: pytest.FixtureRequest, filters: Filters, lang: str, text: str
) -> None:
    """describe() words the filters and the counts they leave, in the frames' language."""
    frames = request.getfixturevalue(f"frames_{lang}")
    assert text in filters.describe(frames)


def test_active_is_false_only_without_restrictions() -> None:
    """A Filters value knows whether it restricts anything."""
    assert not Filters().active
    assert Filters(formats=frozenset({"virtual"})).active
