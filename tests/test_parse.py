"""The two YAML readers agree: yaml-rs (fast) and PyYAML (careful, worded) give one document."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dashboard import parse, validate
from dashboard.load import DEFAULT_LOG, parse_log, read_log
from dashboard.parse import load_yaml
from dashboard.problems import LogError

ROOT = Path(__file__).resolve().parents[1]


def fast_document(text: str) -> Any:
    """The values yaml-rs reads where the pipeline lets it read ``text``, else None."""
    return validate.read_fast(text).document


LOGS = sorted(
    [
        DEFAULT_LOG,
        *(ROOT / "tests" / "fixtures").rglob("*.yaml"),
        *(ROOT / "tests" / "corpus").glob("*.yaml"),
    ]
)

# Plain scalars that YAML 1.1 (PyYAML's default) and 1.2 (yaml-rs) read differently, and the
# spellings of numbers at the edges of yaml-rs's grammar.
SCALARS = [
    *(
        [
            "yes",
            "no",
            "on",
            "off",
            "Yes",
            "NO",
            "y",
            "n",
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "fALSE",
        ]
    ),
    *(
        [
            "0",
            "00",
            "017",
            "-017",
            "+017",
            "0o17",
            "0O17",
            "-0o17",
            "0o8",
            "0x1F",
            "0X1f",
            "+0x1F",
            "0x",
            "0xG",
            "0b101",
            "0B1",
            "-0b1",
            "0b2",
        ]
    ),
    *(
        [
            "1_000",
            "1__0",
            "_1",
            "1_",
            "0x_1F",
            "0o1_7",
            "0x1f_ff",
            "_",
            "__",
            "+_1",
            "9223372036854775807",
            "-9223372036854775808",
        ]
    ),
    *(
        [
            "1.0",
            "1.",
            ".5",
            "-.5",
            "+.5",
            "01.5",
            "1.5_0",
            "1_0.5",
            "1e3",
            "1E3",
            "1e+3",
            "0.5e-3",
            "1.e3",
            "5e",
            "e3",
            "1e",
            "1.5.5",
            "_.5",
        ]
    ),
    *(
        [
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".iNf",
            ".nan",
            ".NaN",
            ".NAN",
            "nan",
            "inf",
            "-.nan",
            "+.nan",
        ]
    ),
    *(
        [
            "12:30",
            "1:30",
            "12:30:00",
            "12:30:15.5",
            "2021-05-12",
            "2021-5-1",
            "2021-05-12T10:00:00Z",
        ]
    ),
    *(["+", ".", "=", "1,000", "e", "0x-1", "a1", "x_1"]),
]


def _same(fast: Any, careful: Any) -> bool:
    if isinstance(fast, float) and isinstance(careful, float) and math.isnan(fast):
        return math.isnan(careful)
    return type(fast) is type(careful) and fast == careful


@pytest.mark.parametrize("scalar", SCALARS)
def test_both_readers_resolve_a_plain_scalar_alike(scalar: str) -> None:
    """yes/no/on stay text, 12:30 stays text, 017 is seventeen: YAML 1.2 in both readers."""
    text = f"k: {scalar}\n"
    fast = fast_document(text)
    try:
        careful = load_yaml(text, "t.yaml")
    except LogError:
        careful = None
    if careful is None:
        # Only a number past int64 is refused by the careful reader alone; the pipeline sends
        # such a document the careful way (test_validate.py).
        assert isinstance(fast, dict)
        assert abs(fast["k"]) > parse.MAX_INTEGER
        return
    assert fast is not None, "plain scalars need no careful reading"
    assert _same(fast["k"], careful["k"]), (fast, careful)


STRINGS = """\
plain: a plain   text with spaces  # and a comment
multi: a plain text
  folded over
  three lines
literal: |
  line one
    indented
  line three
folded: >-
  folded
  text

  new paragraph
keep: |+
  kept

single: 'it''s # not a comment'
double: "tab\\there \\u0939\\u093f\\U0001F600 \\x41 \\\\ \\" \\/ \\N\\_\\L\\P\\e\\0"
escaped_newline: "one \\
  two"
empty_single: ''
empty:\x20
devanagari: संयुक्त राष्ट्र महासचिव
marks: "क़ ज़ ड़ — “quoted” ‘single’ … \u200d\ufeff"
flow: {a: [1, two, "3"], b: {c: d}}
"quoted key": 1
'single key': 2
? explicit
: value
list:
- a
-   b
- - nested
  - list
"""


def test_both_readers_read_strings_alike() -> None:
    """Quoting, escapes, block scalars, folding, Unicode and flow collections: the same values."""
    fast = fast_document(STRINGS)
    assert fast is not None
    assert fast == load_yaml(STRINGS, "t.yaml")


def test_windows_line_ends_read_alike() -> None:
    """A file saved with CRLF line ends gives the same values in both readers."""
    text = STRINGS.replace("\n", "\r\n")
    fast = fast_document(text)
    assert fast is not None
    assert fast == load_yaml(text, "t.yaml")


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.name)
def test_every_shipped_fixture_and_corpus_file_reads_alike(path: Path) -> None:
    """Wherever the fast reader gives a document, the careful one gives the same, or refuses it
    and the log is refused as a whole."""
    data = path.read_bytes()
    try:
        text = parse.decode(data, path.name)
    except LogError:
        return  # not UTF-8, a BOM, or empty: neither reader sees it
    fast = fast_document(text)
    try:
        careful = load_yaml(text, path.name)
    except LogError:
        with pytest.raises(LogError):
            parse_log(data, path.name, path.parent)
        return
    if fast is not None:
        assert fast == careful


def test_text_that_may_hold_tags_or_aliases_goes_the_careful_way() -> None:
    """yaml-rs ignores '!!python/...' tags and has its own alias limits: such text is not its."""
    markup = validate.Careful.MARKUP
    assert validate.read_fast("a: !!python/object/apply:os.system ['true']\n").careful == markup
    assert validate.read_fast("a: &x [1]\nb: *x\n").careful == markup
    assert validate.read_fast("a: [*x]\n").careful == markup
    # Inside a word these characters start nothing; the check stays conservative in quotes.
    assert fast_document("a: 'R&D, 5*3, wow!'\n") == {"a": "R&D, 5*3, wow!"}
    assert validate.read_fast("a: 'a quoted * star'\n").careful == markup
    assert validate.read_fast("a: 'control \x07 char'\n").careful == validate.Careful.CHARACTERS


def test_the_shipped_log_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the careful reader and the worded schema check disabled, a valid log still loads."""

    def refuse(*_: Any) -> Any:
        raise AssertionError("the careful path was taken")

    monkeypatch.setattr(validate, "load_yaml", refuse)
    monkeypatch.setattr(validate, "schema_findings", refuse)
    log = read_log(DEFAULT_LOG)
    visit_points = len(log.document["visit"].get("points", []))
    assert len(log.flat.points["id"]) == visit_points + sum(
        len(e["points"]) for e in log.document["events"]
    )
    valid = validate.validate(DEFAULT_LOG.read_bytes(), "events.yaml", DEFAULT_LOG.parent)
    assert valid.careful is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("sequence: 1\n", "sequence: 1.0\n"),
        ("sequence: 1\n", "sequence: 123456789012345678901234567890\n"),
        ("sequence: 1\n", "sequence: 9223372036854775808\n"),
    ],
)
def test_counts_the_compiled_check_allows_still_get_the_careful_message(
    bad: str, message: str
) -> None:
    """JSON Schema calls 1.0 an integer and has no upper bound; the log still refuses both."""
    text = DEFAULT_LOG.read_text(encoding="utf-8").replace(bad, message, 1)
    assert text != DEFAULT_LOG.read_text(encoding="utf-8")
    with pytest.raises(LogError) as caught:
        parse_log(text.encode(), "events.yaml", DEFAULT_LOG.parent)
    problem = caught.value.problems[0]
    assert problem.line is not None
    assert "number" in problem.message


SCRIPT_THREADS = """
import sys, threading
modules = {}
# As in Streamlit: the page's modules are imported by a script thread that then ends...
first = threading.Thread(target=lambda: modules.update(parse=__import__("dashboard.parse").parse))
first.start()
first.join()
# ...and later runs, each on a thread of its own, read logs.
results = []
for _ in range(3):
    later = threading.Thread(target=lambda: results.append(modules["parse"].load_yaml_rs("a: 1")))
    later.start()
    later.join()
print(results)
"""


def test_the_fast_reader_survives_the_thread_that_imported_it() -> None:
    """yaml-rs crashed the whole server (SIGSEGV) once the thread that imported it had ended."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT_THREADS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "[{'a': 1}, {'a': 1}, {'a': 1}]"


INDEXED = """\
visit:
  title: {en: T}
events:
- id: a
  points:
  - id: p
    topics: [x, y]
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 1),
        (("visit", "title", "en"), 2),
        (("events", 0, "points", 0, "id"), 6),
        (("events", 0, "points", 0, "topics", 1), 7),
        (("events", 0, "missing", 3), 4),  # the nearest parent that exists
        (("events", 5, "id"), 4),
    ],
)
def test_the_line_index_finds_a_path_or_its_nearest_parent(
    path: tuple[str | int, ...], line: int
) -> None:
    """A field path's line is its value's; a path that goes nowhere stops at its last real parent."""
    assert parse.LineIndex(INDEXED).line(path) == line


@pytest.mark.parametrize(
    ("at", "path"),
    [
        ("p\n", "events[0].points[0].id"),
        ("topics:", "events[0].points[0].topics"),
        ("y]", "events[0].points[0].topics[1]"),
        ("T}", "visit.title.en"),
    ],
)
def test_the_line_index_names_the_field_at_a_mark(at: str, path: str) -> None:
    """A mark on a key or a value gives that field's path."""
    index = INDEXED.index(at)
    line = INDEXED.count("\n", 0, index)
    mark = yaml.Mark("t.yaml", index, line, 0, INDEXED, index)
    assert parse.LineIndex(INDEXED).path_at(mark) == path


def test_a_text_that_cannot_be_composed_has_no_lines() -> None:
    """Broken YAML gives no line and no path, rather than an exception inside the error report."""
    index = parse.LineIndex("a: [\n")
    assert index.line(("a",)) is None
    assert index.path_at(yaml.Mark("t.yaml", 3, 0, 3, "a: [\n", 3)) == ""
