"""A schema-valid log document flattened into columns, before any language is chosen.

Every row keeps its place in the document (``event_index``, ``point_index``, and
``item_index`` for a place in any other list), so a check that finds a bad row can name its
field path. The columns are plain lists, one comprehension each: the checks compare them as
sets, and the frames hand them to Arrow, so neither pays for pandas' per-element inference.
Translated texts stay as their ``{language: text}`` mappings until :mod:`dashboard.load`
picks one language.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    participants: Columns  # item_index, id, name, role, organization
    topic_groups: Columns  # item_index, id, label
    topics: Columns  # item_index, id, group, label
    events: Columns  # event_index, id, date, sequence, start, end, kind, format, texts, citations
    attendance: Columns  # event_index, item_index, event_id, participant_id
    points: Columns  # event_index, point_index, id, event_id, date, text, source
    point_topics: Columns  # event_index, point_index, item_index, point_id, event_id, topic_id
    point_speakers: (
        Columns  # event_index, point_index, item_index, point_id, event_id, participant_id
    )
    citations: Columns  # event_index, point_index (-1: none), field, source, paragraph, quote
    visit: dict[str, Any]
    has_topic_groups: bool


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
)


def flatten(document: dict[str, Any]) -> FlatLog:
    """The document's collections as columns; ``document`` must have passed the JSON Schema."""
    events = document["events"]
    event_columns: Columns = {"event_index": list(range(len(events)))}
    event_columns |= {key: [event.get(key) for event in events] for key in EVENT_FIELDS}
    points = [point for event in events for point in event["points"]]
    point_columns: Columns = {
        "event_index": [e for e, event in enumerate(events) for _ in event["points"]],
        "point_index": [p for event in events for p in range(len(event["points"]))],
        "id": [point["id"] for point in points],
        "text": [point["text"] for point in points],
        "source": [point.get("source") for point in points],
    }
    point_columns["event_id"] = [event_columns["id"][e] for e in point_columns["event_index"]]
    point_columns["date"] = [event_columns["date"][e] for e in point_columns["event_index"]]
    attendance: Columns = {
        "event_index": [e for e, event in enumerate(events) for _ in event["participants"]],
        "item_index": [i for event in events for i in range(len(event["participants"]))],
        "participant_id": [person for event in events for person in event["participants"]],
    }
    attendance["event_id"] = [event_columns["id"][e] for e in attendance["event_index"]]
    return FlatLog(
        sources=_items(document.get("sources", []), ("id", "path", "language", "title")),
        participants=_items(document["participants"], ("id", "name", "role", "organization")),
        topic_groups=_items(document.get("topic_groups", []), ("id", "label")),
        topics=_items(document["topics"], ("id", "group", "label")),
        events=event_columns,
        attendance=attendance,
        points=point_columns,
        point_topics=_references(points, point_columns, "topics", "topic_id"),
        point_speakers=_references(points, point_columns, "speakers", "participant_id"),
        citations=_citations(document["visit"], event_columns, point_columns),
        visit=document["visit"],
        has_topic_groups=bool(document.get("topic_groups")),
    )


def _items(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> Columns:
    columns: Columns = {"item_index": list(range(len(rows)))}
    return columns | {key: [row.get(key) for row in rows] for key in keys}


def _references(
    points: list[dict[str, Any]], point_columns: Columns, field: str, name: str
) -> Columns:
    """One row per id a point lists under ``field`` (its topics or its speakers)."""
    owner = [k for k, point in enumerate(points) for _ in point[field]]
    columns: Columns = {
        "item_index": [i for point in points for i in range(len(point[field]))],
        name: [ref for point in points for ref in point[field]],
    }
    for column, source in (
        ("event_index", "event_index"),
        ("point_index", "point_index"),
        ("point_id", "id"),
        ("event_id", "event_id"),
    ):
        values = point_columns[source]
        columns[column] = [values[k] for k in owner]
    return columns


def _citations(visit: dict[str, Any], events: Columns, points: Columns) -> Columns:
    """Every citation, with where it sits; the visit's first, then the events', then points'."""
    cited: list[tuple[int, int, str, dict[str, Any]]] = []
    if visit.get("source") is not None:
        cited.append((-1, -1, "visit", visit["source"]))
    for field in ("source", "time_source"):
        cited += [
            (e, -1, field, c)
            for e, c in zip(events["event_index"], events[field], strict=True)
            if c is not None
        ]
    cited += [
        (e, p, "point", c)
        for e, p, c in zip(
            points["event_index"], points["point_index"], points["source"], strict=True
        )
        if c is not None
    ]
    return {
        "event_index": [row[0] for row in cited],
        "point_index": [row[1] for row in cited],
        "field": [row[2] for row in cited],
        "source": [row[3]["source"] for row in cited],
        "paragraph": [row[3]["paragraph"] for row in cited],
        "quote": [row[3]["quote"] for row in cited],
    }


def citation_path(e: int, p: int, field: str) -> tuple[str | int, ...]:
    """The field path of a row of ``FlatLog.citations``."""
    if field == "visit":
        return ("visit", "source")
    if field == "point":
        return ("events", e, "points", p, "source")
    return ("events", e, field)
