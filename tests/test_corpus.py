"""The bad-input corpus: every entry point refuses every case with its own message, never a traceback.

Each case in ``tests/corpus/`` (and each one generated here, being too big to keep) goes through
``python -m dashboard validate``, ``python -m dashboard export`` and the uploader's
``parse_upload``. The table ``CASES`` says what each must be told.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml

from dashboard.load import DEFAULT_LOG, parse_log, read_log
from dashboard.parse import MAX_DEPTH, load_yaml
from dashboard.problems import LogError, Problem
from dashboard.schema import MAX_FINDINGS, _explain, schema_findings
from dashboard.upload import MAX_UPLOAD_BYTES, parse_upload

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpus"
# The corpus variants cite the note; the generated ones derive from the shipped log, which cites
# the article. Both go beside every case, and with every upload, so that a missing source is never
# the reason a case fails.
SOURCES = (CORPUS / "sources" / "note.en.txt", DEFAULT_LOG.parent / "sources" / "article.hi.txt")
# python-object-apply.yaml would `touch` this file under an unsafe loader; each run swaps in a
# fresh path of its own, so a stale file can neither hide nor fake a failure.
PWNED_PLACEHOLDER = b"/tmp/pwned-CORPUS"
# No problem, however long the value it is about, may be longer than this when printed.
MESSAGE_LIMIT = 500
SHIPPED_TEXT = DEFAULT_LOG.read_text(encoding="utf-8")
SHIPPED_TITLE = "en: UN Secretary-General António Guterres visits Moscow"
TEN_MB = 10 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """How a bad file must be refused.

    Attributes:
        message: Words the problem must contain (in its message or its hint).
        at: Text on the line the problem must point at; None where no line makes sense.
        path: The field path the problem must name; "" for the whole document.
        count: How many problems the file has.
        upload: The words the uploader says instead, where it refuses the file earlier (by size).
    """

    message: str
    at: str | None = None
    path: str = ""
    count: int = 1
    upload: str | None = None


CASES: dict[str, Case] = {
    "syntax-error.yaml": Case("YAML syntax error", at="    points:"),
    "tab-indentation.yaml": Case("replace the tab characters with spaces", at="\tsequence: 1"),
    "duplicate-key.yaml": Case(
        "the key 'date' appears twice in one mapping", at="date: 2022-01-11", path="events[0].date"
    ),
    "wrong-type-sequence.yaml": Case(
        "expected a whole number, found text", at='sequence: "first"', path="events[0].sequence"
    ),
    "wrong-type-participants.yaml": Case(
        "expected a list, found text", at="participants: envoy", path="events[0].participants"
    ),
    "missing-required.yaml": Case(
        "the required field 'summary' is missing", at="  - id: talks", path="events[0].summary"
    ),
    "unknown-participant.yaml": Case(
        "'nobody' is not a known participant id",
        at="participants: [envoy, nobody]",
        path="events[0].participants[1]",
    ),
    "unknown-topic.yaml": Case(
        "'tariffs' is not a known topic id",
        at="topics: [tariffs]",
        path="events[0].points[0].topics[0]",
    ),
    "unknown-source.yaml": Case(
        "'memo' is not a known source id",
        at="source: {source: memo",
        path="events[0].points[0].source.source",
    ),
    "duplicate-id.yaml": Case(
        "the id 'envoy' is used 2 times in participants",
        at="  - {id: envoy, name: {en: The Envoy}",
        path="participants[0].id",
        count=2,
    ),
    "date-outside-visit.yaml": Case(
        "2022-01-11 is outside the visit (2022-01-10 to 2022-01-10)",
        at="date: 2022-01-11",
        path="events[0].date",
    ),
    "end-before-start.yaml": Case(
        "ends at 10:00, before it starts at 11:00", at='end: "10:00"', path="events[0].end"
    ),
    "quote-not-found.yaml": Case(
        "the quote is not found verbatim in paragraph 1",
        at="source: {source: note, paragraph: 1",
        path="events[0].points[0].source.quote",
    ),
    "empty.yaml": Case("the file is empty"),
    "whitespace-only.yaml": Case("the file is empty"),
    "latin1.yaml": Case("(0xE8) is not valid UTF-8", at="place: {en: Gen"),
    "bom.yaml": Case("the file starts with a UTF-8 byte-order mark", at="# Bad"),
    "list-document.yaml": Case("the document is a list, not a mapping", at="# Bad"),
    "scalar-document.yaml": Case("the document is plain text, not a mapping", at="# Bad"),
    "python-object-apply.yaml": Case(
        "YAML tag that is not allowed ('!!python/object/apply:os.system')",
        at="  place: !!python",
        path="visit.place",
    ),
    "python-name.yaml": Case(
        "YAML tag that is not allowed ('!!python/name:os.system')",
        at="  place: !!python",
        path="visit.place",
    ),
    "timestamp-tag.yaml": Case(
        "YAML tag that is not allowed ('!!timestamp')",
        at="date: !!timestamp",
        path="events[0].date",
    ),
    "merge-key.yaml": Case(
        "merge keys ('<<:') are not supported", at="<<: *person", path="participants[2].<<"
    ),
    "alias-bomb.yaml": Case("from 29 written ones (an alias bomb)", at="a: &a"),
    "alias-loop.yaml": Case(
        "is used inside the value its anchor (&name) names, a loop",
        at="participants: &who",
        path="events[0].participants[1]",
    ),
    "control-character.yaml": Case("the control character U+0007", at="title: {en: A one-day"),
    "huge-number.yaml": Case(
        "the number is too large", at="sequence: 1234567890", path="events[0].sequence"
    ),
    "float-paragraph.yaml": Case(
        "expected a whole number, found a number",
        at="paragraph: 1.0",
        path="events[0].points[0].source.paragraph",
    ),
    # The line is the value's: here the mapping's first line, below 'events:'.
    "events-not-a-list.yaml": Case(
        "expected a list, found a mapping", at="  talks:", path="events"
    ),
    "many-problems.yaml": Case(f"only the first {MAX_FINDINGS} are listed", count=MAX_FINDINGS + 1),
    # Generated below.
    "deep-nesting.yaml": Case(f"nested more than {MAX_DEPTH} levels deep", at="events: [[["),
    # Four lists a line: the line where the 65th begins.
    "nested-200-deep.yaml": Case(
        f"nested more than {MAX_DEPTH} levels deep", at=" " * 8 * (MAX_DEPTH // 4) + "- - - -"
    ),
    "long-title.yaml": Case(
        "is too long (at most 5,000)",
        at="en: xxxxxxxx",
        path="visit.title.en",
        upload="over the 5.0 MB cap",
    ),
    "long-key.yaml": Case("unknown field 'kkkkkkkk", at=": long-key-value", path="k" * 59 + "…"),
}


def _deep_nesting() -> bytes:
    return (
        b"# Bad: 10,000 nested lists.\nschema_version: 1\nevents: " + b"[" * 10_000 + b"]" * 10_000
    )


def _nested_200_deep() -> bytes:
    # Deeper than MAX_DEPTH, shallower than libyaml's own limit of 1,000: our check must catch it.
    lines = [f"{'  ' * 4 * level}- - - -" for level in range(50)]  # four lists a line
    return (
        "# Bad: 200 nested lists, in block style.\nevents:\n" + "\n".join(lines) + " x\n"
    ).encode()


def _long_title() -> bytes:
    assert SHIPPED_TITLE in SHIPPED_TEXT
    return SHIPPED_TEXT.replace(SHIPPED_TITLE, "en: " + "x" * TEN_MB).encode()


def _long_key() -> bytes:
    return (SHIPPED_TEXT + "? " + "k" * 1_000_000 + "\n: long-key-value\n").encode()


GENERATED: dict[str, Callable[[], bytes]] = {
    "deep-nesting.yaml": _deep_nesting,
    "long-title.yaml": _long_title,
    "long-key.yaml": _long_key,
    "nested-200-deep.yaml": _nested_200_deep,
}


def _materialize(name: str, folder: Path) -> tuple[Path, Path]:
    """Write case ``name`` into ``folder`` beside the sources it may cite.

    Returns:
        The case's path, and the file that running its shell command would create.
    """
    pwned = folder / f"pwned-{uuid.uuid4().hex}"
    data = GENERATED[name]() if name in GENERATED else (CORPUS / name).read_bytes()
    path = folder / name
    path.write_bytes(data.replace(PWNED_PLACEHOLDER, str(pwned).encode()))
    (folder / "sources").mkdir()
    for source in SOURCES:
        (folder / "sources" / source.name).write_bytes(source.read_bytes())
    return path, pwned


def _line_of(data: bytes, fragment: str) -> int:
    return data[: data.index(fragment.encode())].count(b"\n") + 1


def _problems(path: Path, name: str | None = None) -> list[Problem]:
    with pytest.raises(LogError) as caught:
        read_log(path, name=name)
    return caught.value.problems


def _check(case: Case, problems: list[Problem], data: bytes, name: str) -> None:
    """The problems are the case's: its count, its message at its line and field, each with a hint."""
    assert len(problems) == case.count, [str(p) for p in problems]
    for problem in problems:
        assert problem.hint, f"no hint: {problem}"
        assert str(problem).startswith(name)
        assert len(str(problem)) < MESSAGE_LIMIT + len(name), str(problem)[:MESSAGE_LIMIT]
    found = [p for p in problems if case.message in f"{p.message}. {p.hint}"]
    assert found, f"{case.message!r} not in {[str(p) for p in problems]}"
    problem = found[0]
    assert problem.line == (None if case.at is None else _line_of(data, case.at))
    assert problem.path == case.path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only: a case takes about a second
        check=False,
    )


def _assert_refused(
    result: subprocess.CompletedProcess[str], path: Path, name: str, consequence: str
) -> None:
    """The command exited 1 and printed the case's problems, as the library words them, and no more."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stdout == ""
    case = CASES[name]
    expected = [str(p) for p in _problems(path, name=str(path))]
    number = f"{case.count} problem{'s' if case.count != 1 else ''}"
    assert result.stderr.splitlines() == [*expected, f"{path}: {number}; {consequence}"]
    where = str(path) if case.at is None else f"{path}:{_line_of(path.read_bytes(), case.at)}"
    assert any(
        line.startswith(f"{where}: {case.path or '(document)'}: ") and case.message in line
        for line in expected
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_gets_its_message_line_field_and_hint(name: str, tmp_path: Path) -> None:
    """Reading a bad file raises its problems: the expected words, at the expected line and field."""
    path, pwned = _materialize(name, tmp_path)
    _check(CASES[name], _problems(path), path.read_bytes(), name)
    assert not pwned.exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_refuses_each_case(name: str, tmp_path: Path) -> None:
    """`validate` exits 1 and prints every problem with the file, line, field and hint; no traceback."""
    path, pwned = _materialize(name, tmp_path)
    result = _run("validate", str(path))
    _assert_refused(result, path, name, "the log was not accepted.")
    assert not pwned.exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_refuses_each_case_and_writes_nothing(name: str, tmp_path: Path) -> None:
    """`export` exits 1 with the same problems as `validate`, and creates no output at all."""
    path, pwned = _materialize(name, tmp_path)
    out = tmp_path / "out"
    result = _run("export", str(path), "--out", str(out), "--types", "html")
    _assert_refused(result, path, name, "nothing was exported.")
    assert not out.exists()
    assert not pwned.exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_upload_refuses_each_case(name: str, tmp_path: Path) -> None:
    """The uploader returns no log and the case's problems, each naming the file, with a hint."""
    path, pwned = _materialize(name, tmp_path)
    data = path.read_bytes()
    log, problems = parse_upload({name: data, **{s.name: s.read_bytes() for s in SOURCES}})
    assert log is None
    case = CASES[name]
    if case.upload is None:
        _check(case, problems, data, name)
    else:
        assert [p.file for p in problems] == [name]
        assert case.upload in problems[0].message
        assert problems[0].hint
    assert not pwned.exists()


def test_corpus_files_table_and_readme_agree() -> None:
    """Every file in the corpus has an entry in CASES, every entry a file or a generator, and the README lists them all."""
    files = {path.name for path in CORPUS.iterdir() if path.is_file() and path.name != "README.md"}
    assert files == set(CASES) - set(GENERATED)
    assert not files & set(GENERATED)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([\w.-]+\.yaml)` \|", readme, flags=re.MULTILINE))
    assert listed == set(CASES) | {"over-the-cap.yaml"}


def test_object_tag_case_would_run_its_command_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The control for the case above: loaded unsafely, the file does create its file, so "not created" means something."""
    if os.name != "posix":
        pytest.skip("the case's command is a POSIX `touch`")
    path, pwned = _materialize("python-object-apply.yaml", tmp_path)
    yaml.unsafe_load(path.read_text(encoding="utf-8"))  # proving the danger, inside tmp_path
    assert pwned.exists()


_MEASURE = """
import json, resource, sys
from pathlib import Path

from dashboard.load import read_log
from dashboard.problems import LogError
from dashboard.upload import parse_upload

path = Path(sys.argv[1])
data = path.read_bytes()
try:  # a guard, not the measure: past 2 GB more, fail with MemoryError rather than swap the machine
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + 2 * 1024**3, resource.RLIM_INFINITY))
except (OSError, ValueError):
    pass
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
_, problems = parse_upload({path.name: data})
try:
    read_log(path)
    read = []
except LogError as error:
    read = [str(p) for p in error.problems]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"kib": after - before, "upload": [str(p) for p in problems], "read": read}))
"""


@pytest.mark.parametrize("name", ["alias-bomb.yaml", "deep-nesting.yaml", "nested-200-deep.yaml"])
def test_bombs_are_refused_in_bounded_memory(name: str, tmp_path: Path) -> None:
    """An alias bomb or runaway nesting is refused by both the uploader and the reader, within 200 MB more memory."""
    path, _ = _materialize(name, tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only; the assertion is on memory
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout)
    assert CASES[name].message in measured["upload"][0]
    assert CASES[name].message in measured["read"][0]
    assert measured["kib"] < 200 * 1024  # ru_maxrss is in KiB on Linux


def test_uploads_over_the_cap_are_refused_unread() -> None:
    """A file one byte over the cap is refused by size alone: the alias bomb inside is never parsed."""
    bomb = (CORPUS / "alias-bomb.yaml").read_bytes()
    data = bomb + b"#" * (MAX_UPLOAD_BYTES + 1 - len(bomb))
    log, problems = parse_upload({"over-the-cap.yaml": data})
    assert log is None
    assert [str(p) for p in problems] == [
        "over-the-cap.yaml: (document): the file is 5.0 MB, over the 5.0 MB cap. "
        "Split the log, or open it with --data on the command line"
    ]


def test_padding_buys_an_alias_bomb_no_room() -> None:
    """Blank lines and comments are not values: padding a bomb with millions of them does not let it through."""
    bomb = (CORPUS / "alias-bomb.yaml").read_text(encoding="utf-8")
    eight_levels = bomb.replace("i: &i [" + ", ".join(["*h"] * 9) + "]\nevents: *i", "events: *h")
    assert eight_levels != bomb
    with pytest.raises(LogError) as caught:
        parse_log((eight_levels + "\n" * 6_000_000).encode(), "padded.yaml", None)
    assert "(an alias bomb)" in str(caught.value)


def test_a_log_written_as_one_line_of_json_is_accepted() -> None:
    """JSON is YAML: the shipped log minified to a single line is valid, not mistaken for an alias bomb."""
    document = read_log(DEFAULT_LOG).document
    one_line = json.dumps(document, ensure_ascii=False).encode()
    assert one_line.count(b"\n") == 0
    log = parse_log(one_line, "events.json", DEFAULT_LOG.parent)
    assert log.document == document


def test_a_long_list_on_one_line_is_not_an_alias_bomb() -> None:
    """Many values written on few lines, with no alias at all, are counted as written."""
    assert load_yaml("[" + "1, " * 10_000 + "1]\n", "one-line.yaml") == [1] * 10_001


def test_keys_are_the_text_written() -> None:
    """A key is its text, as in JSON: `no:` (Norwegian) stays "no", and 1 and "1" are the same key."""
    assert load_yaml("title: {en: Hello, no: Hei, on: x, 1: y}\n", "keys.yaml") == {
        "title": {"en": "Hello", "no": "Hei", "on": "x", "1": "y"}
    }
    with pytest.raises(LogError, match="the key '1' appears twice"):
        load_yaml('1: a\n"1": b\n', "keys.yaml")


def _shipped(old: str, new: str) -> bytes:
    assert old in SHIPPED_TEXT, old
    return SHIPPED_TEXT.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_shipped("sequence: 1", "sequence: " + "7" * 100_000), "the number is too large"),
        (_shipped("sequence: 1", 'sequence: "' + "x" * TEN_MB + '"'), "expected a whole number"),
        (_shipped("kind: talks", "kind: " + "X" * TEN_MB), "is not in the expected form"),
        (_shipped("format: virtual", "format: " + "x" * TEN_MB), "is not allowed"),
        (_shipped("schema_version: 2", "schema_version: " + "x" * TEN_MB), "is not allowed"),
        (_shipped("timezone: Europe/Moscow", "timezone: " + "x" * TEN_MB), "is too long"),
        (_shipped(SHIPPED_TITLE, "? " + "x" * 1_000_000 + "\n    : y"), "is not a language code"),
        (
            _shipped("schema_version: 2\n", "schema_version: 2\n? " + "x" * TEN_MB + "\n: 1\n"),
            "unknown field",
        ),
        (_shipped("path: sources/", "path: ../" + "x" * 900 + "/"), "leaves the log's folder"),
        (b"a: !" + b"x" * TEN_MB + b" 1\n", "YAML tag that is not allowed"),
        (b"? " + b"x" * TEN_MB + b"\n: 1\n? " + b"x" * TEN_MB + b"\n: 2\n", "appears twice"),
    ],
    ids=[
        "100,000-digit number",
        "10 MB text for a number",
        "10 MB kind (pattern)",
        "10 MB format (enum)",
        "10 MB schema_version (const)",
        "10 MB time zone",
        "1 MB language code",
        "10 MB unknown key",
        "900-character path",
        "10 MB tag",
        "10 MB duplicate key",
    ],
)
def test_no_message_echoes_a_huge_value(data: bytes, message: str) -> None:
    """Whatever the log holds, each problem quotes at most a short prefix of it."""
    with pytest.raises(LogError) as caught:
        parse_log(data, "huge.yaml", DEFAULT_LOG.parent)
    problems = caught.value.problems
    assert any(message in p.message for p in problems), [str(p)[:300] for p in problems]
    assert all(len(str(p)) < MESSAGE_LIMIT for p in problems), [str(p)[:300] for p in problems]


def test_schema_fallback_message_is_shortened_too() -> None:
    """A schema error with no wording of ours keeps jsonschema's message, cut short: it quotes the whole value."""
    error = jsonschema.ValidationError(
        f"{'x' * TEN_MB!r} is not valid under any of the given schemas",
        validator="anyOf",
        path=["events", 0, "title"],
        instance="x" * TEN_MB,
    )
    path, message, hint = _explain(error)
    assert path == ("events", 0, "title")
    assert message.startswith("'xxxx") and len(message) <= 200
    assert hint


def test_schema_checking_stops_just_past_the_limit() -> None:
    """Ten thousand wrong values give MAX_FINDINGS + 1 findings, not ten thousand: checking stops there."""
    findings = schema_findings({"events": [1] * 10_000})
    assert len(findings) == MAX_FINDINGS + 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("true\n", "true or false"),
        ("42\n", "a number"),
        ("4.2\n", "a number"),
        ("plain words\n", "plain text"),
        ("- a\n", "a list"),
        ("~\n", "empty"),
        ("# only a comment\n", "empty"),
    ],
)
def test_a_document_that_is_not_a_mapping_says_what_it_is(text: str, kind: str) -> None:
    """A document that is a single value is refused with what it is, on line 1."""
    with pytest.raises(LogError) as caught:
        parse_log(text.encode(), "single.yaml", None)
    assert [str(p) for p in caught.value.problems] == [
        f"single.yaml:1: (document): the document is {kind}, not a mapping of fields. "
        "Start the file with 'schema_version: 2', then 'visit:', 'events:' ..."
    ]
