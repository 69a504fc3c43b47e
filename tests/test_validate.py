"""The pipeline: which path reads a log, and why, with one result whichever path it takes."""

from __future__ import annotations

import pytest

from dashboard.load import DEFAULT_LOG
from dashboard.problems import LogError
from dashboard.validate import Careful, read_fast, validate

SHIPPED = DEFAULT_LOG.read_text(encoding="utf-8")


def _shipped(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "careful"),
    [
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
    ],
)
def test_the_fast_path_says_why_it_declines_a_text(text: str, careful: Careful | None) -> None:
    """Each thing yaml-rs or the compiled check cannot vouch for has its own reason."""
    fast = read_fast(text)
    assert fast.careful == careful
    assert (fast.flat is None) == (careful is not None)


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
