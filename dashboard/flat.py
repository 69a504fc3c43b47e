"""A schema-valid log document flattened into columns, before any language is chosen.

Every row keeps its place in the document (``event_index``, ``point_index``, and
``item_index`` for a place in any other list), so a check that finds a bad row can name its
field path. The columns are plain lists, one comprehension each: the checks compare them as
sets, and the frames hand them to Arrow, so neither pays for pandas' per-element inference.
Translated texts stay as their ``{language: text}`` mappings until :mod:`dashboard.load`
picks one language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import is_not, itemgetter
from typing import Any

# A table: column name -> values, every column as long as the others.
Columns = dict[str, list[Any]]


@dataclass(frozen=True)
class FlatLog:
    """The log's collections as columns, each row with its place in the document.

    ``event_index`` and ``point_index`` are an event's and a point's places in their lists;
    ``item_index`` is a row's place in its own list (participants, or a point's topics).
    """

    sources: Columns  # item_index, id, path, language, title
    participants: Columns  # item_index, id, name, short, role, organization
    topic_groups: Columns  # item_index, id, label
    topics: Columns  # item_index, id, group, label, short
    events: Columns  # event_index, id, date (None: not stated), sequence, start, end, kind, ...
    attendance: Columns  # event_index, item_index, event_id, participant_id
    # event_index, point_index, id, event_id, date, voice, text, reading, source; a point about
    # the visit as a whole has event_index -1 and no event_id or date.
    points: Columns
    point_topics: (
        Columns  # event_index, point_index, item_index, point_id, event_id, voice, topic_id
    )
    point_speakers: Columns  # event_index, point_index, item_index, point_id, event_id, voice, ...
    citations: Columns  # event_index, point_index (-1: none), field, source, paragraph, quote
    # subject (visit, participant, event, point), subject_index, point_index, subject_id, field,
    # reason: each value the source does not state but the log infers, and why.
    inferred: Columns
    visit: dict[str, Any]
    has_topic_groups: bool
    schema_version: int


# What a log writes for a field its source does not state (see docs/fidelity.md).
NOT_STATED = "not stated"

EVENT_FIELDS = (
    "id",
    "date",
    "sequence",
    "start",
    "end",
    "kind",
    "format",
    "title",
    "summary",
    "place",
    "source",
    "time_source",
    "inferred",
)


def flatten(document: dict[str, Any]) -> FlatLog:
    """The document's collections as columns; ``document`` must have passed the JSON Schema."""
    events = document["events"]
    visit = document["visit"]
    event_columns: Columns = {"event_index": list(range(len(events)))}
    event_columns |= {key: _field(events, key) for key in EVENT_FIELDS}
    event_columns["date"] = [None if day == NOT_STATED else day for day in event_columns["date"]]
    # The visit's own points come first, as if from an event at index -1 with no id and no day.
    visit_points = visit.get("points", [])
    point_lists = [visit_points, *map(itemgetter("points"), events)]
    points = _joined(point_lists)
    per_event = list(map(len, point_lists))
    owners = [-1, *event_columns["event_index"]]
    point_columns: Columns = {
        "event_index": _repeated(owners, per_event),
        "point_index": _positions(per_event),
        "id": list(map(itemgetter("id"), points)),
        "voice": _field(points, "voice"),
        "text": list(map(itemgetter("text"), points)),
        "reading": _field(points, "reading"),
        "source": _field(points, "source"),
        "inferred": _field(points, "inferred"),
        "event_id": _repeated([None, *event_columns["id"]], per_event),
        "date": _repeated([None, *event_columns["date"]], per_event),
    }
    attendee_lists = list(map(itemgetter("participants"), events))
    per_event = list(map(len, attendee_lists))
    attendance: Columns = {
        "event_index": _repeated(event_columns["event_index"], per_event),
        "item_index": _positions(per_event),
        "participant_id": _joined(attendee_lists),
        "event_id": _repeated(event_columns["id"], per_event),
    }
    participants = _items(
        document["participants"], ("id", "name", "short", "role", "organization", "inferred")
    )
    return FlatLog(
        sources=_items(document.get("sources", []), ("id", "path", "language", "title")),
        participants=participants,
        topic_groups=_items(document.get("topic_groups", []), ("id", "label")),
        topics=_items(document["topics"], ("id", "group", "label", "short")),
        events=event_columns,
        attendance=attendance,
        points=point_columns,
        point_topics=_references(points, point_columns, "topics", "topic_id"),
        point_speakers=_references(points, point_columns, "speakers", "participant_id"),
        citations=_citations(visit, event_columns, point_columns),
        inferred=_inferred(visit, participants, event_columns, point_columns),
        visit=visit,
        has_topic_groups=bool(document.get("topic_groups")),
        schema_version=document["schema_version"],
    )


# Columns are built by map and itertools rather than comprehensions, so the loops run in C:
# a fifth less time on 10,000 events. The rest is reading yaml-rs's objects from memory, where
# none of them sit near each other (bench/results/profile-load.md).


def _field(rows: list[dict[str, Any]], key: str) -> list[Any]:
    """Each row's value of ``key``, None where the row has none."""
    return list(map(dict.get, rows, repeat(key)))


def _joined(lists: Iterable[list[Any]]) -> list[Any]:
    return list(chain.from_iterable(lists))


def _repeated(values: Iterable[Any], counts: Iterable[int]) -> list[Any]:
    """Each value as many times as its count says: a column for the rows of nested lists."""
    return list(chain.from_iterable(map(repeat, values, counts)))


def _positions(counts: Iterable[int]) -> list[int]:
    """0 to count - 1 for each count: each row's place in its own nested list."""
    return list(chain.from_iterable(map(range, counts)))


def _items(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> Columns:
    columns: Columns = {"item_index": list(range(len(rows)))}
    return columns | {key: _field(rows, key) for key in keys}


def _references(
    points: list[dict[str, Any]], point_columns: Columns, field: str, name: str
) -> Columns:
    """One row per id a point lists under ``field`` (its topics or its speakers)."""
    lists = list(map(dict.get, points, repeat(field), repeat(())))
    per_point = list(map(len, lists))
    columns: Columns = {"item_index": _positions(per_point), name: _joined(lists)}
    for column, source in (
        ("event_index", "event_index"),
        ("point_index", "point_index"),
        ("point_id", "id"),
        ("event_id", "event_id"),
        ("voice", "voice"),
    ):
        columns[column] = _repeated(point_columns[source], per_point)
    return columns


def _citations(visit: dict[str, Any], events: Columns, points: Columns) -> Columns:
    """Every citation, with where it sits; the visit's first, then the events', then points'."""
    visit_source = visit.get("source")
    groups: list[tuple[Iterable[int], Iterable[int], str, list[Any]]] = [
        ([-1], [-1], "visit", [visit_source]),
        (events["event_index"], repeat(-1), "source", events["source"]),
        (events["event_index"], repeat(-1), "time_source", events["time_source"]),
        (points["event_index"], points["point_index"], "point", points["source"]),
    ]
    columns: Columns = {"event_index": [], "point_index": [], "field": [], "cited": []}
    for event_index, point_index, field, citations in groups:
        present = list(map(is_not, citations, repeat(None)))
        found = list(compress(citations, present))
        columns["event_index"] += compress(event_index, present)
        columns["point_index"] += compress(point_index, present)
        columns["field"] += repeat(field, len(found))
        columns["cited"] += found
    cited = columns.pop("cited")
    return columns | {
        key: list(map(itemgetter(key), cited)) for key in ("source", "paragraph", "quote")
    }


def _inferred(
    visit: dict[str, Any], participants: Columns, events: Columns, points: Columns
) -> Columns:
    """One row per inferred field, the visit's first, then participants', events' and points'."""
    columns: Columns = {
        key: []
        for key in ("subject", "subject_index", "point_index", "subject_id", "field", "reason")
    }
    groups: list[tuple[str, Iterable[int], Iterable[int], list[Any], list[Any]]] = [
        ("visit", [-1], [-1], [visit["id"]], [visit.get("inferred")]),
        (
            "participant",
            participants["item_index"],
            repeat(-1),
            participants["id"],
            participants["inferred"],
        ),
        ("event", events["event_index"], repeat(-1), events["id"], events["inferred"]),
        ("point", points["event_index"], points["point_index"], points["id"], points["inferred"]),
    ]
    for subject, indices, point_indices, ids, notes in groups:
        # Only the rows with notes are walked: most have none. Not strict: a group's point
        # indices may be an endless repeat(-1).
        rows = zip(indices, point_indices, ids, notes, strict=False)
        for index, point_index, subject_id, note in compress(rows, notes):
            for field, reason in note.items():
                columns["subject"].append(subject)
                columns["subject_index"].append(index)
                columns["point_index"].append(point_index)
                columns["subject_id"].append(subject_id)
                columns["field"].append(field)
                columns["reason"].append(reason)
    return columns


def point_path(e: int, p: int) -> tuple[str | int, ...]:
    """The field path of a point: an event's, or the visit's own where ``e`` is -1."""
    return ("visit", "points", p) if e < 0 else ("events", e, "points", p)


def inferred_path(subject: str, index: int, p: int) -> tuple[str | int, ...]:
    """The field path of a row of ``FlatLog.inferred``."""
    if subject == "visit":
        return ("visit", "inferred")
    if subject == "participant":
        return ("participants", index, "inferred")
    if subject == "event":
        return ("events", index, "inferred")
    return (*point_path(index, p), "inferred")


def citation_path(e: int, p: int, field: str) -> tuple[str | int, ...]:
    """The field path of a row of ``FlatLog.citations``."""
    if field == "visit":
        return ("visit", "source")
    if field == "point":
        return (*point_path(e, p), "source")
    return ("events", e, field)
