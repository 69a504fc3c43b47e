"""A schema-valid log document -> flat tables, one pass, before any language is chosen.

Every row keeps its place in the document (``e`` for the event, ``p`` for the point, ``i`` for
the item), so a check that finds a bad row can name its field path, and the checks and the
frames read columns instead of walking the nested document again. Translated texts stay as
their ``{language: text}`` mappings until :mod:`dashboard.load` picks one language.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Tables:
    """The log's collections as frames; ``e``, ``p`` and ``i`` are positions in the document."""

    sources: pd.DataFrame  # i, id, path, language, title
    participants: pd.DataFrame  # i, id, name, role, organization
    topic_groups: pd.DataFrame  # i, id, label
    topics: pd.DataFrame  # i, id, group, label
    events: pd.DataFrame  # e, id, date, sequence, start, end, kind, format, texts, citations
    attendance: pd.DataFrame  # e, i, event_id, participant_id
    points: pd.DataFrame  # e, p, id, event_id, date, text, source
    point_topics: pd.DataFrame  # e, p, i, point_id, event_id, topic_id
    point_speakers: pd.DataFrame  # e, p, i, point_id, event_id, participant_id
    citations: pd.DataFrame  # e, p, field, source, paragraph, quote; see citation_path
    visit: dict[str, Any]
    has_topic_groups: bool

    def frames(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """Each table by name."""
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, pd.DataFrame):
                yield field.name, value


# Positions are int64; counts ("sequence", "paragraph") are left to pandas to infer, so that a
# 2.0 or a number past int64 shows in the dtype (see load._whole_numbers); the rest is objects.
_POSITIONS = {"e", "p", "i"}
_COUNTS = {"sequence", "paragraph"}


def _table(columns: dict[str, Sequence[Any]]) -> pd.DataFrame:
    """Columns as a frame without pandas guessing types: text stays Python objects, as turning
    it into Arrow strings, and back to word a finding, would cost more than every check."""
    arrays: dict[str, Any] = {}
    for name, values in columns.items():
        if name in _POSITIONS:
            arrays[name] = np.array(values, dtype=np.int64)
        elif name in _COUNTS:
            arrays[name] = pd.Series(values, dtype=None if len(values) else "int64")
        else:
            arrays[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(arrays, copy=False)


def _items(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> pd.DataFrame:
    columns: dict[str, Sequence[Any]] = {"i": range(len(rows))}
    columns |= {key: [row.get(key) for row in rows] for key in keys}
    return _table(columns)


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
POINT_COLUMNS = ("e", "p", "id", "event_id", "date", "text", "source")
REFERENCE_COLUMNS = ("e", "p", "i", "point_id", "event_id")
CITATION_COLUMNS = ("e", "p", "field", "source", "paragraph", "quote")


def flatten(document: dict[str, Any]) -> Tables:
    """The document's collections as tables; ``document`` must have passed the JSON Schema."""
    events = document["events"]
    # Comprehensions of plain tuples, turned into columns once: one pass, no per-row pandas.
    event_rows = [(e, *map(event.get, EVENT_FIELDS)) for e, event in enumerate(events)]
    attendance = [
        (e, i, event["id"], person)
        for e, event in enumerate(events)
        for i, person in enumerate(event["participants"])
    ]
    points = [
        (e, p, point["id"], event["id"], event["date"], point["text"], point.get("source"))
        for e, event in enumerate(events)
        for p, point in enumerate(event["points"])
    ]
    point_topics = [
        (e, p, i, point["id"], event["id"], topic)
        for e, event in enumerate(events)
        for p, point in enumerate(event["points"])
        for i, topic in enumerate(point["topics"])
    ]
    point_speakers = [
        (e, p, i, point["id"], event["id"], person)
        for e, event in enumerate(events)
        for p, point in enumerate(event["points"])
        for i, person in enumerate(point["speakers"])
    ]
    visit = document["visit"]
    citations = [
        (e, p, field, citation["source"], citation["paragraph"], citation["quote"])
        for e, p, field, citation in chain(
            [(-1, -1, "visit", visit.get("source"))],
            ((row[0], -1, "source", row[11]) for row in event_rows),
            ((row[0], -1, "time_source", row[12]) for row in event_rows),
            ((row[0], row[1], "point", row[6]) for row in points),
        )
        if citation is not None
    ]
    return Tables(
        sources=_items(document.get("sources", []), ("id", "path", "language", "title")),
        participants=_items(document["participants"], ("id", "name", "role", "organization")),
        topic_groups=_items(document.get("topic_groups", []), ("id", "label")),
        topics=_items(document["topics"], ("id", "group", "label")),
        events=_rows(event_rows, ("e", *EVENT_FIELDS)),
        attendance=_rows(attendance, ("e", "i", "event_id", "participant_id")),
        points=_rows(points, POINT_COLUMNS),
        point_topics=_rows(point_topics, (*REFERENCE_COLUMNS, "topic_id")),
        point_speakers=_rows(point_speakers, (*REFERENCE_COLUMNS, "participant_id")),
        citations=_rows(citations, CITATION_COLUMNS),
        visit=visit,
        has_topic_groups=bool(document.get("topic_groups")),
    )


def _rows(rows: list[tuple[Any, ...]], names: tuple[str, ...]) -> pd.DataFrame:
    columns = zip(*rows, strict=True) if rows else (() for _ in names)
    return _table(dict(zip(names, columns, strict=True)))


def citation_path(e: int, p: int, field: str) -> tuple[str | int, ...]:
    """The field path of a row of ``Tables.citations``."""
    if field == "visit":
        return ("visit", "source")
    if field == "point":
        return ("events", e, "points", p, "source")
    return ("events", e, field)
