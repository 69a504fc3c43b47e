"""The published JSON Schema of a log, and the checks a schema cannot express.

Both report every problem at once, each with a field path such as
``events[2].points[4].source.quote``; the caller adds the file and line.
"""

from __future__ import annotations

import json
import reprlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema

from dashboard.problems import shorten

SCHEMA_FILE = "log.schema.json"

# A finding before it has a file and a line: (path, message, hint).
Finding = tuple[tuple[str | int, ...], str, str]

# Past this many, more problems help no one, and listing a million of them (a 2 MB file of wrong
# values) would take minutes and gigabytes: checking stops at one more, so the caller can say so.
MAX_FINDINGS = 100


@cache
def schema() -> dict[str, Any]:
    """The log's JSON Schema, as shipped inside the package."""
    text = resources.files("dashboard").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> jsonschema.Draft202012Validator:
    # JSON Schema counts 2.0 as an integer; a log means a count, and a float paragraph number
    # cannot index the source's paragraphs, so a whole number must be written as one.
    whole_numbers = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    validator = jsonschema.validators.extend(
        jsonschema.Draft202012Validator, type_checker=whole_numbers
    )
    return validator(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_findings(document: Any) -> list[Finding]:
    """Where ``document`` breaks the JSON Schema, in document order.

    Checking stops at ``MAX_FINDINGS + 1`` distinct findings: more than ``MAX_FINDINGS`` means
    "and there are more".
    """
    findings = _distinct(_explain(error) for error in _validator().iter_errors(document))
    return sorted(findings, key=lambda f: tuple(str(p).zfill(9) for p in f[0]))


def _distinct(findings: Iterable[Finding]) -> list[Finding]:
    """The first ``MAX_FINDINGS + 1`` distinct findings, consumed lazily so checking stops there."""
    distinct: dict[Finding, None] = {}
    for finding in findings:
        distinct[finding] = None
        if len(distinct) > MAX_FINDINGS:
            break
    return list(distinct)


def _explain(error: jsonschema.ValidationError) -> Finding:
    """Turn a jsonschema error into words a log's author can act on."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return (
            (*path, missing),
            f"the required field '{missing}' is missing",
            (f"Add '{missing}:' here (see data/events.yaml for an example)"),
        )
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = set(error.schema.get("properties", {}))
        unknown = sorted(str(key) for key in value if key not in known)
        return (
            (*path, unknown[0]),
            f"unknown field '{shorten(unknown[0])}'",
            ("Remove it, or check its spelling; allowed here: " + ", ".join(sorted(known))),
        )
    if keyword == "type":
        return (
            path,
            f"expected {_a(error.validator_value)}, found {_a(_type_name(value))}",
            (_type_hint(error.validator_value)),
        )
    if "propertyNames" in error.schema_path:  # a translated text keyed by something odd
        return (
            path,
            f"{_short(value)} is not a language code",
            "Key each text by a language code such as en or hi, e.g. {en: ..., hi: ...}",
        )
    if keyword == "pattern":
        return path, f"{_short(value)} is not in the expected form", _pattern_hint(path)
    if keyword in {"enum", "const"}:
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        return (
            path,
            f"{_short(value)} is not allowed",
            "Use one of: " + ", ".join(map(str, allowed)),
        )
    if keyword == "format":
        return path, f"{_short(value)} is not a real calendar date", "Write a date as YYYY-MM-DD"
    if keyword in {"minLength", "minItems", "minProperties"}:
        return path, "is empty", "Give it a value; remove the field if it is optional"
    if keyword in {"maxLength", "maxItems"}:
        return path, f"is too long (at most {error.validator_value:,})", "Shorten it"
    if keyword == "minimum":
        return (
            path,
            f"{_short(value)} is below {error.validator_value}",
            (f"Use a number of at least {error.validator_value}"),
        )
    # jsonschema's own message quotes the whole value, which may be megabytes long.
    return (
        path,
        shorten(error.message, 200),
        "See dashboard/log.schema.json for what this field takes",
    )


def _a(kind: Any) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "null": "nothing",
    }
    if isinstance(kind, list):
        return " or ".join(names.get(str(k), str(k)) for k in kind)
    return names.get(kind, str(kind))


def _type_name(value: Any) -> str:
    for kind, python in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python):
            return kind
    return "null"


def _type_hint(expected: Any) -> str:
    if expected == "string":
        return 'Put the value in quotes, e.g. "12:30"'
    if expected == "array":
        return "Write a list, e.g. [a, b]"
    if expected == "object":
        return "Write a mapping of fields, e.g. {en: ..., hi: ...}"
    if expected == "integer":
        return "Write a whole number, without quotes"
    return f"Write {_a(expected)}"


def _pattern_hint(path: tuple[str | int, ...]) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if last in {"start", "end"} and "events" in path:
        return 'Write a time as "HH:MM" on a 24-hour clock, in quotes'
    if last in {"start", "end", "date"}:
        return "Write a date as YYYY-MM-DD"
    if last == "timezone":
        return "Use an IANA time zone name such as Europe/Lisbon"
    if last == "kind":
        return "Use lower-case words joined by '-', e.g. press-remarks"
    return "Ids use lower-case letters, digits, '-' and '_', e.g. press-remarks"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4


def _short(value: Any) -> str:
    # reprlib stops early, so quoting a 10 MB string or a long list costs no more than a short one.
    return shorten(_REPR.repr(value))


def semantic_findings(
    log: dict[str, Any], base_dir: Path | None, uploaded: Mapping[str, bytes] | None = None
) -> list[Finding]:
    """Checks on a schema-valid log: ids, references, dates, times, languages and quotes.

    Like :func:`schema_findings`, it stops at ``MAX_FINDINGS + 1`` distinct findings.

    Args:
        log: A document that already passed :func:`schema_findings`.
        base_dir: Folder that source paths are relative to; None where the log has no folder.
        uploaded: Source texts uploaded with the log, by file name; used instead of the disk.
    """
    return _distinct(
        chain(
            _duplicate_ids(log),
            _references(log),
            _dates_and_times(log),
            _languages(log),
            _citations(log, base_dir, uploaded),
        )
    )


def _duplicate_ids(log: dict[str, Any]) -> Iterator[Finding]:
    collections = [
        ("sources", log.get("sources", [])),
        ("participants", log["participants"]),
        ("topic_groups", log.get("topic_groups", [])),
        ("topics", log["topics"]),
        ("events", log["events"]),
    ]
    points = [
        (("events", e, "points", p), point["id"])
        for e, event in enumerate(log["events"])
        for p, point in enumerate(event["points"])
    ]
    for name, items in collections:
        counts = Counter(item["id"] for item in items)
        for i, item in enumerate(items):
            if counts[item["id"]] > 1:
                yield (
                    (name, i, "id"),
                    f"the id '{item['id']}' is used {counts[item['id']]} times in {name}",
                    ("Give each one its own id"),
                )
    counts = Counter(pid for _, pid in points)
    for where, pid in points:
        if counts[pid] > 1:
            yield (
                (*where, "id"),
                f"the point id '{pid}' is used {counts[pid]} times",
                ("Point ids are unique across the whole log: rename one"),
            )


def _references(log: dict[str, Any]) -> Iterator[Finding]:
    participants = {p["id"] for p in log["participants"]}
    topics = {t["id"] for t in log["topics"]}
    sources = {s["id"] for s in log.get("sources", [])}

    def check(
        path: tuple[str | int, ...], ref: str, known: set[str], what: str
    ) -> Iterator[Finding]:
        if ref not in known:
            listed = ", ".join(sorted(known)[:8]) or "none are defined"
            yield (
                path,
                f"'{ref}' is not a known {what} id",
                f"Use one of: {listed}; or add it to {what}s",
            )

    for t, topic in enumerate(log["topics"]):
        groups = {g["id"] for g in log.get("topic_groups", [])}
        if log.get("topic_groups") and topic["group"] not in groups:
            yield from check(("topics", t, "group"), topic["group"], groups, "topic group")
    if "source" in log["visit"]:
        yield from check(
            ("visit", "source", "source"), log["visit"]["source"]["source"], sources, "source"
        )
    for e, event in enumerate(log["events"]):
        for i, ref in enumerate(event["participants"]):
            yield from check(("events", e, "participants", i), ref, participants, "participant")
        for field in ("source", "time_source"):
            if field in event:
                yield from check(
                    ("events", e, field, "source"), event[field]["source"], sources, "source"
                )
        attendees = set(event["participants"])
        for p, point in enumerate(event["points"]):
            for i, ref in enumerate(point["speakers"]):
                yield from check(
                    ("events", e, "points", p, "speakers", i), ref, participants, "participant"
                )
                if ref in participants and ref not in attendees:
                    yield (
                        ("events", e, "points", p, "speakers", i),
                        f"'{ref}' speaks here but is not among the event's participants",
                        "Add them to the event's participants, or fix the speaker",
                    )
            for i, ref in enumerate(point["topics"]):
                yield from check(("events", e, "points", p, "topics", i), ref, topics, "topic")
            if "source" in point:
                yield from check(
                    ("events", e, "points", p, "source", "source"),
                    point["source"]["source"],
                    sources,
                    "source",
                )


def _dates_and_times(log: dict[str, Any]) -> Iterator[Finding]:
    visit = log["visit"]
    if visit["end"] < visit["start"]:
        yield (
            ("visit", "end"),
            f"the visit ends ({visit['end']}) before it starts ({visit['start']})",
            ("Swap the dates, or fix the one that is wrong"),
        )
    for e, event in enumerate(log["events"]):
        if not visit["start"] <= event["date"] <= visit["end"]:
            yield (
                ("events", e, "date"),
                (f"{event['date']} is outside the visit ({visit['start']} to {visit['end']})"),
                ("Fix the date, or widen the visit's start and end"),
            )
        if "start" in event and "end" in event and event["end"] < event["start"]:
            yield (
                ("events", e, "end"),
                f"ends at {event['end']}, before it starts at {event['start']}",
                ("Fix one of the times; an event that runs past midnight is two entries"),
            )
        if "end" in event and "start" not in event:
            yield (
                ("events", e, "end"),
                "has an end time but no start time",
                "Add 'start', or remove 'end'",
            )
        if ("start" in event or "end" in event) and "time_source" not in event:
            yield (
                ("events", e, "start" if "start" in event else "end"),
                ("a clock time is given without a time_source"),
                (
                    "Cite where the time is stated (time_source: {source, paragraph, quote}), "
                    "or remove the time: never invent one"
                ),
            )


def _languages(log: dict[str, Any]) -> Iterator[Finding]:
    languages = set(log["visit"]["title"])
    for path, text in _texts(log):
        missing = languages - set(text)
        if missing:
            yield (
                path,
                f"has no text in {', '.join(sorted(missing))}",
                (f"Give it every language the visit's title has: {', '.join(sorted(languages))}"),
            )


def _texts(
    node: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], dict[str, str]]]:
    """Every translated text in the log, with its path."""
    text_fields = {"title", "place", "name", "role", "organization", "label", "summary", "text"}
    if isinstance(node, dict):
        for key, value in node.items():
            if key in text_fields and isinstance(value, dict):
                yield (*path, key), value
            else:
                yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))


def _citations(
    log: dict[str, Any], base_dir: Path | None, uploaded: Mapping[str, bytes] | None
) -> Iterator[Finding]:
    paragraphs: dict[str, list[str]] = {}
    for s, source in enumerate(log.get("sources", [])):
        found = read_source(source["path"], base_dir, uploaded)
        if isinstance(found, str):
            yield (
                ("sources", s, "path"),
                found,
                (
                    "Give a path relative to the log's folder, to a UTF-8 text file with one paragraph per line"
                ),
            )
        else:
            paragraphs[source["id"]] = found
    for path, citation in _all_citations(log):
        lines = paragraphs.get(citation["source"])
        if lines is None:
            continue  # an unknown or unreadable source is reported once, above
        number = citation["paragraph"]
        if number > len(lines):
            yield (
                (*path, "paragraph"),
                f"paragraph {number} does not exist; the source has {len(lines)}",
                ("Count paragraphs from 1, one per line of the source file"),
            )
        elif citation["quote"] not in lines[number - 1]:
            other = next((i + 1 for i, line in enumerate(lines) if citation["quote"] in line), None)
            hint = (
                f"It is in paragraph {other}: fix 'paragraph'"
                if other
                else "Copy the quote exactly from the source, character for character"
            )
            yield (*path, "quote"), f"the quote is not found verbatim in paragraph {number}", hint


def _all_citations(log: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if "source" in log["visit"]:
        yield ("visit", "source"), log["visit"]["source"]
    for e, event in enumerate(log["events"]):
        for field in ("source", "time_source"):
            if field in event:
                yield ("events", e, field), event[field]
        for p, point in enumerate(event["points"]):
            if "source" in point:
                yield ("events", e, "points", p, "source"), point["source"]


def read_source(
    path: str, base_dir: Path | None, uploaded: Mapping[str, bytes] | None = None
) -> list[str] | str:
    """A source's paragraphs, or a sentence saying why it cannot be read.

    The path must stay inside the log's folder: a log must not read arbitrary files. Where
    ``uploaded`` is given, the source is looked up there by file name and the disk is not used.
    """
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or "\\" in path:
        return f"the path {shorten(repr(path))} leaves the log's folder"
    if uploaded is not None:
        if relative.name not in uploaded:
            return f"the source file {shorten(repr(relative.name))} was not uploaded with the log"
        data = uploaded[relative.name]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return f"the source file {shorten(repr(relative.name))} is not UTF-8 text"
    elif base_dir is None:
        return f"the source {shorten(repr(path))} cannot be read: this log has no folder"
    else:
        try:
            text = (base_dir / relative).read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"the source file {shorten(repr(path))} was not found next to the log"
        # ValueError: a path with a NUL byte ("a\0b" in YAML) cannot even be opened.
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return f"the source file {shorten(repr(path))} cannot be read ({type(exc).__name__})"
    return [line.rstrip("\r") for line in text.rstrip("\r\n").split("\n")]
