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
    # event_index, item_index, participant_id, and participant_row, its row in ``participants``
    # (None: no such participant).
    attendance: Columns
    # event_index, point_index, id, event_id, date, voice, text, reading, source, inferred; a
    # point about the visit as a whole has event_index -1 and no event_id or date.
    points: Columns
    # item_index, topic_id (or participant_id), point_row, the point's row in ``points`` (where
    # its event_index and point_index are), and topic_row (or participant_row), the row of what
    # it names in its table (None: nothing). The frames take ids, events and voices through these numbers, and
    # the checks compare them, instead of converting or hashing each row's strings again.
    point_topics: Columns
    point_speakers: Columns
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
    event_columns |= _fields(events, (*EVENT_FIELDS, "points", "participants"))
    event_columns["date"] = [None if day == NOT_STATED else day for day in event_columns["date"]]
    # The visit's own points come first, as if from an event at index -1 with no id and no day.
    point_lists = [visit.get("points", []), *event_columns.pop("points")]
    points = _joined(point_lists)
    per_event = list(map(len, point_lists))
    point_columns: Columns = {
        "event_index": _repeated([-1, *event_columns["event_index"]], per_event),
        "point_index": _positions(per_event),
        **_fields(points, POINT_FIELDS, {"topics": (), "speakers": ()}),
        "event_id": _repeated([None, *event_columns["id"]], per_event),
        "date": _repeated([None, *event_columns["date"]], per_event),
    }
    participants = _items(
        document["participants"], ("id", "name", "short", "role", "organization", "inferred")
    )
    topics = _items(document["topics"], ("id", "group", "label", "short"))
    point_topics = _references(point_columns.pop("topics"), "topic_id")
    point_topics["topic_row"] = _numbered(point_topics["topic_id"], topics["id"])
    point_speakers = _references(point_columns.pop("speakers"), "participant_id")
    point_speakers["participant_row"] = _numbered(
        point_speakers["participant_id"], participants["id"]
    )
    attendee_lists = event_columns.pop("participants")
    per_event = list(map(len, attendee_lists))
    attendance: Columns = {
        "event_index": _repeated(event_columns["event_index"], per_event),
        "item_index": _positions(per_event),
        "participant_id": _joined(attendee_lists),
    }
    attendance["participant_row"] = _numbered(attendance["participant_id"], participants["id"])
    return FlatLog(
        sources=_items(document.get("sources", []), ("id", "path", "language", "title")),
        participants=participants,
        topic_groups=_items(document.get("topic_groups", []), ("id", "label")),
        topics=topics,
        events=event_columns,
        attendance=attendance,
        points=point_columns,
        point_topics=point_topics,
        point_speakers=point_speakers,
        citations=_citations(visit, event_columns, point_columns),
        inferred=_inferred(visit, participants, event_columns, point_columns),
        visit=visit,
        has_topic_groups=bool(document.get("topic_groups")),
        schema_version=document["schema_version"],
    )


POINT_FIELDS = ("id", "voice", "text", "reading", "source", "inferred", "topics", "speakers")

# Columns are built by map and itertools rather than comprehensions, so the loops run in C, and
# each row's fields are read in one visit: what costs is fetching yaml-rs's objects from memory,
# where none of them sit near each other, so a row read once per field costs that many fetches
# (bench/results/profile-load.md).


def _fields(
    rows: list[dict[str, Any]], keys: tuple[str, ...], defaults: dict[str, Any] | None = None
) -> Columns:
    """Each key's column, None (or its default) where a row has no value; one pass over the rows.

    ``keys`` are two or more: itemgetter gives a tuple only then.
    """
    blank = dict.fromkeys(keys) | (defaults or {})
    values = zip(*map(itemgetter(*keys), map(blank.__or__, rows)), strict=True)
    columns = list(map(list, values)) or [[] for _ in keys]
    return dict(zip(keys, columns, strict=True))


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
    return columns | _fields(rows, keys)


def _references(lists: list[Any], name: str) -> Columns:
    """One row per id in each point's list (its topics or its speakers)."""
    per_point = list(map(len, lists))
    return {
        "item_index": _positions(per_point),
        name: _joined(lists),
        "point_row": _repeated(range(len(lists)), per_point),
    }


def _numbered(references: list[Any], ids: list[Any]) -> list[int | None]:
    """Each reference's row among ``ids`` (the last, if an id repeats); None if it is none."""
    rows = dict(zip(ids, range(len(ids)), strict=True))
    return list(map(rows.get, references))


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
    # Each citation's three fields in one visit: reading a mapping costs more than its fields.
    # A loop here takes half the time of transposing itemgetter's tuples with zip(*...).
    sources: list[Any] = []
    paragraphs: list[Any] = []
    quotes: list[Any] = []
    for citation in columns.pop("cited"):
        sources.append(citation["source"])
        paragraphs.append(citation["paragraph"])
        quotes.append(citation["quote"])
    return columns | {"source": sources, "paragraph": paragraphs, "quote": quotes}


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


def count_reviews(document: dict[str, Any]) -> int:
    """How many items of a schema-valid document carry a ``review`` note (a draft's suggestions).

    Only the places the schema allows one are looked at: the visit, participants, topics, events
    and points.
    """
    events = document.get("events", [])
    items = chain(
        [document.get("visit", {})],
        document.get("participants", []),
        document.get("topics", []),
        events,
        chain.from_iterable(map(itemgetter("points"), events)),
    )
    return sum(1 for item in items if "review" in item)
