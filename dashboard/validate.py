"""A log's bytes -> its validated document: the one place that decides how a log is read.

Two paths lead to the same document, and this module alone chooses between them:

- The fast path reads the text with yaml-rs and checks it with the compiled JSON Schema. It
  can only say yes, and it is taken only where its values are known to equal the careful path's.
- The careful path reads the text with PyYAML and checks it with jsonschema, several times
  slower, and words every problem with its line and field. It reads every text the fast path
  declines, and :class:`Careful` says why it declined.

Either way the checks a schema cannot express come last, on the document's columns. The other
modules only parse (:mod:`dashboard.parse`), check (:mod:`dashboard.schema`), read sources
(:mod:`dashboard.sources`) or word (:mod:`dashboard.problems`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.flat import FlatLog, flatten
from dashboard.parse import MAX_INTEGER, LineIndex, decode, load_yaml, load_yaml_rs
from dashboard.problems import LogError, Problem, format_path
from dashboard.schema import (
    MAX_FINDINGS,
    Finding,
    notices,
    schema_allows,
    schema_findings,
    semantic_findings,
)
from dashboard.sources import read_sources


class Careful(enum.Enum):
    """Why the careful path reads a text: something the fast path cannot vouch for."""

    MARKUP = "a '!', '&' or '*' may start a tag, which yaml-rs ignores, or an alias it expands"
    CHARACTERS = "the text holds a character YAML forbids, which yaml-rs may accept"
    UNREADABLE = "yaml-rs cannot read the text; PyYAML says where and why"
    NOT_A_MAPPING = "the document is not a mapping of fields"
    SCHEMA = "the compiled check finds the document breaks the JSON Schema"
    COUNTS = "a count is not a whole number, or is past int64, both of which JSON Schema allows"


@dataclass(frozen=True)
class FastRead:
    """What the fast path made of a text.

    Attributes:
        document: The values yaml-rs read; None where it was not let read the text, or failed.
        flat: The document's columns, where its values stand; None where they do not.
        careful: Why the careful path must read the text; None where the values stand.
    """

    document: Any = None
    flat: FlatLog | None = None
    careful: Careful | None = None


@dataclass(frozen=True)
class Validated:
    """A document that passed every check, and what the checks read to pass it.

    Attributes:
        document: The parsed YAML, as plain values.
        flat: The document flattened into columns.
        paragraphs: Each source's paragraphs, by source id.
        careful: Why the careful path read the text; None where the fast path did.
        notices: What the log's reader should know but need not fix (see
            :func:`schema.notices`), each said once.
    """

    document: dict[str, Any]
    flat: FlatLog
    paragraphs: dict[str, list[str]]
    careful: Careful | None
    notices: tuple[str, ...] = ()


# yaml-rs ignores tags rather than refusing them, expands aliases by its own limits and may accept
# characters YAML forbids: it is not let read a text that might hold any of these.
_INDICATORS = re.compile("[!&*]")
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# The same characters in UTF-8, for the file's bytes: control bytes alone (C0 and DEL), C1
# controls (U+0080 to U+009F but U+0085) and U+FFFE and U+FFFF. Each pattern starts at a byte
# that begins a character, so matching bytes is matching characters; a surrogate cannot be
# valid UTF-8. Deleting the allowed bytes and the other searches take a sixth of the regex's
# time on text: they run in C over bytes, which most files have none of (0xC2, 0xEF).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES)))
_C1 = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def read_fast(text: str, data: bytes | None = None) -> FastRead:
    """The document and its columns by the fast path, or why the careful path must read ``text``.

    Where it gives columns, its values equal the careful path's (tests/test_parse.py) and they
    passed the JSON Schema, with every count a whole number that fits int64 (the frames' dtype).

    Args:
        text: The log's text.
        data: The same text as UTF-8 bytes, where the caller has them: they are faster to scan.
    """
    if _may_hold_tags_or_aliases(text):
        return FastRead(careful=Careful.MARKUP)
    if _UNPRINTABLE.search(text) if data is None else _forbidden_bytes(data):
        return FastRead(careful=Careful.CHARACTERS)
    try:
        document = load_yaml_rs(text)
    except Exception:  # any failure is the careful reader's to word
        return FastRead(careful=Careful.UNREADABLE)
    if not isinstance(document, dict):
        return FastRead(document, careful=Careful.NOT_A_MAPPING)
    if not schema_allows(document):
        return FastRead(document, careful=Careful.SCHEMA)
    flat = flatten(document)
    if not _whole_numbers(flat):
        return FastRead(document, careful=Careful.COUNTS)
    return FastRead(document, flat)


def validate(
    data: bytes, name: str, base_dir: Path | None, sources: Mapping[str, bytes] | None = None
) -> Validated:
    """Validate a log given as bytes (a file's or an upload's).

    Args:
        data: The file's bytes.
        name: The name to show in messages.
        base_dir: The folder that source paths are relative to; None where the log has none.
        sources: Source texts by file name (an upload's); when given, the disk is not read.

    Raises:
        LogError: every problem found, each with file, line, field path and a fix.
    """
    text = decode(data, name)
    fast = read_fast(text, data)
    if fast.flat is not None:
        document, flat = fast.document, fast.flat
    else:
        document = _read_carefully(text, name)
        flat = flatten(document)
    readings = read_sources(flat.sources["path"], base_dir, sources)
    findings = semantic_findings(flat, readings)
    if findings:
        raise _problems(findings, name, text)
    # Every source was read: one that was not is a finding, and the log was refused above.
    paragraphs = {
        source_id: reading.paragraphs
        for source_id, reading in zip(flat.sources["id"], readings, strict=True)
    }
    return Validated(document, flat, paragraphs, fast.careful, tuple(notices(flat, name)))


def _read_carefully(text: str, name: str) -> dict[str, Any]:
    """The document by PyYAML and jsonschema, or every problem with its line and field."""
    document = load_yaml(text, name)
    if not isinstance(document, dict):
        raise LogError(
            [
                Problem(
                    file=name,
                    line=1,
                    path="",
                    message=f"the document is {_kind(document)}, not a mapping of fields",
                    hint="Start the file with 'schema_version: 2', then 'visit:', 'events:' ...",
                )
            ]
        )
    findings = schema_findings(document)
    if findings:
        raise _problems(findings, name, text)
    return document


def _may_hold_tags_or_aliases(text: str) -> bool:
    """Whether a '!', '&' or '*' starts a token (a tag, anchor or alias) anywhere, quotes or not."""
    if "!" not in text and "&" not in text and "*" not in text:  # str.find is far faster than re
        return False
    return any(
        match.start() == 0 or text[match.start() - 1] in " \t\r\n[{,"
        for match in _INDICATORS.finditer(text)
    )


def _forbidden_bytes(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds a character ``_UNPRINTABLE`` finds in its text."""
    if data.translate(None, _NOT_CONTROL_BYTES):
        return True
    if b"\xc2" in data and _C1.search(data):
        return True
    return b"\xef" in data and any(character in data for character in _NONCHARACTERS)


def _whole_numbers(flat: FlatLog) -> bool:
    """Whether every count is a whole number that fits int64.

    The compiled check counts 2.0 as an integer, as JSON Schema does, and has no upper bound;
    the careful path refuses both with a message.
    """
    for column in (flat.events["sequence"], flat.citations["paragraph"]):
        if column and (set(map(type, column)) != {int} or max(column) > MAX_INTEGER):
            return False
    return True


def _problems(findings: list[Finding], name: str, text: str) -> LogError:
    """The findings as problems with lines, in line order; composing the text costs only here."""
    lines = LineIndex(text)
    problems = [
        Problem(
            file=name, line=lines.line(path), path=format_path(path), message=message, hint=hint
        )
        for path, message, hint in findings[:MAX_FINDINGS]
    ]
    problems.sort(key=lambda p: p.line or 0)
    if len(findings) > MAX_FINDINGS:
        problems.append(
            Problem(
                file=name,
                line=None,
                path="",
                message=f"there are more problems; only the first {MAX_FINDINGS} are listed",
                hint="Fix these, then check the file again",
            )
        )
    return LogError(problems)


def _kind(value: Any) -> str:
    kinds = {
        list: "a list",
        str: "plain text",
        int: "a number",
        float: "a number",
        bool: "true or false",
    }
    return kinds.get(type(value), "empty")
