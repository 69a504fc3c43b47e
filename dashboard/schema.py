"""The published JSON Schema of a log, and the checks a schema cannot express.

Both report every problem at once, each with a field path such as
``events[2].points[4].source.quote``; the caller adds the file and line.
"""

from __future__ import annotations

import json
import reprlib
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import jsonschema_rs
import pandas as pd

from dashboard.problems import shorten
from dashboard.tables import Tables, citation_path

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


@cache
def _compiled() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


def schema_allows(document: Any) -> bool:
    """Whether ``document`` passes the JSON Schema, by a compiled validator: 100x jsonschema.

    It answers only yes or no. It counts 2.0 as an integer, as JSON Schema does: the caller
    checks that counts are whole numbers (see :func:`load._whole_numbers`). On a no, only
    :func:`schema_findings` says where and why.
    """
    try:
        return bool(_compiled().is_valid(document))
    except (ValueError, TypeError, OverflowError):  # e.g. a key that is not text
        return False


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
    tables: Tables, base_dir: Path | None, uploaded: Mapping[str, bytes] | None = None
) -> list[Finding]:
    """Checks on a schema-valid log: ids, references, dates, times, languages and quotes.

    Each check selects the bad rows of whole columns, and words only those. Like
    :func:`schema_findings`, it stops at ``MAX_FINDINGS + 1`` distinct findings.

    Args:
        tables: A document that already passed the schema, flattened (:func:`tables.flatten`).
        base_dir: Folder that source paths are relative to; None where the log has no folder.
        uploaded: Source texts uploaded with the log, by file name; used instead of the disk.
    """
    return _distinct(
        chain(
            _in_order(_duplicate_ids(tables)),
            _in_order(_references(tables)),
            _in_order(_dates_and_times(tables)),
            _in_order(_languages(tables)),
            _citations(tables, base_dir, uploaded),
        )
    )


def _in_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: tuple(str(p).zfill(9) for p in f[0]))


def _duplicate_ids(tables: Tables) -> Iterator[Finding]:
    for name in ("sources", "participants", "topic_groups", "topics", "events"):
        frame = getattr(tables, name)
        bad = frame[frame["id"].duplicated(keep=False)]
        counts = bad["id"].value_counts()
        for i, item_id in zip(bad["e" if name == "events" else "i"], bad["id"], strict=True):
            yield (
                (name, i, "id"),
                f"the id '{item_id}' is used {counts[item_id]} times in {name}",
                "Give each one its own id",
            )
    points = tables.points
    bad = points[points["id"].duplicated(keep=False)]
    counts = bad["id"].value_counts()
    for e, p, point_id in zip(bad["e"], bad["p"], bad["id"], strict=True):
        yield (
            ("events", e, "points", p, "id"),
            f"the point id '{point_id}' is used {counts[point_id]} times",
            "Point ids are unique across the whole log: rename one",
        )


def _unknown(
    paths: Iterable[tuple[str | int, ...]], refs: Iterable[str], known: pd.Series, what: str
) -> Iterator[Finding]:
    listed = ", ".join(sorted(known.unique())[:8]) or "none are defined"
    for path, ref in zip(paths, refs, strict=True):
        yield (
            path,
            f"'{ref}' is not a known {what} id",
            f"Use one of: {listed}; or add it to {what}s",
        )


def _cited_sources(frame: pd.DataFrame, field: str) -> pd.DataFrame:
    """The rows of ``frame`` that have a ``field`` citation, with the source id it names."""
    cited = frame[frame[field].notna()]
    return cited.assign(cited=[citation["source"] for citation in cited[field]])


def _references(tables: Tables) -> Iterator[Finding]:
    participants = tables.participants["id"]
    topics = tables.topics["id"]
    sources = tables.sources["id"]
    if tables.has_topic_groups:
        groups = tables.topic_groups["id"]
        bad = tables.topics[~tables.topics["group"].isin(groups)]
        yield from _unknown(
            (("topics", i, "group") for i in bad["i"]), bad["group"], groups, "topic group"
        )
    visit_source = tables.visit.get("source")
    if visit_source is not None and not sources.isin([visit_source["source"]]).any():
        yield from _unknown(
            [("visit", "source", "source")], [visit_source["source"]], sources, "source"
        )
    attendance = tables.attendance
    bad = attendance[~attendance["participant_id"].isin(participants)]
    yield from _unknown(
        (("events", e, "participants", i) for e, i in zip(bad["e"], bad["i"], strict=True)),
        bad["participant_id"],
        participants,
        "participant",
    )
    for field in ("source", "time_source"):
        cited = _cited_sources(tables.events, field)
        bad = cited[~cited["cited"].isin(sources)]
        yield from _unknown(
            (("events", e, field, "source") for e in bad["e"]), bad["cited"], sources, "source"
        )
    speakers = tables.point_speakers
    known = speakers["participant_id"].isin(participants)
    present = pd.MultiIndex.from_arrays([attendance["e"], attendance["participant_id"]])
    attends = pd.MultiIndex.from_arrays([speakers["e"], speakers["participant_id"]]).isin(present)
    bad = speakers[~known | ~attends]
    for e, p, i, ref, ok in zip(
        bad["e"], bad["p"], bad["i"], bad["participant_id"], known[~known | ~attends], strict=True
    ):
        path = ("events", e, "points", p, "speakers", i)
        if not ok:
            yield from _unknown([path], [ref], participants, "participant")
        else:
            yield (
                path,
                f"'{ref}' speaks here but is not among the event's participants",
                "Add them to the event's participants, or fix the speaker",
            )
    point_topics = tables.point_topics
    bad = point_topics[~point_topics["topic_id"].isin(topics)]
    yield from _unknown(
        (
            ("events", e, "points", p, "topics", i)
            for e, p, i in zip(bad["e"], bad["p"], bad["i"], strict=True)
        ),
        bad["topic_id"],
        topics,
        "topic",
    )
    cited = _cited_sources(tables.points, "source")
    bad = cited[~cited["cited"].isin(sources)]
    yield from _unknown(
        (
            ("events", e, "points", p, "source", "source")
            for e, p in zip(bad["e"], bad["p"], strict=True)
        ),
        bad["cited"],
        sources,
        "source",
    )


def _dates_and_times(tables: Tables) -> Iterator[Finding]:
    visit = tables.visit
    if visit["end"] < visit["start"]:
        yield (
            ("visit", "end"),
            f"the visit ends ({visit['end']}) before it starts ({visit['start']})",
            "Swap the dates, or fix the one that is wrong",
        )
    events = tables.events
    # Dates and clock times are zero-padded text, so comparing the text compares the times.
    outside = events[(events["date"] < visit["start"]) | (events["date"] > visit["end"])]
    for e, day in zip(outside["e"], outside["date"], strict=True):
        yield (
            ("events", e, "date"),
            f"{day} is outside the visit ({visit['start']} to {visit['end']})",
            "Fix the date, or widen the visit's start and end",
        )
    has_start, has_end = events["start"].notna(), events["end"].notna()
    both = events[has_start & has_end]
    for e, start, end in zip(both["e"], both["start"], both["end"], strict=True):
        if end < start:
            yield (
                ("events", e, "end"),
                f"ends at {end}, before it starts at {start}",
                "Fix one of the times; an event that runs past midnight is two entries",
            )
    for e in events["e"][has_end & ~has_start]:
        yield (
            ("events", e, "end"),
            "has an end time but no start time",
            "Add 'start', or remove 'end'",
        )
    uncited = events[(has_start | has_end) & events["time_source"].isna()]
    for e, timed in zip(uncited["e"], uncited["start"].notna(), strict=True):
        yield (
            ("events", e, "start" if timed else "end"),
            "a clock time is given without a time_source",
            "Cite where the time is stated (time_source: {source, paragraph, quote}), "
            "or remove the time: never invent one",
        )
    try:
        zoneinfo.ZoneInfo(visit["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        yield (
            ("visit", "timezone"),
            f"{_short(visit['timezone'])} is not a known IANA time zone",
            "Use a name from the IANA time zone database, e.g. Asia/Kolkata or America/New_York",
        )


def _languages(tables: Tables) -> Iterator[Finding]:
    languages = set(tables.visit["title"])
    visit = [("title", tables.visit["title"]), ("place", tables.visit.get("place"))]
    for field, text in visit:
        yield from _missing_languages([("visit", field)], [text], languages)
    texts = {
        "sources": ("title",),
        "participants": ("name", "role", "organization"),
        "topic_groups": ("label",),
        "topics": ("label",),
    }
    for name, text_fields in texts.items():
        frame = getattr(tables, name)
        for field in text_fields:
            paths = ((name, i, field) for i in frame["i"])
            yield from _missing_languages(paths, frame[field], languages)
    for field in ("title", "summary", "place"):
        paths = (("events", e, field) for e in tables.events["e"])
        yield from _missing_languages(paths, tables.events[field], languages)
    points = tables.points
    yield from _missing_languages(
        (("events", e, "points", p, "text") for e, p in zip(points["e"], points["p"], strict=True)),
        points["text"],
        languages,
    )


def _missing_languages(
    paths: Iterable[tuple[str | int, ...]],
    texts: Iterable[dict[str, str] | None],
    languages: set[str],
) -> Iterator[Finding]:
    hint = f"Give it every language the visit's title has: {', '.join(sorted(languages))}"
    for path, text in zip(paths, texts, strict=True):
        if text is not None and not languages.issubset(text):
            missing = ", ".join(sorted(languages - set(text)))
            yield path, f"has no text in {missing}", hint


def _citations(
    tables: Tables, base_dir: Path | None, uploaded: Mapping[str, bytes] | None
) -> Iterator[Finding]:
    paragraphs: dict[str, list[str]] = {}
    for i, source_id, path in zip(
        tables.sources["i"], tables.sources["id"], tables.sources["path"], strict=True
    ):
        found = read_source(path, base_dir, uploaded)
        if isinstance(found, str):
            yield (
                ("sources", i, "path"),
                found,
                "Give a path relative to the log's folder, to a UTF-8 text file with one paragraph per line",
            )
        else:
            paragraphs[source_id] = found
    citations = tables.citations
    lengths = {source_id: len(lines) for source_id, lines in paragraphs.items()}
    # An unknown or unreadable source is reported once, above.
    readable = citations[citations["source"].isin(list(lengths))]
    counts = readable["source"].map(lengths).to_numpy(dtype="int64")
    beyond = readable["paragraph"].to_numpy(dtype="int64") > counts
    yield from _in_order(_quotes(readable[~beyond], paragraphs, readable[beyond], counts[beyond]))


def _quotes(
    existing: pd.DataFrame,
    paragraphs: dict[str, list[str]],
    beyond: pd.DataFrame,
    counts: Iterable[int],
) -> Iterator[Finding]:
    for e, p, field, number, count in zip(
        beyond["e"], beyond["p"], beyond["field"], beyond["paragraph"], counts, strict=True
    ):
        yield (
            (*citation_path(e, p, field), "paragraph"),
            f"paragraph {number} does not exist; the source has {count}",
            "Count paragraphs from 1, one per line of the source file",
        )
    cited = [
        paragraphs[source_id][number - 1]
        for source_id, number in zip(existing["source"], existing["paragraph"], strict=True)
    ]
    found = [quote in text for quote, text in zip(existing["quote"], cited, strict=True)]
    missing = existing[[not ok for ok in found]]
    for e, p, field, source_id, number, quote in missing.itertuples(index=False):
        lines = paragraphs[source_id]
        other = next((n + 1 for n, line in enumerate(lines) if quote in line), None)
        hint = (
            f"It is in paragraph {other}: fix 'paragraph'"
            if other
            else "Copy the quote exactly from the source, character for character"
        )
        path = (*citation_path(e, p, field), "quote")
        yield path, f"the quote is not found verbatim in paragraph {number}", hint


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
