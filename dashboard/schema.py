"""The published JSON Schema of a log, and the checks a schema cannot express.

Both report every problem at once, each with a field path such as
``events[2].points[4].source.quote``; the caller adds the file and line.
"""

from __future__ import annotations

import difflib
import json
import reprlib
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import chain
from operator import contains
from typing import Any

import jsonschema
import jsonschema_rs
import numpy as np

from dashboard.flat import (
    NOT_STATED,
    Columns,
    FlatLog,
    citation_path,
    inferred_path,
    point_path,
)
from dashboard.problems import shorten
from dashboard.sources import SourceText

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

    It answers only yes or no, and as JSON Schema does, it counts 2.0 as an integer and sets
    integers no upper bound, where :func:`schema_findings` refuses 2.0. On a no, only
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
    return _in_order(_distinct(_explain(error) for error in _validator().iter_errors(document)))


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
    if keyword == "anyOf" and error.context:
        # A value or 'not stated': word what is wrong with the value, and offer the other way.
        tried = [e for e in error.context if e.validator != "const"] or list(error.context)
        found_path, message, hint = _explain(jsonschema.exceptions.best_match(tried))
        return (
            found_path,
            message,
            f"{hint}; or write '{NOT_STATED}' if the source does not state it",
        )
    if "inferred" in path or (keyword == "required" and path and path[-1] == "inferred"):
        return (path, *_inferred_words(error))
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        hint = f"Add it here, e.g. {example(path, missing)}"
        if missing in _MAY_BE_NOT_STATED:
            hint += f"; if the source does not state it, write '{missing}: {NOT_STATED}'"
        return ((*path, missing), f"the required field '{missing}' is missing", hint)
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = set(error.schema.get("properties", {}))
        unknown = sorted(str(key) for key in value if key not in known)
        close = difflib.get_close_matches(unknown[0], known, n=1)
        return (
            (*path, unknown[0]),
            f"unknown field '{shorten(unknown[0])}'",
            (f"Did you mean '{close[0]}'? e.g. {example(path, close[0])}. " if close else "")
            + "Remove it, or check its spelling; allowed here: "
            + ", ".join(sorted(known)),
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
        return (
            path,
            f"{_short(value)} is not a real calendar date",
            "Write a date as YYYY-MM-DD, e.g. 2024-03-05",
        )
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


# Fields a source may leave unstated: the schema takes 'not stated' for them.
_MAY_BE_NOT_STATED = {"date", "timezone", "role", "organization"}


def _inferred_words(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(message, hint) for a malformed ``inferred`` note: each needs a reason, in words."""
    example = "inferred: {format: {en: why the source implies it, ...}}"
    if error.validator == "propertyNames" or (
        "propertyNames" in error.schema_path and error.validator == "enum"
    ):
        allowed = ", ".join(map(str, error.validator_value))
        return (
            f"{_short(error.instance)} is not a field that can be inferred here",
            f"Name one of: {allowed}",
        )
    if error.validator in {"type", "minProperties", "minLength"}:
        return (
            "an inferred field needs its reason, in every language of the log",
            f"Say why the value follows from the source, e.g. {example}",
        )
    return shorten(error.message, 200), f"Write each inferred field with its reason: {example}"


# A corrected line for each field, by name; where a name means two things, by where it sits.
# The examples are neutral on purpose: a log about any visit should read them as its own.
_EXAMPLES = {
    "schema_version": "schema_version: 2",
    "draft": "draft: true",
    "review": "review: Check the speaker",
    "visit": "visit: {id: lisbon-2024, title: {en: Visit to Lisbon}, start: 2024-03-04, "
    "end: 2024-03-06, place: {en: Lisbon}, timezone: Europe/Lisbon}",
    "sources": "sources: [{id: article, title: {en: News article}, language: en, "
    "path: sources/article.en.txt}]",
    "topics": "topics: [{id: fisheries, label: {en: Fisheries}, group: sea}]",
    "topic_groups": "topic_groups: [{id: sea, label: {en: The sea}}]",
    "events": "events: [{id: port-visit, title: {en: Port visit}, date: 2024-03-05, sequence: 1, "
    "kind: site-visit, format: in-person, participants: [mayor], summary: {en: ...}, points: []}]",
    "id": "id: port-visit",
    "title": "title: {en: Port visit with the mayor}",
    "name": "name: {en: Ana Silva}",
    "role": "role: {en: Mayor}",
    "organization": "organization: {en: City of Lisbon}",
    "label": "label: {en: Fisheries}",
    "group": "group: sea",
    "language": "language: en",
    "path": "path: sources/article.en.txt",
    "place": "place: {en: Lisbon, Portugal}",
    "timezone": "timezone: Europe/Lisbon",
    "date": "date: 2024-03-05",
    "sequence": "sequence: 1",
    "kind": "kind: talks",
    "format": "format: in-person",
    "summary": "summary: {en: The mayor presented the ocean plan.}",
    "points": "points: [{id: ocean-plan, speakers: [mayor], topics: [oceans], text: {en: ...}}]",
    "speakers": "speakers: [mayor]",
    "text": "text: {en: The mayor presented the ocean plan.}",
    "source": "source: {source: article, paragraph: 2, quote: presented the ocean plan}",
    "time_source": 'time_source: {source: article, paragraph: 1, quote: "at 10:00"}',
    "paragraph": "paragraph: 2",
    "quote": "quote: presented the ocean plan",
    "url": "url: https://example.org/article",
}


def example(path: tuple[str | int, ...], field: str) -> str:
    """A corrected line for ``field`` of the item at ``path``, as it would be written in a log."""
    if field in {"start", "end"}:
        return f'{field}: "10:00"' if "events" in path else f"{field}: 2024-03-04"
    if field == "participants":
        return (
            "participants: [head, mayor]"
            if "events" in path
            else "participants: [{id: mayor, name: {en: Ana Silva}, role: {en: Mayor}, "
            "organization: {en: City of Lisbon}}]"
        )
    if field == "topics" and "points" in path:
        return "topics: [oceans]"
    return _EXAMPLES.get(field, f"{field}: ...")


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
        return 'Write a time as "HH:MM" on a 24-hour clock, in quotes, e.g. start: "14:30"'
    if last in {"start", "end", "date"}:
        return f"Write a date as YYYY-MM-DD, e.g. {last}: 2024-03-05"
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


def semantic_findings(flat: FlatLog, readings: list[SourceText]) -> list[Finding]:
    """Checks on a schema-valid log: ids, references, dates, times, languages and quotes.

    Each check compares whole columns first (as sets, or by min and max) and walks rows only
    to word what it found wrong. Like :func:`schema_findings`, it stops at
    ``MAX_FINDINGS + 1`` distinct findings.

    Args:
        flat: A document that already passed the schema, flattened (:func:`flat.flatten`).
        readings: Its sources as read, in its order (:func:`sources.read_sources`).
    """
    return _distinct(
        chain(
            _in_order(_duplicate_ids(flat)),
            _in_order(_references(flat)),
            _in_order(_dates_and_times(flat)),
            _in_order(_languages(flat)),
            _in_order(_voices(flat)),
            _in_order(_inferences(flat)),
            _version(flat),
            _citations(flat, readings),
        )
    )


def _in_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: tuple(str(p).zfill(9) for p in f[0]))


def _duplicate_ids(flat: FlatLog) -> Iterator[Finding]:
    for name in ("sources", "participants", "topic_groups", "topics", "events"):
        table = getattr(flat, name)
        ids = table["id"]
        if len(set(ids)) == len(ids):
            continue
        counts = Counter(ids)
        for i, item_id in zip(
            table["event_index" if name == "events" else "item_index"], ids, strict=True
        ):
            if counts[item_id] > 1:
                yield (
                    (name, i, "id"),
                    f"the id '{item_id}' is used {counts[item_id]} times in {name}",
                    "Give each one its own id",
                )
    points = flat.points
    if len(set(points["id"])) < len(points["id"]):
        counts = Counter(points["id"])
        for e, p, point_id in zip(
            points["event_index"], points["point_index"], points["id"], strict=True
        ):
            if counts[point_id] > 1:
                yield (
                    (*point_path(e, p), "id"),
                    f"the point id '{point_id}' is used {counts[point_id]} times",
                    "Point ids are unique across the whole log: rename one",
                )


def _unknown(
    rows: Iterable[tuple[tuple[str | int, ...], str]], known: set[str], what: str
) -> Iterator[Finding]:
    """A finding for each (path, reference) whose reference is not in ``known``."""
    listed = ", ".join(sorted(known)[:8]) or "none are defined"
    for path, ref in rows:
        if ref not in known:
            yield (
                path,
                f"'{ref}' is not a known {what} id",
                f"Use one of: {listed}; or add it to {what}s",
            )


def _references(flat: FlatLog) -> Iterator[Finding]:
    participants = set(flat.participants["id"])
    topics = set(flat.topics["id"])
    sources = set(flat.sources["id"])
    groups = set(flat.topic_groups["id"])
    if flat.has_topic_groups and not groups.issuperset(flat.topics["group"]):
        yield from _unknown(
            (
                (("topics", i, "group"), g)
                for i, g in zip(flat.topics["item_index"], flat.topics["group"], strict=True)
            ),
            groups,
            "topic group",
        )
    if not sources.issuperset(flat.citations["source"]):
        yield from _unknown_sources(flat, sources)
    attendance = flat.attendance
    speakers = flat.point_speakers
    # Each reference is numbered by its row in its table, None where it names none (flatten):
    # comparing numbers, not ids or (event, id) pairs, tells whether every speaker attended.
    attendees = attendance["participant_row"]
    if None in attendees:
        attended = zip(
            attendance["event_index"],
            attendance["item_index"],
            attendance["participant_id"],
            strict=True,
        )
        yield from _unknown(
            ((("events", e, "participants", i), ref) for e, i, ref in attended),
            participants,
            "participant",
        )
    voices = speakers["participant_row"]
    if None in voices or not _speakers_attend(
        attendance["event_index"],
        attendees,
        np.array(flat.points["event_index"], dtype=np.int64)[
            np.array(speakers["point_row"], dtype=np.int64)
        ],
        voices,
        len(flat.participants["id"]),
    ):
        present = set(zip(attendance["event_index"], attendance["participant_id"], strict=True))
        spoken = zip(
            _places(flat, speakers["point_row"]),
            speakers["item_index"],
            speakers["participant_id"],
            strict=True,
        )
        for (e, p), i, ref in spoken:
            path = (*point_path(e, p), "speakers", i)
            if ref not in participants:
                yield from _unknown([(path, ref)], participants, "participant")
            elif e >= 0 and (e, ref) not in present:
                yield (
                    path,
                    f"'{ref}' speaks here but is not among the event's participants",
                    "Add them to the event's participants, or fix the speaker",
                )
    point_topics = flat.point_topics
    if None in point_topics["topic_row"]:
        listed = zip(
            _places(flat, point_topics["point_row"]),
            point_topics["item_index"],
            point_topics["topic_id"],
            strict=True,
        )
        yield from _unknown(
            (((*point_path(e, p), "topics", i), ref) for (e, p), i, ref in listed),
            topics,
            "topic",
        )


def _places(flat: FlatLog, rows: list[int]) -> list[tuple[int, int]]:
    """Each point row's (event_index, point_index): where the point sits in the document."""
    events, places = flat.points["event_index"], flat.points["point_index"]
    return [(events[row], places[row]) for row in rows]


def _speakers_attend(
    attendance_events: list[int],
    attendees: list[int | None],
    speaker_events: np.ndarray,
    speakers: list[int | None],
    participants: int,
) -> bool:
    """Whether every speaker of an event's point is among the event's participants.

    A point about the visit as a whole (event -1) may name any of the log's participants.
    Each (event, participant) pair is one whole number, so numpy compares them all at once;
    every speaker is known (no None) when this is asked.
    """
    width = participants + 1  # room for every participant's number, and -1 for an unknown one
    attended = np.array(attendance_events, dtype=np.int64) * width + np.array(
        [-1 if n is None else n for n in attendees], dtype=np.int64
    )
    spoken = (speaker_events * width + np.array(speakers, dtype=np.int64))[speaker_events >= 0]
    return bool(np.isin(spoken, attended).all())


def _unknown_sources(flat: FlatLog, sources: set[str]) -> Iterator[Finding]:
    """A finding for each citation of a source the log does not list."""
    cited = zip(
        flat.citations["event_index"],
        flat.citations["point_index"],
        flat.citations["field"],
        flat.citations["source"],
        strict=True,
    )
    yield from _unknown(
        (((*citation_path(e, p, field), "source"), ref) for e, p, field, ref in cited),
        sources,
        "source",
    )


def _dates_and_times(flat: FlatLog) -> Iterator[Finding]:
    visit = flat.visit
    if visit["end"] < visit["start"]:
        yield (
            ("visit", "end"),
            f"the visit ends ({visit['end']}) before it starts ({visit['start']})",
            "Swap the dates, or fix the one that is wrong",
        )
    events = flat.events
    # Dates and clock times are zero-padded text, so comparing the text compares the times.
    days = [day for day in events["date"] if day is not None]  # None: not stated
    if days and (min(days) < visit["start"] or max(days) > visit["end"]):
        for e, day in zip(events["event_index"], events["date"], strict=True):
            if day is not None and not visit["start"] <= day <= visit["end"]:
                yield (
                    ("events", e, "date"),
                    f"{day} is outside the visit ({visit['start']} to {visit['end']})",
                    f"Fix the date, e.g. date: {visit['start']}, or widen the visit's start "
                    "and end",
                )
    timed = [
        row
        for row in zip(
            events["event_index"],
            events["start"],
            events["end"],
            events["time_source"],
            strict=True,
        )
        if row[1] is not None or row[2] is not None
    ]
    for e, start, end, time_source in timed:
        if start is not None and end is not None and end < start:
            yield (
                ("events", e, "end"),
                f"ends at {end}, before it starts at {start}",
                "Fix one of the times; an event that runs past midnight is two entries",
            )
        if start is None:
            yield (
                ("events", e, "end"),
                "has an end time but no start time",
                "Add 'start', or remove 'end'",
            )
        if time_source is None:
            yield (
                ("events", e, "start" if start is not None else "end"),
                "a clock time is given without a time_source",
                "Cite where the time is stated (time_source: {source, paragraph, quote}), "
                "or remove the time: never invent one",
            )
    if visit["timezone"] == NOT_STATED:
        for e, start, _end, _ in timed:
            yield (
                ("events", e, "start" if start is not None else "end"),
                "a clock time is given, but the visit's time zone is not stated",
                "Give visit.timezone (with an 'inferred' note if the source does not state it, "
                "e.g. from the place), or remove the time",
            )
        return
    try:
        zoneinfo.ZoneInfo(visit["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        yield (
            ("visit", "timezone"),
            f"{_short(visit['timezone'])} is not a known IANA time zone",
            "Use a name from the IANA time zone database, e.g. Asia/Kolkata or America/New_York",
        )


def _languages(flat: FlatLog) -> Iterator[Finding]:
    languages = set(flat.visit["title"])
    visit = flat.visit
    # (where each text sits: a prefix, each row's position, the field) and the texts.
    columns: list[tuple[tuple[str, ...], list[Any], str, list[Any]]] = [
        (("visit",), [()], field, [visit.get(field)]) for field in ("title", "place")
    ]
    texts = {
        "sources": ("title",),
        "participants": ("name", "role", "organization"),
        "topic_groups": ("label",),
        "topics": ("label",),
    }
    for name, text_fields in texts.items():
        table = getattr(flat, name)
        items: list[tuple[Any, ...]] = [(i,) for i in table["item_index"]]
        columns += [((name,), items, field, table[field]) for field in text_fields]
    events, points = flat.events, flat.points
    rows: list[tuple[Any, ...]] = [(e,) for e in events["event_index"]]
    columns += [
        (("events",), rows, field, events[field]) for field in ("title", "summary", "place")
    ]
    rows = [
        point_path(e, p) for e, p in zip(points["event_index"], points["point_index"], strict=True)
    ]
    columns += [((), rows, field, points[field]) for field in ("text", "reading")]
    notes = flat.inferred
    rows = [
        (*inferred_path(subject, index, p), field)
        for subject, index, p, field in zip(
            notes["subject"],
            notes["subject_index"],
            notes["point_index"],
            notes["field"],
            strict=True,
        )
    ]
    columns.append(((), rows, "", notes["reason"]))
    hint = f"Give it every language the visit's title has: {', '.join(sorted(languages))}"
    for prefix, positions, field, column in columns:
        if all(map(languages.issubset, filter(None, column))):
            continue
        # 'not stated' is worded by the page in each language: it has none of its own.
        for position, text in zip(positions, column, strict=True):
            path = (*prefix, *position, field) if field else (*prefix, *position)
            if text and text != NOT_STATED and not languages.issubset(text):
                missing = ", ".join(sorted(languages - set(text)))
                yield path, f"has no text in {missing}", hint


# How a point was voiced: a speaker's own words, a joint readout, or the source's narration.
VOICES = ("said", "agreed", "reported")


def _voices(flat: FlatLog) -> Iterator[Finding]:
    """Each point's voice agrees with its speakers: a reported point has none, an agreed one two."""
    if _voices_agree(flat):
        return
    points = flat.points
    speakers = Counter(_places(flat, flat.point_speakers["point_row"]))
    rows = zip(points["event_index"], points["point_index"], points["voice"], strict=True)
    for e, p, voice in rows:
        path = point_path(e, p)
        named = speakers[(e, p)]
        if voice is None and flat.schema_version >= 2:
            yield (
                (*path, "voice"),
                "the point does not say how it was voiced",
                "Add 'voice: said' (by its speakers), 'agreed' (jointly) or 'reported' "
                "(the source's own narration, with no speakers)",
            )
        if voice == "reported" and named:
            yield (
                (*path, "speakers"),
                "a reported point has no speakers: the source itself narrates it",
                "Remove the speakers, or set 'voice: said' if the source says someone said it",
            )
        elif voice != "reported" and not named:
            yield (
                (*path, "speakers"),
                f"a point {voice or 'said'} by someone needs its speakers",
                "Name who said it (speakers: [...]), or set 'voice: reported' "
                "if the source narrates it without a speaker",
            )
        elif voice == "agreed" and named < 2:
            yield (
                (*path, "speakers"),
                "an agreed point is agreed by two or more speakers",
                "Name everyone who agreed, or set 'voice: said' for one speaker",
            )


def _voices_agree(flat: FlatLog) -> bool:
    """Whether every voice agrees with its speakers, by counts: the rows are walked only if not."""
    voices = flat.points["voice"]
    if flat.schema_version >= 2 and None in voices:
        return False
    rows = flat.point_speakers["point_row"]  # each speaker's point, as a whole number
    spoken = set(rows)
    reported = voices.count("reported")
    if len(spoken) != len(voices) - reported:
        return False  # a point said without speakers, or a reported one with them
    if reported and any(row in spoken for row, v in enumerate(voices) if v == "reported"):
        return False
    if "agreed" in voices:
        counts = Counter(rows)
        return all(counts[row] >= 2 for row, v in enumerate(voices) if v == "agreed")
    return True


def _inferences(flat: FlatLog) -> Iterator[Finding]:
    """An inferred field has a value to infer: not absent, and not 'not stated'."""
    notes = flat.inferred
    if not notes["field"]:
        return
    visit = flat.visit
    events, points, people = flat.events, flat.points, flat.participants
    event_rows = dict(zip(events["event_index"], range(len(events["id"])), strict=True))
    point_rows = {
        key: row
        for row, key in enumerate(zip(points["event_index"], points["point_index"], strict=True))
    }
    speakers = Counter(_places(flat, flat.point_speakers["point_row"]))
    # An event's participants are its attendance rows, not a column of the events.
    attended = Counter(flat.attendance["event_index"])
    rows = zip(
        notes["subject"], notes["subject_index"], notes["point_index"], notes["field"], strict=True
    )
    for subject, index, p, field in rows:
        path = (*inferred_path(subject, index, p), field)
        if subject == "visit":
            value = visit.get(field)
        elif subject == "participant":
            value = people[field][index]
        elif subject == "event" and field == "participants":
            value = "participants" if attended[index] else None
        elif subject == "event":
            value = events[field][event_rows[index]]
            if field == "date" and value is None:
                value = NOT_STATED
        elif field == "event":
            value = None if index < 0 else "event"
            if value is None:
                yield (
                    path,
                    "a point about the visit as a whole belongs to no event to infer",
                    "Remove this note, or move the point into the event it was made at",
                )
                continue
        elif field == "speakers":
            value = speakers[(index, p)] or None
        else:
            value = points[field][point_rows[(index, p)]]
        if value is None or value == NOT_STATED:
            yield (
                path,
                f"'{field}' is noted as inferred, but the log gives no value for it",
                f"Give the inferred {field}, or remove the note (and write '{NOT_STATED}' "
                "where the field takes it)",
            )


_SINCE_VERSION_2 = "points' voice, inferred notes, readings, the visit's points or 'not stated'"


def _version(flat: FlatLog) -> Iterator[Finding]:
    """A version 1 log uses nothing version 2 added: its readers would not know what it means."""
    if flat.schema_version >= 2:
        return
    points, people = flat.points, flat.participants
    uses = (
        any(voice is not None for voice in points["voice"])
        or any(reading is not None for reading in points["reading"])
        or bool(flat.inferred["field"])
        or -1 in points["event_index"]
        or None in flat.events["date"]
        or flat.visit["timezone"] == NOT_STATED
        or NOT_STATED in people["role"]
        or NOT_STATED in people["organization"]
    )
    if uses:
        yield (
            ("schema_version",),
            f"a version 1 log uses what version 2 added ({_SINCE_VERSION_2})",
            "Set 'schema_version: 2' (see docs/fidelity.md)",
        )


def notices(flat: FlatLog, name: str) -> list[str]:
    """What a valid log should know but need not fix: a version 1 log's points read as said.

    Args:
        flat: The valid log's columns.
        name: The log's path as the reader gave it, for the command that upgrades it.
    """
    unvoiced = sum(voice is None for voice in flat.points["voice"])
    if flat.schema_version >= 2 or not unvoiced:
        return []
    points = "1 point has" if unvoiced == 1 else f"{unvoiced:,} points have"
    return [
        f"{name}: {points} no 'voice' (a version 1 log): each reads as said by its speakers. "
        f"To record it, run: python -m dashboard.upgrade {name} -- then set 'agreed' or "
        "'reported' where the source says so (docs/fidelity.md)"
    ]


def _citations(flat: FlatLog, readings: list[SourceText]) -> Iterator[Finding]:
    paragraphs: dict[str, list[str]] = {}
    sources = flat.sources
    for i, source_id, found in zip(sources["item_index"], sources["id"], readings, strict=True):
        if found.failure is not None:
            yield (
                ("sources", i, "path"),
                found.failure,
                found.hint
                or "Give a path relative to the log's folder, to a UTF-8 text file with one "
                "paragraph per line, e.g. 'path: sources/article.en.txt'",
            )
        else:
            paragraphs[source_id] = found.paragraphs
    yield from _in_order(_quotes(flat.citations, paragraphs))


def _quotes(citations: Columns, paragraphs: dict[str, list[str]]) -> Iterator[Finding]:
    if _quotes_hold(citations, paragraphs):
        return
    # An unknown or unreadable source is reported once, above.
    rows = [
        row
        for row in zip(
            citations["event_index"],
            citations["point_index"],
            citations["field"],
            citations["source"],
            citations["paragraph"],
            citations["quote"],
            strict=True,
        )
        if row[3] in paragraphs
    ]
    cited = [
        lines[n - 1] if n <= len(lines) else None
        for lines, n in ((paragraphs[row[3]], row[4]) for row in rows)
    ]
    if all(map(_contains, cited, (row[5] for row in rows))):
        return
    for (e, p, field, source_id, number, quote), text in zip(rows, cited, strict=True):
        lines = paragraphs[source_id]
        path = citation_path(e, p, field)
        if text is None:
            yield (
                (*path, "paragraph"),
                f"paragraph {number} does not exist; the source has {len(lines)}",
                f"Count paragraphs from 1, one per line of the source file, e.g. paragraph: "
                f"{max(len(lines), 1)} for its last line",
            )
        elif quote not in text:
            other = next((n + 1 for n, line in enumerate(lines) if quote in line), None)
            hint = (
                f"It is in paragraph {other}: fix it, e.g. paragraph: {other}"
                if other
                else "Copy the quote exactly from the source, character for character; "
                f"paragraph {number} begins: {_short(text[:40])}"
            )
            yield (*path, "quote"), f"the quote is not found verbatim in paragraph {number}", hint


def _quotes_hold(citations: Columns, paragraphs: dict[str, list[str]]) -> bool:
    """Whether every citation's source is read and its paragraph holds its quote, in C loops.

    Every source's paragraphs are one list, so a citation's paragraph is one index into it.
    """
    sources = citations["source"]
    if not paragraphs.keys() >= set(sources):
        return False
    lines: list[str] = []
    starts: dict[str, int] = {}
    for source_id, source_lines in paragraphs.items():
        starts[source_id] = len(lines)
        lines += source_lines
    sizes = {source_id: len(source_lines) for source_id, source_lines in paragraphs.items()}
    numbers = np.array(citations["paragraph"], dtype=np.int64)
    if not ((numbers >= 1) & (numbers <= np.array(list(map(sizes.__getitem__, sources))))).all():
        return False
    rows = np.array(list(map(starts.__getitem__, sources)), dtype=np.int64) + numbers - 1
    return all(map(contains, map(lines.__getitem__, rows.tolist()), citations["quote"]))


def _contains(text: str | None, quote: str) -> bool:
    return text is not None and quote in text
