"""The shipped log is faithful to the article, and the frames keep their contract."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest

from dashboard.load import (
    COLUMNS,
    DEFAULT_LOG,
    Frames,
    Log,
    build_frames,
    parse_log,
    pick,
    read_log,
)
from dashboard.problems import LogError

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "article.hi.txt"


def _points(log: Log) -> list[dict]:
    """Every point of the log: the visit's own first, then each event's."""
    visit_points = log.document["visit"].get("points", [])
    return [
        *visit_points,
        *(point for event in log.document["events"] for point in event["points"]),
    ]


@pytest.mark.skipif(not ARTICLE.exists(), reason="../shared/source is not beside this checkout")
def test_article_is_copied_byte_for_byte() -> None:
    """data/sources/article.hi.txt is the shared article, unchanged."""
    assert (DEFAULT_LOG.parent / "sources" / "article.hi.txt").read_bytes() == ARTICLE.read_bytes()


def test_every_quote_is_verbatim_from_its_paragraph(shipped_log: Log) -> None:
    """Every point of the shipped log cites the article, and its quote is in the cited paragraph."""
    paragraphs = shipped_log.paragraphs["article"]
    for point in _points(shipped_log):
        source = point["source"]
        assert source["source"] == "article"
        assert source["quote"] in paragraphs[source["paragraph"] - 1], point["id"]


def test_every_paragraph_is_covered_by_a_point(shipped_log: Log) -> None:
    """All seven paragraphs of the article are cited by at least one point."""
    cited = {point["source"]["paragraph"] for point in _points(shipped_log)}
    assert len(shipped_log.paragraphs["article"]) == 7
    assert cited == set(range(1, 8))


def test_visit_has_both_days_both_meetings_and_the_press_remarks(frames_en: Frames) -> None:
    """The log holds the talks and press remarks with Lavrov on 12 May and the virtual Putin meeting on 13 May."""
    events = frames_en.events.set_index("event_id")
    assert events.loc["lavrov-talks", "date"] == pd.Timestamp("2021-05-12")
    assert events.loc["lavrov-press-remarks", "kind"] == "press-remarks"
    assert events.loc["lavrov-press-remarks", "date"] == pd.Timestamp("2021-05-12")
    assert events.loc["putin-meeting", "date"] == pd.Timestamp("2021-05-13")
    assert events.loc["putin-meeting", "format"] == "virtual"
    attendance = set(map(tuple, frames_en.attendance.to_numpy()))
    assert ("lavrov-talks", "lavrov") in attendance
    assert ("putin-meeting", "putin") in attendance


@pytest.mark.parametrize(
    ("event_id", "topics"),
    [
        (
            "lavrov-talks",
            {"syria", "libya", "afghanistan", "yemen", "cyprus"},
        ),
        (
            "lavrov-press-remarks",
            {
                "russia-un-cooperation",
                "rules-based-order",
                "un-role",
                "global-governance",
                "political-settlement",
                "israel-palestine",
                "middle-east-quartet",
                "arab-israeli-normalization",
                "two-state-solution",
            },
        ),
        (
            "putin-meeting",
            {
                "multilateralism",
                "covid-19",
                "climate-change",
                "russia-un-cooperation",
                "peace-and-security",
                "sustainable-development",
                "biodiversity",
                "human-rights",
                "syria",
                "refugees-and-idps",
                "humanitarian-aid",
                "reconstruction",
                "syria-constitutional-process",
                "libya",
                "yemen",
                "afghanistan",
                "israel-palestine",
                "protection-of-civilians",
                "two-state-solution",
            },
        ),
    ],
)
def test_each_event_has_every_topic_the_article_names(
    frames_en: Frames, event_id: str, topics: set[str]
) -> None:
    """Each event's topics, the union of its points' topics, are exactly those the article names for it."""
    pairs = frames_en.point_topics
    assert set(pairs.loc[pairs["event_id"] == event_id, "topic_id"]) == topics


def test_no_clock_time_is_invented(frames_en: Frames) -> None:
    """The article gives no times, so no event has one and every event is marked as untimed."""
    assert frames_en.events["start"].isna().all()
    assert frames_en.events["end"].isna().all()
    assert not frames_en.events["time_reported"].any()


@pytest.mark.parametrize("name", list(COLUMNS))
def test_frames_have_the_contracted_columns_and_dtypes(frames_en: Frames, name: str) -> None:
    """Each frame has exactly the documented columns, in order, with the documented dtypes."""
    frame = frames_en.by_name()[name]
    assert list(frame.columns) == list(COLUMNS[name])
    assert {column: str(dtype) for column, dtype in frame.dtypes.items()} == COLUMNS[name]


def test_frames_speak_the_chosen_language(frames_en: Frames, frames_hi: Frames) -> None:
    """Labels follow the language while ids stay the same."""
    en = frames_en.participants.set_index("participant_id")["name"]
    hi = frames_hi.participants.set_index("participant_id")["name"]
    assert en["putin"] == "Vladimir Putin"
    assert hi["putin"] == "व्लादिमीर पुतिन"
    assert list(frames_en.points["point_id"]) == list(frames_hi.points["point_id"])
    assert frames_hi.visit["title"].startswith("संयुक्त राष्ट्र")


def test_frame_sizes_match_the_log(shipped_log: Log, frames_en: Frames) -> None:
    """Every event, attendance, point, point-topic and speaker of the log becomes exactly one row."""
    events = shipped_log.document["events"]
    points = _points(shipped_log)
    assert len(frames_en.events) == len(events) == 3
    assert len(frames_en.attendance) == sum(len(e["participants"]) for e in events)
    assert len(frames_en.points) == len(points) == 22
    assert len(frames_en.point_topics) == sum(len(p["topics"]) for p in points)
    assert len(frames_en.point_speakers) == sum(len(p.get("speakers", [])) for p in points)
    assert frames_en.paragraphs["paragraph"].tolist() == list(range(1, 8))


def test_a_missing_language_falls_back_to_the_first_given() -> None:
    """pick() returns the requested language, else the first available, else None."""
    assert pick({"en": "Syria", "hi": "सीरिया"}, "hi") == "सीरिया"
    assert pick({"fr": "Syrie"}, "en") == "Syrie"
    assert pick(None, "en") is None


def test_log_hash_names_the_exact_bytes(shipped_log: Log) -> None:
    """The log's sha256 changes with its bytes, so exports can be traced to their input."""
    data = DEFAULT_LOG.read_bytes()
    other = parse_log(data + b"\n# a comment\n", "events.yaml", DEFAULT_LOG.parent)
    assert shipped_log.sha256 != other.sha256
    assert len(shipped_log.sha256) == 64


def test_build_frames_does_not_touch_the_document(shipped_log: Log) -> None:
    """Building frames twice gives equal frames: the validated document is read, never changed."""
    first, second = build_frames(shipped_log, "en"), build_frames(shipped_log, "en")
    for name, frame in first.by_name().items():
        pd.testing.assert_frame_equal(frame, second.by_name()[name], obj=name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbfschema_version: 1\n", "byte-order mark"),
        (b"visit: caf\xe9\n", "not valid UTF-8"),
        (b"- a\n- b\n", "the document is a list, not a mapping"),
        (b"a: 1\na: 2\n", "the key 'a' appears twice"),
        (b"a: !!python/object/apply:os.system [echo hi]\n", "YAML tag that is not allowed"),
        (b"a:\n\tb: 1\n", "YAML syntax error"),
    ],
)
def test_unreadable_documents_get_a_clear_message(data: bytes, message: str) -> None:
    """Files that are not a YAML mapping of plain values are refused with a sentence, not a traceback."""
    with pytest.raises(LogError) as caught:
        parse_log(data, "upload.yaml", None)
    assert message in str(caught.value)
    assert all(p.hint for p in caught.value.problems)


def test_a_loaded_document_is_old_at_once_and_nothing_stays_frozen() -> None:
    """The collector resumes with the loaded document in its oldest generation, so no young
    pass goes over it, and with nothing frozen."""
    gc.collect()
    log = read_log(DEFAULT_LOG)
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert {id(log.document), id(log.document["events"]), id(log.document["events"][0])} <= oldest
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_objects_the_process_froze_stay_frozen_through_a_load() -> None:
    """A process that froze objects itself (before forking, say) finds them frozen after a load."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        read_log(DEFAULT_LOG)
        after = gc.get_freeze_count()
        # Not equal: a frozen object freed meanwhile (by another thread) leaves the count. An
        # unfreeze would empty it, and a freeze of the log would add its 190,000 containers.
        assert frozen * 0.9 <= after <= frozen, (frozen, after)
    finally:
        gc.unfreeze()
