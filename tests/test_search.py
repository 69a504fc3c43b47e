"""Full-text search: which statements a search keeps, in either language and either Unicode form."""

from __future__ import annotations

import pytest

from dashboard import search
from dashboard.filters import Filters
from dashboard.load import Frames

# "इज़रायल" as the article writes it (ज + nukta) and typed with the precomposed letter ज़ (U+095B).
ISRAEL_DECOMPOSED = "इ\u091c\u093cरायल"
ISRAEL_PRECOMPOSED = "इ\u095bरायल"


def _point_ids(frames: Frames, text: str) -> set[str]:
    return set(Filters(search=text).apply(frames).points["point_id"])


QUARTET = {"quartet-meeting-needed", "quartet-ministerial"}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "quartet", QUARTET),
        ("en", "QUARTET", QUARTET),
        ("en", "  Quartet ", QUARTET),
        ("hi", "क्वाड", QUARTET),
        ("hi", "quartet", QUARTET),  # the Hindi page searches the English texts too
        ("en", "क्वाड", QUARTET),  # and the English page the Hindi ones
        ("en", "zzzz", set()),
    ],
)
def test_a_search_keeps_the_statements_that_say_it(
    request: pytest.FixtureRequest, lang: str, text: str, expected: set[str]
) -> None:
    """Case, surrounding spaces and the page's language don't matter."""
    frames: Frames = request.getfixturevalue(f"frames_{lang}")
    assert _point_ids(frames, text) == expected


def test_either_unicode_form_of_a_devanagari_letter_finds_the_same_statements(
    frames_hi: Frames,
) -> None:
    """A nukta letter typed precomposed or as base plus nukta finds one set, and not none."""
    decomposed = _point_ids(frames_hi, ISRAEL_DECOMPOSED)
    assert decomposed
    assert _point_ids(frames_hi, ISRAEL_PRECOMPOSED) == decomposed


def test_the_quote_speakers_and_topic_labels_are_searched_too(frames_en: Frames) -> None:
    """A Hindi word of a quote, a speaker's name and a topic label each find statements."""
    quotes = zip(frames_en.points["point_id"], frames_en.points["quote"], strict=True)
    quoted = {point for point, quote in quotes if "क्वाड" in str(quote)}
    assert quoted == {"quartet-meeting-needed"}
    assert _point_ids(frames_en, "क्वाड") >= quoted
    by_speaker = Filters(search="putin").apply(frames_en)
    assert set(by_speaker.point_speakers["participant_id"]) >= {"putin"}
    assert len(by_speaker.points) == 8  # everything Putin said, and only in his meeting
    by_topic = _point_ids(frames_en, "rules-based")
    assert by_topic and by_topic == set(
        Filters(topics=frozenset({"rules-based-order"})).apply(frames_en).points["point_id"]
    )


def test_a_search_narrows_events_and_attendance_with_the_statements(frames_en: Frames) -> None:
    """Only the events with a matching statement stay, and their participants."""
    shown = Filters(search="quartet").apply(frames_en)
    assert list(shown.events["event_id"]) == ["lavrov-press-remarks"]
    assert set(shown.attendance["event_id"]) == {"lavrov-press-remarks"}
    assert set(shown.point_topics["point_id"]) == QUARTET


def test_an_empty_or_blank_search_is_no_filter(frames_en: Frames) -> None:
    """Nothing typed, or only spaces and control characters, keeps everything."""
    for text in ("", "   ", "\x00\t"):
        filters = Filters(search=text)
        assert not filters.active
        assert filters.apply(frames_en) is frames_en


def test_a_search_is_described_and_named_in_file_names(frames_en: Frames) -> None:
    """The description quotes the search as typed; the slug gives its plain letters."""
    filters = Filters(search="Quartet")
    assert filters.describe(frames_en).endswith("matching “Quartet”")
    assert filters.slug() == "search-quartet"


def test_normalise_cuts_long_searches_and_drops_control_characters() -> None:
    """A pasted page becomes its first MAX_LENGTH characters; NUL and newlines go."""
    assert search.normalise("A\x00b\nC") == "abc"
    assert len(search.normalise("x" * 10_000)) == search.MAX_LENGTH


def _said_by_the_rule(frames: Frames, text: str) -> set[str]:
    """The search rule read plainly, one statement at a time: the reference for the scans."""
    wanted = search.normalise(text)
    names = dict(
        zip(
            frames.participants["participant_id"],
            frames.participants["name_all_languages"],
            strict=True,
        )
    )
    labels = dict(zip(frames.topics["topic_id"], frames.topics["label_all_languages"], strict=True))
    fields: dict[str, list[str]] = {}
    for point, said, quote in zip(
        frames.points["point_id"],
        frames.points["text_all_languages"],
        frames.points["quote"],
        strict=True,
    ):
        fields[point] = [said, quote]
    for point, person in zip(
        frames.point_speakers["point_id"], frames.point_speakers["participant_id"], strict=True
    ):
        fields[point].append(names[person])
    for point, topic in zip(
        frames.point_topics["point_id"], frames.point_topics["topic_id"], strict=True
    ):
        fields[point].append(labels[topic])
    return {
        point
        for point, texts in fields.items()
        if any(wanted in search.nfc(str(field)).lower() for field in texts)
    }


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("text", ["a", "guterres", "syria", "संयुक्त", "lavrov", "cooperation"])
def test_the_scans_find_what_the_rule_read_plainly_finds(
    request: pytest.FixtureRequest, other_frames: Frames, lang: str, text: str
) -> None:
    """Text, quote, names and labels scanned apart find exactly the statements a plain reading of
    the rule finds, on the shipped log and on another visit."""
    for frames in (request.getfixturevalue(f"frames_{lang}"), other_frames):
        assert _point_ids(frames, text) == _said_by_the_rule(frames, text), (lang, text)


@pytest.mark.parametrize(
    "text", ["Syria", "सीरिया", "quartet", "क्वाड", "Putin", "पुतिन", "covid", "zzzz", "इज़रायल"]
)
def test_a_search_finds_the_same_statements_whatever_the_page_language(
    frames_en: Frames, frames_hi: Frames, text: str
) -> None:
    """A reader searches in whatever script they type: both pages keep the same statements."""
    assert _point_ids(frames_en, text) == _point_ids(frames_hi, text)


def test_syria_is_found_in_either_script_on_either_page(
    frames_en: Frames, frames_hi: Frames
) -> None:
    """?lang=hi&q=Syria and ?q=सीरिया find the statements about Syria (issue 18's examples)."""
    about_syria = set(Filters(topics=frozenset({"syria"})).apply(frames_en).points["point_id"])
    for frames in (frames_en, frames_hi):
        for text in ("Syria", "सीरिया"):
            assert _point_ids(frames, text) >= about_syria, (frames.language, text)
