"""The pipeline: which path reads a log, and why, with one result whichever path it takes."""

from __future__ import annotations

import pytest

from dashboard.load import DEFAULT_LOG
from dashboard.problems import LogError
from dashboard.validate import _UNPRINTABLE, Careful, _forbidden_bytes, read_fast, validate

SHIPPED = DEFAULT_LOG.read_text(encoding="utf-8")


def _shipped(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


READ_CASES = [
    (SHIPPED, None),
    ("a: !!python/object/apply:os.system ['true']\n", Careful.MARKUP),
    ("a: &x [1]\nb: *x\n", Careful.MARKUP),
    ("a: 'bell \x07'\n", Careful.CHARACTERS),
    ("a: [1, 2\n", Careful.UNREADABLE),
    ("- a list\n", Careful.NOT_A_MAPPING),
    (_shipped("schema_version: 2", "schema_version: 3"), Careful.SCHEMA),
    (_shipped("sequence: 1\n", "sequence: 1.0\n"), Careful.COUNTS),
    (_shipped("sequence: 1\n", "sequence: 9223372036854775808\n"), Careful.COUNTS),
    (_shipped("paragraph: 2\n", "paragraph: 2.0\n"), Careful.COUNTS),
]


@pytest.mark.parametrize(("text", "careful"), READ_CASES)
def test_the_fast_path_says_why_it_declines_a_text(text: str, careful: Careful | None) -> None:
    """Each thing yaml-rs or the compiled check cannot vouch for has its own reason."""
    fast = read_fast(text)
    assert fast.careful == careful
    assert (fast.flat is None) == (careful is not None)


@pytest.mark.parametrize("text", [case[0] for case in READ_CASES])
def test_the_bytes_give_the_reason_the_text_gives(text: str) -> None:
    """Given the file's bytes as well as its text, the fast path declines for the same reason."""
    assert read_fast(text, text.encode()).careful == read_fast(text).careful


def test_the_bytes_scan_forbids_exactly_the_characters_the_text_scan_forbids() -> None:
    """Every character (no surrogate can be UTF-8) is forbidden in bytes as in text, alone and
    between others, so scanning the file's bytes instead of its text changes no verdict."""
    characters = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    forbidden = _UNPRINTABLE.findall(characters)
    assert len(forbidden) == 29 + 1 + 31 + 2  # C0 but tab, LF, CR; DEL; C1 but NEL; two
    for character in forbidden:
        for text in (character, f"é{character}अ", f"\u00bf{character}\uffbd"):
            assert _forbidden_bytes(text.encode()), hex(ord(character))
    # Every pattern starts at a byte that starts a character, so the allowed ones together
    # match nothing only if none matches alone.
    allowed = "".join(c for c in characters if c not in forbidden)
    assert not _forbidden_bytes(allowed.encode())


def test_a_log_the_fast_path_declines_gives_the_same_document_carefully() -> None:
    """A valid log that holds an alias is read by PyYAML: same values as written out in full."""
    aliased = _shipped("schema_version: 2\n", "schema_version: &one 2\n")
    assert read_fast(aliased).careful == Careful.MARKUP
    careful = validate(aliased.encode(), "events.yaml", DEFAULT_LOG.parent)
    fast = validate(SHIPPED.encode(), "events.yaml", DEFAULT_LOG.parent)
    assert careful.careful == Careful.MARKUP and fast.careful is None
    assert careful.document == fast.document
    assert careful.flat == fast.flat
    assert careful.paragraphs == fast.paragraphs


def test_checks_a_schema_cannot_express_run_on_either_path() -> None:
    """A quote that is not in its source is refused whichever reader read the log."""
    wrong = _shipped('quote: "बुधवार को', 'quote: "गुरुवार को')
    for text in (wrong, wrong.replace("schema_version: 2\n", "schema_version: &one 2\n", 1)):
        with pytest.raises(LogError, match="not found verbatim"):
            validate(text.encode(), "events.yaml", DEFAULT_LOG.parent)


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "\n  source:\n    source: article",
            "\n  source:\n    source: memo",
            "visit.source.source",
        ),
        (
            "    sequence: 1\n",
            '    sequence: 1\n    start: "10:00"\n'
            "    time_source: {source: memo, paragraph: 1, quote: x}\n",
            "events[0].time_source.source",
        ),
        (
            "      source: article\n      paragraph: 2",
            "      source: memo\n      paragraph: 2",
            "events[0].source.source",
        ),
        (
            "          source: article",
            "          source: memo",
            "events[0].points[0].source.source",
        ),
    ],
)
def test_a_citation_of_an_unknown_source_names_its_field(old: str, new: str, path: str) -> None:
    """Wherever a citation sits, an unknown source is named with the field that cites it."""
    with pytest.raises(LogError) as caught:
        validate(_shipped(old, new).encode(), "events.yaml", DEFAULT_LOG.parent)
    [problem] = [p for p in caught.value.problems if "memo" in p.message]
    assert problem.path == path
    assert problem.message == "'memo' is not a known source id"
