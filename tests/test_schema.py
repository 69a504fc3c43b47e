"""The published schema and the checks beyond it: each kind of bad input, with its message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from dashboard.load import DEFAULT_LOG, read_log
from dashboard.problems import LogError
from dashboard.schema import SCHEMA_FILE, schema
from tests.conftest import line_of

# (case, replacements, field path, words the message must contain, line-anchoring fragment)
BAD_LOGS = [
    (
        "unknown participant",
        [("participants: [guterres, putin]", "participants: [guterres, putn]")],
        "events[2].participants[1]",
        "'putn' is not a known participant id",
        "participants: [guterres, putn]",
    ),
    (
        "unknown topic",
        [("topics: [libya, yemen, afghanistan]", "topics: [libya, yemen, atlantis]")],
        "events[2].points[5].topics[2]",
        "'atlantis' is not a known topic id",
        "topics: [libya, yemen, atlantis]",
    ),
    (
        "unknown source",
        [
            ('      quote: "इसके बाद', '      quote: "इसके बाद'),
            (
                "    source:\n      source: article\n      paragraph: 5",
                "    source:\n      source: newspaper\n      paragraph: 5",
            ),
        ],
        "events[2].source.source",
        "'newspaper' is not a known source id",
        "source: newspaper",
    ),
    (
        "unknown topic group",
        [
            (
                "    group: humanitarian\n  - id: humanitarian-aid",
                "    group: charity\n  - id: humanitarian-aid",
            )
        ],
        "topics[22].group",
        "'charity' is not a known topic group id",
        "group: charity",
    ),
    (
        "speaker not at the event",
        [
            (
                "      - id: political-means\n        voice: said\n        speakers: [lavrov]",
                "      - id: political-means\n        voice: said\n        speakers: [putin]",
            )
        ],
        "events[1].points[7].speakers[0]",
        "'putin' speaks here but is not among the event's participants",
        "speakers: [putin]",
    ),
    (
        "duplicate event id",
        [("  - id: putin-meeting", "  - id: lavrov-talks")],
        "events[2].id",
        "the id 'lavrov-talks' is used 2 times in events",
        "  - id: lavrov-talks\n    title:\n      en: Virtual",
    ),
    (
        "duplicate point id",
        [("      - id: two-state-for-peace", "      - id: three-pillars")],
        "events[2].points[7].id",
        "the point id 'three-pillars' is used 2 times",
        "      - id: three-pillars\n        voice: agreed\n        speakers: [guterres, putin]",
    ),
    (
        "date outside the visit",
        [("date: 2021-05-13", "date: 2021-05-15")],
        "events[2].date",
        "2021-05-15 is outside the visit (2021-05-12 to 2021-05-13)",
        "date: 2021-05-15",
    ),
    (
        "end before start",
        [
            (
                "    sequence: 1\n    kind: meeting",
                '    sequence: 1\n    start: "15:00"\n    end: "14:00"\n'
                '    time_source: {source: article, paragraph: 5, quote: "गुरुवार"}\n    kind: meeting',
            )
        ],
        "events[2].end",
        "ends at 14:00, before it starts at 15:00",
        'end: "14:00"',
    ),
    (
        "time without a source",
        [
            (
                "    sequence: 1\n    kind: meeting",
                '    sequence: 1\n    start: "15:00"\n    kind: meeting',
            )
        ],
        "events[2].start",
        "a clock time is given without a time_source",
        'start: "15:00"',
    ),
    (
        "quote not verbatim",
        [('quote: "दोनों नेताओं ने शांति', 'quote: "दोनों नेताओं ने स्थायी शांति')],
        "events[2].points[7].source.quote",
        "the quote is not found verbatim in paragraph 7",
        'quote: "दोनों नेताओं ने स्थायी',
    ),
    (
        "quote in another paragraph",
        [
            (
                '          paragraph: 7\n          quote: "दोनों',
                '          paragraph: 6\n          quote: "दोनों',
            )
        ],
        "events[2].points[7].source.quote",
        "not found verbatim in paragraph 6",
        'quote: "दोनों',
    ),
    (
        "paragraph past the end",
        [
            (
                '          paragraph: 7\n          quote: "दोनों',
                '          paragraph: 9\n          quote: "दोनों',
            )
        ],
        "events[2].points[7].source.paragraph",
        "paragraph 9 does not exist; the source has 7",
        "paragraph: 9",
    ),
    (
        "missing required field",
        [("    kind: press-remarks\n", "")],
        "events[1].kind",
        "the required field 'kind' is missing",
        "  - id: lavrov-press-remarks",
    ),
    (
        "wrong type",
        [("sequence: 2", "sequence: second")],
        "events[1].sequence",
        "expected a whole number, found text",
        "sequence: second",
    ),
    (
        "unknown time zone",
        [("timezone: Europe/Moscow", "timezone: Mars/Olympus_Mons")],
        "visit.timezone",
        "is not a known IANA time zone",
        "timezone: Mars/Olympus_Mons",
    ),
    (
        # YAML 1.2, as both parsers read it: an unquoted 15:00 is the text "15:00", not 900.
        "unquoted clock time",
        [
            (
                "    sequence: 1\n    kind: meeting",
                "    sequence: 1\n    start: 15:00\n    kind: meeting",
            )
        ],
        "events[2].start",
        "a clock time is given without a time_source",
        "start: 15:00",
    ),
    (
        "format not allowed",
        [("format: virtual", "format: hybrid")],
        "events[2].format",
        "'hybrid' is not allowed",
        "format: hybrid",
    ),
    (
        "impossible date",
        [("date: 2021-05-13", "date: 2021-02-30")],
        "events[2].date",
        "is not a real calendar date",
        "date: 2021-02-30",
    ),
    (
        "unknown field",
        [("    format: virtual\n", "    format: virtual\n    venue: Kremlin\n")],
        "events[2].venue",
        "unknown field 'venue'",
        "venue: Kremlin",
    ),
    (
        "missing translation",
        [
            (
                "      en: Virtual meeting with President Putin\n      hi: राष्ट्रपति पुतिन के साथ वर्चुअल बैठक\n",
                "      en: Virtual meeting with President Putin\n",
            )
        ],
        "events[2].title",
        "has no text in hi",
        "      en: Virtual meeting with President Putin",
    ),
    (
        "source outside the log's folder",
        [("path: sources/article.hi.txt", "path: ../../etc/passwd")],
        "sources[0].path",
        "leaves the log's folder",
        "path: ../../etc/passwd",
    ),
    (
        "reported point with speakers",
        [("      voice: reported\n", "      voice: reported\n      speakers: [guterres]\n")],
        "visit.points[0].speakers",
        "a reported point has no speakers",
        "      speakers: [guterres]",
    ),
    (
        "said point without speakers",
        [("      voice: reported\n", "      voice: said\n")],
        "visit.points[0].speakers",
        "a point said by someone needs its speakers",
        "    - id: visit-talks",
    ),
    (
        "agreed by one speaker",
        [
            (
                "      - id: thanks-for-hospitality\n        voice: said",
                "      - id: thanks-for-hospitality\n        voice: agreed",
            )
        ],
        "events[2].points[1].speakers",
        "an agreed point is agreed by two or more speakers",
        "        speakers: [guterres]\n        topics: [russia-un-cooperation]\n        text:\n"
        "          en: >-\n            Guterres thanked",
    ),
    (
        "version 2 point without a voice",
        [
            (
                "      - id: thanks-for-hospitality\n        voice: said\n",
                "      - id: thanks-for-hospitality\n",
            )
        ],
        "events[2].points[1].voice",
        "the point does not say how it was voiced",
        "      - id: thanks-for-hospitality",
    ),
    (
        "an inference without a reason",
        [
            (
                "      format:\n        en: the talks were held in Moscow during the visit\n"
                "        hi: वार्ता दौरे के दौरान मॉस्को में हुई\n",
                "      format:\n",
            )
        ],
        "events[0].inferred.format",
        "an inferred field needs its reason",
        "      format:\n    participants: [guterres, lavrov]",
    ),
    (
        "an inference as a bare list of fields",
        [
            (
                "    inferred:\n      format:\n        en: the talks were held in Moscow during the visit\n"
                "        hi: वार्ता दौरे के दौरान मॉस्को में हुई\n",
                "    inferred: [format]\n",
            )
        ],
        "events[0].inferred",
        "an inferred field needs its reason",
        "    inferred: [format]",
    ),
    (
        "an inference of a field that cannot be inferred",
        [
            (
                "    inferred:\n      format:\n        en: the talks",
                "    inferred:\n      summary:\n        en: the talks",
            )
        ],
        "events[0].inferred",
        "is not a field that can be inferred here",
        "      summary:\n        en: the talks",
    ),
    (
        "an inference without its reason in every language",
        [("        hi: वार्ता दौरे के दौरान मॉस्को में हुई\n", "")],
        "events[0].inferred.format",
        "has no text in hi",
        "        en: the talks were held in Moscow during the visit",
    ),
    (
        "an inference of a value the log does not give",
        [
            ("  timezone: Europe/Moscow", "  timezone: not stated"),
        ],
        "visit.inferred.timezone",
        "'timezone' is noted as inferred, but the log gives no value for it",
        "      en: the article gives no time zone",
    ),
    (
        "a clock time with no time zone stated",
        [
            ("  timezone: Europe/Moscow", "  timezone: not stated"),
            (
                "    sequence: 1\n    kind: meeting",
                '    sequence: 1\n    start: "15:00"\n'
                '    time_source: {source: article, paragraph: 5, quote: "गुरुवार"}\n    kind: meeting',
            ),
        ],
        "events[2].start",
        "the visit's time zone is not stated",
        '    start: "15:00"',
    ),
    (
        "a bad date, which could also be 'not stated'",
        [("date: 2021-05-13", "date: 2021-05-32")],
        "events[2].date",
        "is not a real calendar date",
        "date: 2021-05-32",
    ),
    (
        "a version 1 log using version 2's fields",
        [("schema_version: 2", "schema_version: 1")],
        "schema_version",
        "a version 1 log uses what version 2 added",
        "schema_version: 1",
    ),
]


@pytest.mark.parametrize(
    ("case", "replacements", "path", "message", "anchor"),
    BAD_LOGS,
    ids=[case[0] for case in BAD_LOGS],
)
def test_bad_log_names_file_line_field_and_fix(
    variant: Callable[..., Path],
    case: str,
    replacements: list[tuple[str, str]],
    path: str,
    message: str,
    anchor: str,
) -> None:
    """Each kind of bad input is reported with its file, line, field path, what is wrong and a fix."""
    log_path = variant(*replacements)
    with pytest.raises(LogError) as caught:
        read_log(log_path)
    problems = {p.path: p for p in caught.value.problems}
    assert path in problems, f"{case}: got {[str(p) for p in caught.value.problems]}"
    problem = problems[path]
    assert message in problem.message
    assert problem.file == "events.yaml"
    assert problem.line == line_of(log_path.read_text(encoding="utf-8"), anchor)
    assert problem.hint, "every problem says how to fix it"
    assert str(problem).startswith(f"events.yaml:{problem.line}: {path}: ")


def test_every_problem_is_reported_at_once(variant: Callable[..., Path]) -> None:
    """Several independent mistakes come back together, in line order, not one per run."""
    log_path = variant(
        ("date: 2021-05-13", "date: 2021-05-15"),
        ("participants: [guterres, lavrov]", "participants: [guterres, lavrov, nobody]"),
        ('quote: "दोनों नेताओं ने शांति', 'quote: "दोनों नेता शांति'),
    )
    with pytest.raises(LogError) as caught:
        read_log(log_path)
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "events[0].participants[2]",
        "events[2].date",
        "events[2].points[7].source.quote",
    ]


def test_published_schema_is_a_valid_json_schema() -> None:
    """The schema shipped in the package is itself valid under its declared draft."""
    jsonschema.Draft202012Validator.check_schema(schema())


def test_shipped_log_points_editors_at_the_schema() -> None:
    """The shipped log's first line tells YAML editors where the schema is, and the path exists."""
    first = DEFAULT_LOG.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (DEFAULT_LOG.parent / first.split("=", 1)[1]).resolve()
    assert target.name == SCHEMA_FILE
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == schema()["title"]


def test_every_schema_field_is_documented() -> None:
    """Every property in the schema's definitions carries a description or a $ref to one."""

    def walk(node: object, where: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not (
                    "description" in prop
                    or "$ref" in prop
                    or "const" in prop
                    or "enum" in prop
                    or prop.get("type") in {"object", "array"}
                ):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                missing += walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                missing += walk(value, f"{where}[{i}]")
        return missing

    assert walk(schema(), "") == []


# (case, replacements in the shipped log, field path, words of the hint: a corrected line)
TEACHING = [
    (
        "missing time zone",
        [("  timezone: Europe/Moscow\n", "")],
        "visit.timezone",
        "Add it here, e.g. timezone: Europe/Lisbon",
    ),
    (
        "misspelt field",
        [("    participants: [guterres, lavrov]\n", "    participant: [guterres, lavrov]\n")],
        "events[0].participant",
        "Did you mean 'participants'? e.g. participants: [head, mayor]",
    ),
    (
        "impossible date",
        [("    date: 2021-05-12\n", "    date: 2021-02-30\n")],
        "events[0].date",
        "Write a date as YYYY-MM-DD, e.g. 2024-03-05",
    ),
    (
        "missing event date",
        [("    date: 2021-05-12\n", "")],
        "events[0].date",
        "e.g. date: 2024-03-05",
    ),
]


@pytest.mark.parametrize(
    ("case", "replacements", "path", "hint"), TEACHING, ids=[row[0] for row in TEACHING]
)
def test_a_problem_shows_a_corrected_example(
    variant: Callable[..., Path],
    case: str,
    replacements: list[tuple[str, str]],
    path: str,
    hint: str,
) -> None:
    """Each schema problem names its file, line and field, and its hint shows a corrected line
    that names nothing of the shipped visit."""
    with pytest.raises(LogError) as caught:
        read_log(variant(*replacements))
    problem = next(p for p in caught.value.problems if p.path == path)
    assert problem.line is not None and problem.file
    assert hint in problem.hint, case
    assert "events.yaml" not in problem.hint and "Moscow" not in problem.hint


def test_checks_beyond_the_schema_show_a_corrected_example(
    variant: Callable[..., Path],
) -> None:
    """A day outside the visit and a paragraph past the source's end each get a corrected line."""
    path = variant(("date: 2021-05-13", "date: 2021-05-19"), ("paragraph: 7", "paragraph: 70"))
    with pytest.raises(LogError) as caught:
        read_log(path)
    hints = {p.path: p.hint for p in caught.value.problems}
    assert "e.g. date: 2021-05-12" in hints["events[2].date"]
    paragraph = next(h for path, h in hints.items() if path.endswith("source.paragraph"))
    assert "e.g. paragraph: 7 for its last line" in paragraph


def test_an_inferred_note_on_an_events_participants_is_checked_not_a_crash(
    variant: Callable[..., Path],
) -> None:
    """An event's participants may carry an inferred note; with no participants it is refused
    in words (the check once looked for a column events do not have, and crashed)."""
    note = (
        "    participants: [guterres, putin]\n"
        "    inferred:\n"
        "      participants: {en: the article names them, hi: लेख उनके नाम लेता है}\n"
    )
    valid = variant(("    participants: [guterres, putin]\n", note))
    read_log(valid)
    refused = variant(
        ("    participants: [guterres, putin]\n", note.replace("[guterres, putin]", "[]"))
    )
    with pytest.raises(LogError) as error:
        read_log(refused)
    assert any("participants" in str(problem) for problem in error.value.problems)
