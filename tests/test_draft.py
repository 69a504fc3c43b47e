"""``visit-dashboard draft``: from articles to a draft log that validates, and what it gets right."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from dashboard.cli import main
from dashboard.draft.dates import calendar
from dashboard.draft.sentences import sentences
from dashboard.draft.source import paragraphs
from dashboard.load import DEFAULT_LOG, read_log

ARTICLE = DEFAULT_LOG.parent / "sources" / "article.hi.txt"
ARTICLES = Path(__file__).parent / "fixtures" / "articles"
OTHER_VISIT = Path(__file__).parent / "fixtures" / "other_visit" / "events.yaml"


def _draft(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "draft"
    assert main(["draft", *args, "--out", str(out)]) == 0
    document: dict[str, Any] = read_log(out / "events.yaml").document
    return document


def _statements(document: dict[str, Any]) -> list[tuple[int, str, str, dict[str, Any]]]:
    """(paragraph, quote, day, point) of every drafted statement."""
    return [
        (point["source"]["paragraph"], point["source"]["quote"], event["date"], point)
        for event in document["events"]
        for point in event["points"]
    ]


@pytest.fixture(scope="module")
def shipped_draft(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped article drafted with the shipped log's people and topics."""
    return _draft(tmp_path_factory.mktemp("shipped"), str(ARTICLE), "--like", str(DEFAULT_LOG))


def test_shipped_draft_validates_as_a_draft_on_the_visits_days(
    shipped_draft: dict[str, Any],
) -> None:
    """The shipped article's draft validates, says it is a draft, and spans 12–13 May 2021."""
    assert shipped_draft["draft"] is True
    assert (shipped_draft["visit"]["start"], shipped_draft["visit"]["end"]) == (
        "2021-05-12",
        "2021-05-13",
    )
    assert shipped_draft["visit"]["source"]["quote"] == "12-13 मई, 2021"


def test_every_shipped_quote_lies_in_one_drafted_statement_on_its_day(
    shipped_draft: dict[str, Any],
) -> None:
    """Each quote of the shipped log is inside exactly one drafted sentence of its paragraph,
    and that sentence sits on the shipped point's day."""
    drafted = _statements(shipped_draft)
    shipped = read_log(DEFAULT_LOG).document
    for event in shipped["events"]:
        for point in event["points"]:
            cited = point["source"]
            holding = [
                (day, quote)
                for paragraph, quote, day, _ in drafted
                if paragraph == cited["paragraph"] and cited["quote"] in quote
            ]
            assert len(holding) == 1, point["id"]
            assert holding[0][0] == event["date"], point["id"]
    # The visit's own statements have no day, but their quotes are drafted sentences too.
    for point in shipped["visit"].get("points", []):
        cited = point["source"]
        assert [
            quote
            for paragraph, quote, _, _ in drafted
            if paragraph == cited["paragraph"] and cited["quote"] in quote
        ], point["id"]


def test_shipped_draft_finds_the_three_participants_and_invents_none(
    shipped_draft: dict[str, Any],
) -> None:
    """Guterres, Lavrov and Putin are found by the names the article uses; no one else appears."""
    assert [p["id"] for p in shipped_draft["participants"]] == ["guterres", "lavrov", "putin"]
    speakers = {s for _, _, _, point in _statements(shipped_draft) for s in point["speakers"]}
    assert speakers == {"guterres", "lavrov", "putin"}
    for _, _, _, point in _statements(shipped_draft):
        assert point["voice"] == ("said" if point["speakers"] else "reported"), point["id"]


def test_shipped_draft_topic_recall(shipped_draft: dict[str, Any]) -> None:
    """Topic suggestions recall at least half the shipped log's (point, topic) pairs (28 of 47
    on 7 December 2026), and suggest none the shipped log does not give that sentence."""
    drafted = _statements(shipped_draft)
    shipped = read_log(DEFAULT_LOG).document
    found = wanted = 0
    for event in shipped["events"]:
        for point in event["points"]:
            cited = point["source"]
            (suggested,) = [
                set(p["topics"])
                for paragraph, quote, _, p in drafted
                if paragraph == cited["paragraph"] and cited["quote"] in quote
            ]
            wanted += len(point["topics"])
            found += len(set(point["topics"]) & suggested)
    assert found / wanted >= 0.5, f"recall {found}/{wanted}"
    # Precision: every topic suggested for a sentence is one the shipped log gives a statement
    # quoted from that sentence (27 of 27 on 7 December 2026).
    for paragraph, quote, _, p in drafted:
        shipped_topics = {
            topic
            for event in shipped["events"]
            for point in event["points"]
            if point["source"]["paragraph"] == paragraph and point["source"]["quote"] in quote
            for topic in point["topics"]
        }
        assert set(p["topics"]) <= shipped_topics, p["id"]


def test_without_like_no_one_and_nothing_is_suggested(tmp_path: Path) -> None:
    """Without --like the draft names no participant and no topic, and still validates."""
    document = _draft(tmp_path, str(ARTICLE))
    assert document["participants"] == []
    assert document["topics"] == []
    assert all(not point["speakers"] for _, _, _, point in _statements(document))
    # Until someone is named, a sentence is the source's own narration, and says so.
    assert {point["voice"] for _, _, _, point in _statements(document)} == {"reported"}
    assert document["visit"]["timezone"] == "not stated"


def test_sources_are_copied_byte_for_byte(tmp_path: Path) -> None:
    """The draft's folder holds each source exactly as it was read."""
    _draft(tmp_path, str(ARTICLE))
    assert (tmp_path / "draft" / "sources" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


def test_validate_counts_what_awaits_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate accepts a draft and says how many review notes are left."""
    _draft(tmp_path, str(ARTICLE))
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "draft" / "events.yaml")]) == 0
    out = capsys.readouterr().out
    assert "valid draft (2 events, 20 statements, languages: hi)" in out
    # The visit, two days and 20 statements.
    assert "23 items still await review" in out


# Sentences: (language, paragraph, the sentences expected).
SENTENCES = [
    (
        "en",
        "On Monday the two delegations met at the ministry on St. Paul's Square. They discussed "
        "fisheries and ocean protection. A rise of 2.5 per cent in fish stocks was reported by "
        "the U.N. team.",
        [
            "On Monday the two delegations met at the ministry on St. Paul's Square.",
            "They discussed fisheries and ocean protection.",
            "A rise of 2.5 per cent in fish stocks was reported by the U.N. team.",
        ],
    ),
    (
        "en",
        "The talks went on over lunch. Dr. Silva said the ocean plan would be ready by June.",
        ["The talks went on over lunch.", "Dr. Silva said the ocean plan would be ready by June."],
    ),
    (
        "fr",
        "La délégation de l'ONU a séjourné à Lisbonne du 4 au 6 mars 2024. Elle a été reçue par "
        "M. Duarte, ministre des Affaires étrangères, et par Mme Silva, maire adjointe.",
        [
            "La délégation de l'ONU a séjourné à Lisbonne du 4 au 6 mars 2024.",
            "Elle a été reçue par M. Duarte, ministre des Affaires étrangères, et par Mme Silva, "
            "maire adjointe.",
        ],
    ),
    ("hi", "नमस्ते। आप कैसे हैं? ठीक हूँ।", ["नमस्ते।", "आप कैसे हैं?", "ठीक हूँ।"]),
]


@pytest.mark.parametrize(("language", "paragraph", "expected"), SENTENCES)
def test_sentences_split_at_ends_not_inside_abbreviations_or_numbers(
    language: str, paragraph: str, expected: list[str]
) -> None:
    """Sentences end at ".", "!", "?" and the danda, never inside "Dr.", "U.N.", "St.", "M." or "2.5"."""
    assert sentences(paragraph, language) == expected


def test_shipped_article_has_the_sentences_pysbd_finds() -> None:
    """The shipped article's seven paragraphs hold 1, 5, 2, 3, 4, 3 and 2 sentences, each verbatim."""
    found = paragraphs(ARTICLE.read_bytes(), ARTICLE.name)
    cut = [sentences(p.text, "hi") for p in found]
    assert [len(c) for c in cut] == [1, 5, 2, 3, 4, 3, 2]
    assert all(s in p.text for p, c in zip(found, cut, strict=True) for s in c)


# Each test article: its name, the visit's days, and each paragraph's line and day.
ARTICLE_DAYS = [
    (
        "visit.en.txt",
        (date(2024, 3, 4), date(2024, 3, 6)),
        # 1: "from 4 to 6 March 2024"; 3: "On Monday"; 5: no date, Monday still;
        # 7: "On Tuesday, 5 March"; 9: "On Wednesday".
        {1: date(2024, 3, 4), 3: date(2024, 3, 4), 5: date(2024, 3, 4), 7: date(2024, 3, 5)}
        | {9: date(2024, 3, 6)},
    ),
    (
        "visite.fr.txt",
        (date(2024, 3, 4), date(2024, 3, 6)),
        # 1: "du 4 au 6 mars 2024"; 2: "Le mardi"; 3: no date; 4: "Le 6 mars" (no year).
        {1: date(2024, 3, 4), 2: date(2024, 3, 5), 3: date(2024, 3, 5), 4: date(2024, 3, 6)},
    ),
]


@pytest.mark.parametrize(("name", "visit", "days"), ARTICLE_DAYS)
def test_test_articles_get_their_visit_and_paragraph_days(
    name: str, visit: tuple[date, date], days: dict[int, date]
) -> None:
    """Ranges are read to both ends, weekdays and yearless dates resolve inside the visit, and a
    paragraph without a date stays on the day before it."""
    path = ARTICLES / name
    language = name.split(".")[1]
    found = calendar([(language, paragraphs(path.read_bytes(), name))])
    assert found is not None
    assert (found.start, found.end) == visit
    numbers = [p.number for p in paragraphs(path.read_bytes(), name)]
    assert dict(zip(numbers, found.days[0], strict=True)) == days


@pytest.mark.parametrize("name", ["visit.en.txt", "visite.fr.txt"])
def test_test_articles_draft_to_valid_logs_with_known_people(tmp_path: Path, name: str) -> None:
    """Each test article drafts, with the other visit as --like, to a valid log whose events fall
    on the article's days and whose suggested people are named in their sentences."""
    document = _draft(tmp_path, str(ARTICLES / name), "--like", str(OTHER_VISIT))
    assert [e["date"] for e in document["events"]] == ["2024-03-04", "2024-03-05", "2024-03-06"]
    found = {p["id"] for p in document["participants"]}
    assert found >= {"minister", "commission"}
    assert "head" not in found  # "Head of delegation" is never written in either article


def test_a_weekday_is_resolved_inside_the_visit_never_against_today() -> None:
    """ "बुधवार" (Wednesday) lands on 12 May 2021, the visit's Wednesday, not a day near today."""
    found = calendar(
        [("hi", paragraphs("यात्रा 12-13 मई, 2021 तक चली।\nबुधवार को बैठक हुई।\n".encode(), "a"))]
    )
    assert found is not None
    assert found.days[0] == (date(2021, 5, 12), date(2021, 5, 12))


LATIN1 = "Le délégué est arrivé le 4 mars 2024.\n".encode("latin-1")

# Bad input: (what, the bytes of the source or None for a folder, expected code, words in stderr)
BAD_INPUT = [
    ("empty", b"", 1, "has no text"),
    ("blank", b"  \n\n \n", 1, "has no text"),
    ("binary", b"%PDF-1.7\x00\x01\x02\xff", 1, "is not a text file"),
    ("latin1", LATIN1, 1, "is not UTF-8 text (byte 0xe9 on line 1)"),
    ("wrapped", b"One paragraph on 4 March 2024\nwrapped here.\n\nAnother.\n", 1, "wrapped"),
    ("undated", b"The delegation arrived on Monday.\n", 1, "no date with a day"),
    ("folder", None, 1, "is a folder"),
]


@pytest.mark.parametrize(
    ("what", "data", "code", "words"), BAD_INPUT, ids=[row[0] for row in BAD_INPUT]
)
def test_bad_input_gets_a_clear_message_and_code(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    data: bytes | None,
    code: int,
    words: str,
) -> None:
    """Each unusable source exits with its code and a message naming the file and the fix; no
    draft folder is left behind."""
    source = tmp_path / f"{what}.en.txt"
    if data is None:
        source.mkdir()
    else:
        source.write_bytes(data)
    out = tmp_path / "out"
    assert main(["draft", str(source), "--out", str(out)]) == code
    err = capsys.readouterr().err
    assert words in err
    assert str(source) in err or source.name in err
    assert not out.exists()


def test_an_existing_folder_is_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DIR exists: exit 2 and its files untouched; with --force the draft is written into it."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "events.yaml").write_text("mine", encoding="utf-8")
    assert main(["draft", str(ARTICLE), "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (out / "events.yaml").read_text(encoding="utf-8") == "mine"
    assert main(["draft", str(ARTICLE), "--out", str(out), "--force"]) == 0
    assert yaml.safe_load((out / "events.yaml").read_text(encoding="utf-8"))["draft"] is True


def test_a_source_without_a_language_asks_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file whose name carries no language code, without --lang, is refused with how to say it."""
    source = tmp_path / "article.txt"
    source.write_text("Talks on 4 March 2024.\n", encoding="utf-8")
    assert main(["draft", str(source), "--out", str(tmp_path / "out")]) == 1
    assert "--lang" in capsys.readouterr().err
    assert main(["draft", str(source), "--out", str(tmp_path / "out"), "--lang", "en"]) == 0


def test_only_a_draft_may_leave_an_events_participants_empty(tmp_path: Path) -> None:
    """A draft whose text names no one known validates with empty participants; the same log
    without ``draft: true`` is refused, naming each event's empty list."""
    from dashboard.problems import LogError

    _draft(tmp_path, str(ARTICLES / "visit.en.txt"))
    drafted = tmp_path / "draft" / "events.yaml"
    text = drafted.read_text(encoding="utf-8")
    assert "participants: []" in text
    finished = tmp_path / "draft" / "finished.yaml"
    finished.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(LogError) as caught:
        read_log(finished)
    assert {p.path for p in caught.value.problems} == {
        f"events[{e}].participants" for e in range(3)
    }
    assert all("is empty" in p.message for p in caught.value.problems)


def test_sources_in_two_languages_or_with_one_name_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft's texts are in one language and its sources sit side by side: sources in English
    and French, or two files of one name, are refused with what to do instead."""
    english, french = ARTICLES / "visit.en.txt", ARTICLES / "visite.fr.txt"
    assert main(["draft", str(english), str(french), "--out", str(tmp_path / "a")]) == 1
    assert "Draft each language's sources on their own" in capsys.readouterr().err
    (tmp_path / "copy").mkdir()
    twin = tmp_path / "copy" / english.name
    twin.write_bytes(english.read_bytes())
    assert main(["draft", str(english), str(twin), "--out", str(tmp_path / "b")]) == 1
    assert "Rename one of them" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_an_invalid_like_log_is_refused_with_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--like names a log that does not validate: exit 1, its problems printed, nothing written."""
    like = tmp_path / "like.yaml"
    like.write_text("schema_version: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["draft", str(ARTICLE), "--out", str(out), "--like", str(like)]) == 1
    err = capsys.readouterr().err
    assert "the required field 'visit' is missing" in err
    assert "no draft was written" in err
    assert not out.exists()


def test_a_draft_names_no_group_in_a_language_it_lacks(tmp_path: Path) -> None:
    """The groups of the topics found keep their own labels in the draft's language (French
    here), and only those groups are listed."""
    document = _draft(
        tmp_path, str(ARTICLES / "visite.fr.txt"), "--like", str(OTHER_VISIT), "--lang", "fr"
    )
    labels = {g["id"]: g["label"]["fr"] for g in document.get("topic_groups", [])}
    assert labels == {"sea": "La mer", "society": "Société et énergie"}


def test_a_drafts_report_says_it_is_a_draft(tmp_path: Path) -> None:
    """The exported report of a draft carries the draft notice with its count; a finished log's
    report has none."""
    from dashboard.export.bundle import export
    from dashboard.urlstate import View

    _draft(tmp_path, str(ARTICLES / "visit.en.txt"))
    drafted = read_log(tmp_path / "draft" / "events.yaml")
    export(drafted, tmp_path / "r", View(lang="en"), types=["html"], progress=False)
    report = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "This is a draft log: 13 items still await review" in report
    export(read_log(OTHER_VISIT), tmp_path / "o", View(lang="en"), types=["html"], progress=False)
    assert "draft log" not in (tmp_path / "o" / "report.html").read_text(encoding="utf-8")


def test_a_draft_naming_no_one_draws_every_chart_from_the_frame_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft with no speaker and no topic, read back from the frame store, still gives every
    chart: its empty columns keep their type."""
    from dashboard import panels
    from dashboard.store import CACHE_ENV, load_all_frames

    _draft(tmp_path, str(ARTICLES / "visit.en.txt"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "store"))
    log = tmp_path / "draft" / "events.yaml"
    load_all_frames(log)  # a miss: builds and stores
    _, frames = load_all_frames(log)  # a hit: read back from the store
    drawn = panels.panels(frames["en"])
    assert [p.name for p in drawn] == list(panels.CHART_NAMES)


def test_names_the_draft_cannot_resolve_are_listed_not_made_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """People the known log lacks ("Dr. Ana Silva", "Mr. Rui Costa") are listed at the top of the
    draft and on the screen for review, and never become participants."""
    out = tmp_path / "draft"
    args = ["draft", str(ARTICLES / "visit.en.txt"), "--like", str(OTHER_VISIT)]
    assert main([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    header = (out / "events.yaml").read_text(encoding="utf-8").split("\nschema_version:")[0]
    for name in (
        "Dr. Ana Silva (visit.en.txt, paragraph 1)",
        "Mr. Rui Costa (visit.en.txt, paragraph 7)",
    ):
        assert f"not resolved: {name}" in printed
        assert f"#   {name}" in header
    names = {
        n
        for p in read_log(out / "events.yaml").document["participants"]
        for n in p["name"].values()
    }
    assert not any("Silva" in n or "Costa" in n for n in names)
    # The weekdays and months the text names are never taken for names.
    assert "Monday" not in header and "March" not in header


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("साइप्रस समझौते की जटिल समस्या", [("cyprus", "साइप्रस समझौते")]),
        ("साइप्रस समझौता हुआ", [("cyprus", "साइप्रस समझौता")]),
        ("साइप्रस समझौतों पर", [("cyprus", "साइप्रस समझौतों")]),
        ("साइप्रस समझौतकार", []),  # a longer word, not an inflection
        ("Cyprus settlements", []),  # Latin words are matched as written
        ("the Cyprus settlement", [("cyprus", "Cyprus settlement")]),
    ],
)
def test_a_label_is_found_in_its_inflected_forms(text: str, found: list[tuple[str, str]]) -> None:
    """A label ending in a vowel sign is found with another vowel sign in its place (the oblique
    "समझौते" for "समझौता"); a longer word, or a Latin word with more letters, is not it."""
    from dashboard.draft.names import Known

    known = Known.topics(
        [{"id": "cyprus", "label": {"en": "Cyprus settlement", "hi": "साइप्रस समझौता"}}]
    )
    assert known.found_in(text) == found


def test_every_inference_of_the_draft_is_on_record(shipped_draft: dict[str, Any]) -> None:
    """Each event's placeholder format and suggested participants, each point's suggested
    speakers or its reading as narration, carry an inferred note with its reason."""
    for event in shipped_draft["events"]:
        assert "placeholder" in event["inferred"]["format"]["hi"]
        assert ("participants" in event["inferred"]) == bool(event["participants"])
    for _, _, _, point in _statements(shipped_draft):
        field = "speakers" if point["speakers"] else "voice"
        assert set(point["inferred"]) == {field}
        assert point["inferred"][field]["hi"]
