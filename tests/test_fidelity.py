"""Faithful to the word: the shipped log against the article, and the rules any log follows.

The first tests read the shipped log for each problem the bilingual re-reading of issue 24
found, with the words of the article that decided each. The rest prove the rules a log follows
(docs/fidelity.md): each point's voice, every inference shown with its reason, readings on
record, 'not stated' for what a source does not state, and the visit's own points.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard import model, panels
from dashboard.cli import main as cli_main
from dashboard.export.calendar import calendar
from dashboard.export.data import statements
from dashboard.export.report import report_html
from dashboard.filters import Filters, only_events
from dashboard.load import Frames, Log, build_frames, read_log
from dashboard.panels import ChartSettings
from dashboard.provenance import statements_html
from dashboard.upgrade import main as upgrade_main
from dashboard.upgrade import upgrade
from tests.conftest import OTHER_VISIT

FIXTURES = Path(__file__).parent / "fixtures"


def _point(log: Log, point_id: str) -> tuple[str | None, dict[str, Any]]:
    """(the id of the event it sits in, or None for the visit's own, and the point)."""
    for point in log.document["visit"].get("points", []):
        if point["id"] == point_id:
            return None, point
    for event in log.document["events"]:
        for point in event["points"]:
            if point["id"] == point_id:
                return event["id"], point
    raise KeyError(point_id)


def _event(log: Log, event_id: str) -> dict[str, Any]:
    return next(event for event in log.document["events"] if event["id"] == event_id)


# --- The shipped log, re-read against the article -------------------------------------------


def test_the_narration_of_the_whole_visit_belongs_to_the_visit(shipped_log: Log) -> None:
    """Paragraph 1 narrates 12–13 May and talks "including" Putin: the visit's, reported, no speaker."""
    event_id, point = _point(shipped_log, "visit-talks")
    assert event_id is None
    assert point["voice"] == "reported"
    assert "speakers" not in point
    assert "12-13 मई, 2021 तक" in point["source"]["quote"]
    assert "सहित" in point["source"]["quote"]  # "including": no one day's talks


def test_assistance_to_the_un_is_lavrovs_account_to_the_press(shipped_log: Log) -> None:
    """ "और कहा कि उन्होंने और गुटेरेस ने ... चर्चा की": Lavrov told the press; it is his statement."""
    event_id, point = _point(shipped_log, "assist-the-un")
    assert event_id == "lavrov-press-remarks"
    assert point["speakers"] == ["lavrov"] and point["voice"] == "said"
    assert point["source"]["quote"].startswith("कहा कि उन्होंने और गुटेरेस ने")
    assert point["text"]["en"].startswith("Lavrov said that he and Guterres")
    assert point["text"]["hi"].startswith("लावरोव ने कहा कि उन्होंने और गुटेरेस ने")


@pytest.mark.parametrize(
    ("point_id", "hindi_kept", "article_words"),
    [
        ("rules-imposed-on-others", "सार्वभौमिक मानदंडों के रूप में", "सार्वभौमिक मानदंडों पर थोपने"),
        ("quartet-meeting-needed", "रूस की संभावित प्रतिक्रियाओं", "रूस की संभावित प्रतिक्रियाओं"),
        ("renewed-multilateralism", "अंतर्राष्ट्रीय समुदाय के लिए", "अंतर्राष्ट्रीय समुदाय के लिए"),
        (
            "normalization-not-at-palestinian-expense",
            "संयुक्त राष्ट्र सुरक्षा परिषद में निहित दो-राज्य सिद्धांत संकल्प",
            "संयुक्त राष्ट्र सुरक्षा परिषद में निहित दो-राज्य सिद्धांत संकल्प",
        ),
    ],
)
def test_the_hindi_texts_keep_what_the_article_says(
    shipped_log: Log, point_id: str, hindi_kept: str, article_words: str
) -> None:
    """Each Hindi text keeps the phrase of its quote that an earlier version dropped."""
    _, point = _point(shipped_log, point_id)
    assert article_words in point["source"]["quote"]
    assert hindi_kept in point["text"]["hi"]
    assert "के नाम पर" not in point["text"]["hi"]  # "in the name of": not what the article says


def test_the_english_keeps_should_not_and_one_resolution(shipped_log: Log) -> None:
    """ "नहीं होना चाहिए" is "should not", and "संकल्प" is one resolution."""
    _, point = _point(shipped_log, "normalization-not-at-palestinian-expense")
    english = point["text"]["en"]
    assert "should not" in english and "must not" not in english
    assert "resolution" in english and "resolutions" not in english
    assert (
        "Russia's possible reactions"
        in _point(shipped_log, "quartet-meeting-needed")[1]["text"]["en"]
    )
    assert (
        "for the international community"
        in (_point(shipped_log, "renewed-multilateralism")[1]["text"]["en"])
    )


def test_this_approach_is_the_imposing_of_rules(shipped_log: Log) -> None:
    """ "यह दृष्टिकोण" follows the rules imposed on others: the point carries that topic too."""
    _, point = _point(shipped_log, "undermines-un-role")
    assert "rules-based-order" in point["topics"]


def test_the_summaries_say_only_what_the_article_says(shipped_log: Log) -> None:
    """ "कटाक्ष किया" is a swipe; the assistance is by Moscow in Lavrov's account; only Guterres voiced
    the UN's interest in deeper cooperation."""
    remarks = _event(shipped_log, "lavrov-press-remarks")["summary"]
    assert "took a swipe" in remarks["en"] and "criticised" not in remarks["en"]
    assert "कटाक्ष" in remarks["hi"]
    talks = _event(shipped_log, "lavrov-talks")["summary"]
    assert talks["en"].startswith("In Lavrov's account") and "for Moscow" in talks["en"]
    assert talks["hi"].startswith("लावरोव के अनुसार")
    putin = _event(shipped_log, "putin-meeting")["summary"]
    assert (
        "Guterres thanked Putin and expressed the UN's interest in deeper cooperation"
        in putin["en"]
    )
    assert "discussed" in putin["en"] and "deeper UN–Russia cooperation" not in putin["en"]


def test_formats_the_article_does_not_state_say_they_are_inferred(frames_en: Frames) -> None:
    """The article never says the 12 May events were in person: each says it is inferred, and why."""
    notes = frames_en.inferred
    formats = notes[(notes["subject"] == "event") & (notes["field"] == "format")]
    assert set(formats["subject_id"]) == {"lavrov-talks", "lavrov-press-remarks"}
    reasons = formats.set_index("subject_id")["reason"]
    assert reasons["lavrov-talks"] == "the talks were held in Moscow during the visit"


def test_no_point_sits_on_a_day_its_paragraph_does_not_give(shipped_log: Log) -> None:
    """Paragraph 1 is the whole visit, 2–4 Wednesday's meeting and remarks, 5–7 Thursday's meeting."""
    days = {None: {1}, "2021-05-12": {2, 3, 4}, "2021-05-13": {5, 6, 7}}
    for point in shipped_log.document["visit"]["points"]:
        assert point["source"]["paragraph"] in days[None], point["id"]
    for event in shipped_log.document["events"]:
        for point in event["points"]:
            assert point["source"]["paragraph"] in days[str(event["date"])], point["id"]


AGREEMENT = ("सहमत", "सहमति", "दोनों नेताओं ने")


def test_agreed_points_are_those_the_article_says_were_agreed(shipped_log: Log) -> None:
    """A point is agreed exactly where its quote says so ("सहमत", "सहमति", "दोनों नेताओं ने")."""
    for event in shipped_log.document["events"]:
        for point in event["points"]:
            says_agreed = any(word in point["source"]["quote"] for word in AGREEMENT)
            assert (point["voice"] == "agreed") == says_agreed, point["id"]


def test_the_ambiguous_passages_carry_the_reading_the_log_took(shipped_log: Log) -> None:
    """The garbled sentence, "पूरी तरह से", "संकट के आधार पर" and the singular "वह" each say their reading."""
    read = {
        "rules-imposed-on-others": "रूस ने",
        "political-means": "पूरी तरह से",
        "regional-crises-putin": "संकट के आधार पर",
        "stop-violence-protect-civilians": "वह",
    }
    for point_id, words in read.items():
        _, point = _point(shipped_log, point_id)
        assert words in point["reading"]["en"] and words in point["reading"]["hi"], point_id
        assert words in point["source"]["quote"]


def test_a_speaker_credited_without_a_verb_of_saying_says_why(shipped_log: Log) -> None:
    """ "इसी के साथ यह ..." has no verb of saying, and "राजनयिक" names no one: both say why it is Lavrov."""
    for point_id in ("against-global-interests", "quartet-meeting-needed"):
        _, point = _point(shipped_log, point_id)
        assert "speakers" in point["inferred"], point_id
    assert "कहा" not in _point(shipped_log, "against-global-interests")[1]["source"]["quote"]


# --- The frames: voice, inferences, readings and the visit's own points ---------------------


def test_the_frames_carry_voice_reading_and_every_inference(frames_en: Frames) -> None:
    """Points, topics and speakers carry the voice; points their reading; ``inferred`` each note."""
    points = frames_en.points.set_index("point_id")
    assert points.loc["visit-talks", "voice"] == "reported"
    assert points.loc["two-state-for-peace", "voice"] == "agreed"
    assert points.loc["thanks-for-hospitality", "voice"] == "said"
    assert set(frames_en.points["voice"]) == {"said", "agreed", "reported"}
    assert points["reading"].notna().sum() == 4
    speakers = frames_en.point_speakers
    assert set(speakers.loc[speakers["point_id"] == "two-state-for-peace", "voice"]) == {"agreed"}
    topics = frames_en.point_topics
    assert set(topics.loc[topics["point_id"] == "syria-coordinated-efforts", "voice"]) == {"agreed"}
    subjects = set(zip(frames_en.inferred["subject"], frames_en.inferred["field"], strict=True))
    assert {("visit", "timezone"), ("participant", "organization")} <= subjects
    assert {("event", "format"), ("event", "date"), ("point", "speakers"), ("point", "event")} <= (
        subjects
    )


def test_the_visits_own_point_has_no_event_and_no_day(frames_en: Frames) -> None:
    """The visit's point is in the frames with <NA> event and NaT day, and speaks for no one."""
    row = frames_en.points.set_index("point_id").loc["visit-talks"]
    assert pd.isna(row["event_id"]) and pd.isna(row["date"])
    assert "visit-talks" not in set(frames_en.point_speakers["point_id"])


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        (Filters(), True),
        (Filters(start=date(2021, 5, 12), end=date(2021, 5, 13)), True),
        (Filters(start=date(2021, 5, 12), end=date(2021, 5, 12)), False),
        (Filters(start=date(2021, 5, 13)), False),
        (Filters(formats=frozenset({"virtual"})), False),
        (Filters(participants=frozenset({"guterres"})), False),
        (Filters(search="senior government officials"), True),
        (Filters(search="वरिष्ठ सरकारी"), True),
        (Filters(topics=frozenset({"syria"})), False),
    ],
)
def test_filters_treat_the_visits_point_as_on_no_one_day(
    frames_en: Frames, filters: Filters, kept: bool
) -> None:
    """Days or formats that leave part of the visit out leave its point out; a search finds it."""
    shown = filters.apply(frames_en)
    assert ("visit-talks" in set(shown.points["point_id"])) == kept
    assert set(shown.points["event_id"].dropna()) <= set(shown.events["event_id"])


def test_the_first_page_of_statements_opens_with_the_visit(frames_en: Frames) -> None:
    """The statements' first page starts with the visit as a whole; later pages never repeat it."""
    first = statements(only_events(frames_en, ["lavrov-talks"], visit=True))
    later = statements(only_events(frames_en, ["putin-meeting"]))
    assert first["point_id"].tolist()[:2] == ["visit-talks", "regional-situations-lavrov"]
    assert "visit-talks" not in set(later["point_id"])


def test_a_view_of_only_the_visits_point_is_not_empty(frames_en: Frames, shipped_log: Log) -> None:
    """A search only the visit's point matches shows it, and the charts of no event, not "nothing"."""
    view = model.page_model(
        frames_en,
        shipped_log.sha256,
        Filters(search="senior government officials"),
        ChartSettings(),
    )
    assert not view.selection.empty
    assert view.selection.shown.events.empty
    assert "<h3>The visit as a whole</h3>" in view.statements_html
    assert len(view.charts) == len(panels.drawn(frames_en))


# --- The statements list and the report show it ---------------------------------------------


def test_the_statements_say_the_voice_the_inferences_and_the_readings(frames_en: Frames) -> None:
    """The page says "in person, inferred: ...", each point's voice, and a reading beside its quote."""
    page = statements_html(statements(frames_en), "en")
    assert "in person, inferred: the talks were held in Moscow during the visit" in page
    assert "12 May 2021, inferred: the remarks came immediately after" in page
    assert page.index("<h3>The visit as a whole</h3>") < page.index("<h3>Talks with")
    assert "Voice: <span" in page and "reported by the source, no speaker</span>" in page
    assert "agreed jointly</span>" in page
    assert "Speakers inferred: the sentence has no verb of saying" in page
    assert page.count('class="reading"') == 4
    quote = page.index("संकट के आधार पर भी चर्चा की।")
    assert quote < page.index("Reading of the source:", quote)


def test_the_hindi_statements_say_it_in_hindi(frames_hi: Frames) -> None:
    """The same notes in Hindi: the interface's words and the log's reasons."""
    page = statements_html(statements(frames_hi), "hi")
    assert "आमने-सामने, अनुमानित: वार्ता दौरे के दौरान मॉस्को में हुई" in page
    assert "<h3>पूरा दौरा</h3>" in page
    assert "स्रोत का अर्थ:" in page
    assert "संयुक्त रूप से सहमति" in page


def test_the_report_shows_readings_and_inferences(frames_en: Frames) -> None:
    """The exported report's statements carry the same notes as the page."""
    report = report_html(frames_en, frames_en, [], "all", "0" * 64)
    assert "in person, inferred: the talks were held in Moscow during the visit" in report
    assert "Reading of the source:" in report


def test_readings_and_reasons_are_shown_as_text(variant: Callable[..., Path]) -> None:
    """A reading or a reason that holds markup is escaped, never run."""
    path = variant(
        (
            '            "पूरी तरह से" (fully, entirely)',
            '            <script>alert(1)</script> "पूरी तरह से" (fully, entirely)',
        ),
        (
            "        en: the talks were held in Moscow during the visit",
            "        en: <img src=x onerror=alert(1)> held in Moscow",
        ),
    )
    page = statements_html(statements(build_frames(read_log(path), "en")), "en")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# --- 'not stated': no field forces invention ------------------------------------------------


@pytest.fixture
def unstated(variant: Callable[..., Path]) -> Log:
    """The shipped log with the organisation, the time zone and the Putin meeting's day unstated."""
    return read_log(
        variant(
            ("  timezone: Europe/Moscow", "  timezone: not stated"),
            (
                "  inferred:\n    timezone:\n      en: the article gives no time zone; the visit was in "
                "Moscow, which keeps Moscow time\n      hi: लेख में समय क्षेत्र नहीं है; दौरा मॉस्को में था, "
                "जहाँ मॉस्को का समय चलता है\n",
                "",
            ),
            (
                "    organization: {en: United Nations, hi: संयुक्त राष्ट्र}",
                "    organization: not stated",
            ),
            ("    date: 2021-05-13\n", "    date: not stated\n"),
        )
    )


def test_not_stated_is_said_in_words_and_invents_nothing(unstated: Log) -> None:
    """'not stated' validates, reads as words in each language, and leaves the day empty."""
    for lang, words in (("en", "not stated in the source"), ("hi", "स्रोत में नहीं बताया गया")):
        frames = build_frames(unstated, lang)
        organisation = frames.participants.set_index("participant_id")["organization"]
        assert organisation["guterres"] == words
        events = frames.events.set_index("event_id")
        assert pd.isna(events.loc["putin-meeting", "date"])
        assert not events.loc["putin-meeting", "date_stated"]
        assert events.loc["lavrov-talks", "date_stated"]
        assert frames.visit["timezone"] == "not stated"
    page = statements_html(statements(build_frames(unstated, "en")), "en")
    assert "day not stated in the source · virtual" in page


def test_an_undated_event_is_on_none_of_the_chosen_days(unstated: Log) -> None:
    """A day filter leaves an undated event out; the calendar, which needs a day, skips it."""
    frames = build_frames(unstated, "en")
    shown = Filters(start=date(2021, 5, 12), end=date(2021, 5, 13)).apply(frames)
    assert "putin-meeting" not in set(shown.events["event_id"])
    assert "putin-meeting" in set(
        Filters(formats=frozenset({"virtual"})).apply(frames).events["event_id"]
    )
    assert b"putin-meeting" not in calendar(frames)
    assert b"lavrov-talks" in calendar(frames)


@pytest.mark.parametrize("chart", [c.name for c in panels.CHARTS if c.name != "attendance"])
def test_the_charts_draw_a_log_with_an_undated_event(unstated: Log, chart: str) -> None:
    """Every chart but the attendance grid draws a log whose event has no stated day."""
    for lang in ("en", "hi"):
        frames = build_frames(unstated, lang)
        for split in ("day", "event"):
            drawn = panels.panel(panels.chart(chart), frames, panels.ChartSettings(split_by=split))
            assert drawn.figure.data


def test_the_attendance_grid_draws_a_log_with_an_undated_event(unstated: Log) -> None:
    """The attendance grid draws an undated event, its day said in words."""
    frames = build_frames(unstated, "en")
    drawn = panels.panel(panels.chart("attendance"), frames, panels.ChartSettings())
    assert drawn.figure.data
    assert "not stated" in drawn.figure.to_json()


# --- A version 1 log: read as said, told once, upgraded by one command ----------------------


def test_a_version_1_log_reads_as_said_and_validate_says_so_once() -> None:
    """validate accepts a log without voices, each read as said, and prints the upgrade command once."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli_main(["validate", str(OTHER_VISIT)])
    assert code == 0
    printed = out.getvalue()
    assert printed.count("no 'voice'") == 1
    assert f"python -m dashboard.upgrade {OTHER_VISIT}" in printed
    frames = build_frames(read_log(OTHER_VISIT), "en")
    assert set(frames.points["voice"]) == {"said"}


def test_the_shipped_log_has_no_notice(shipped_log: Log) -> None:
    """A version 2 log with every voice given is told nothing."""
    assert shipped_log.notices == ()


def test_upgrade_adds_the_voice_and_keeps_everything_else() -> None:
    """The upgrade adds 'voice: said' to block and flow points, keeps comments, and validates."""
    text = (FIXTURES / "other_visit" / "events.yaml").read_text(encoding="utf-8")
    upgraded, points = upgrade(text)
    assert points == 4
    assert upgraded.count("voice: said") == 4
    assert "schema_version: 2\n" in upgraded
    assert upgraded.splitlines()[0] == text.splitlines()[0]  # the comments stay
    assert [line for line in upgraded.splitlines() if "voice" not in line] == [
        line.replace("schema_version: 1", "schema_version: 2") for line in text.splitlines()
    ]
    one_line = "- {id: p, topics: [], text: {en: x}, speakers: [a]}"
    assert (
        "{voice: said, id: p,"
        in upgrade(f"schema_version: 1\nevents:\n  - points:\n    {one_line}\n")[0]
    )


def test_the_upgrade_command_rewrites_the_log_and_the_notice_goes(tmp_path: Path) -> None:
    """python -m dashboard.upgrade PATH writes a valid version 2 log; validate then says nothing more."""
    shutil.copytree(FIXTURES / "other_visit", tmp_path / "other_visit")
    path = tmp_path / "other_visit" / "events.yaml"
    before = read_log(path)
    with redirect_stdout(io.StringIO()):
        assert upgrade_main([str(path)]) == 0
    after = read_log(path)
    assert after.notices == ()
    assert after.flat.schema_version == 2
    assert after.flat.points["id"] == before.flat.points["id"]
    assert set(after.flat.points["voice"]) == {"said"}


def test_the_upgrade_refuses_an_invalid_log_and_changes_nothing(tmp_path: Path) -> None:
    """An invalid log is reported, and left exactly as it was."""
    path = tmp_path / "events.yaml"
    path.write_text("schema_version: 1\nvisit: {}\n", encoding="utf-8")
    errors = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(errors):
        assert upgrade_main([str(path)]) == 1
    assert "nothing was changed" in errors.getvalue()
    assert path.read_text(encoding="utf-8") == "schema_version: 1\nvisit: {}\n"
