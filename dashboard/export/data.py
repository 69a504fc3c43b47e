"""The filtered data as flat tables, CSV and JSON: what a reader takes into a spreadsheet."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from dashboard.joins import positions
from dashboard.load import Frames
from dashboard.metrics import labels_by, lookup, timeline_rows

STATEMENT_COLUMNS = [
    "date",
    "event_id",
    "event",
    "format",
    "point_id",
    "text",
    "speakers",
    "topics",
    "source_id",
    "source_language",
    "paragraph",
    "quote",
]


# Between the labels of a list that JSON writes as an array: no name or label can hold it.
_LIST = "\x1f"
# What a reader's table shows between two names in one cell.
SEPARATOR = "; "


def statements(frames: Frames, separator: str = SEPARATOR) -> pd.DataFrame:
    """One row per point in view, with its event, speakers, topics and verbatim quote.

    Args:
        frames: The frames in view.
        separator: Between two speakers' names, or two topics' labels, in one cell.

    Returns:
        Columns ``STATEMENT_COLUMNS``, in time order then the points' order within their event.
    """
    points, events = frames.points, frames.events
    event = positions(points["event_id"], events["event_id"])
    table = points[event >= 0].reset_index(drop=True)
    event = event[event >= 0]
    for column, source in (("event", "title"), ("format", "format"), ("sequence", "sequence")):
        table[column] = events[source].iloc[event].to_numpy()
    for column, links, items, label in (
        ("speakers", frames.point_speakers, frames.participants, "name"),
        ("topics", frames.point_topics, frames.topics, "label"),
    ):
        item = positions(links[items.columns[0]], items[items.columns[0]])
        table[column] = labels_by(
            table["point_id"], links["point_id"], item, items[label], items["position"], separator
        )
    sources = frames.paragraphs.drop_duplicates("source_id")
    table["source_language"] = pd.array(
        lookup(table["source_id"].fillna(""), sources["source_id"], sources["language"], None),
        dtype="string",
    )
    order = np.lexsort(
        (table["position"].to_numpy(), table["sequence"].to_numpy(), table["date"].to_numpy())
    )
    table["date"] = table["date"].dt.strftime("%Y-%m-%d").astype("string")
    return table[STATEMENT_COLUMNS].iloc[order].reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so spreadsheet programs show Devanagari correctly."""
    return table.to_csv(index=False).encode("utf-8-sig")


def to_json(frames: Frames, description: str) -> bytes:
    """The view as one JSON document: the visit, what the filters keep, its events and statements.

    One style throughout (docs/data-formats.md): snake_case keys, dates as YYYY-MM-DD, a missing
    value as null, and a list of names as an array, with the ids beside it in their own array.
    """
    events = timeline_rows(frames)[
        ["event_id", "date", "sequence", "start", "end", "kind", "format", "title", "summary"]
    ].copy()
    people, topics = frames.participants, frames.topics
    attended = frames.attendance
    discussed = frames.point_topics.drop_duplicates(["event_id", "topic_id"])
    for column, links, items, key, label in (
        ("participants", attended, people, "participant_id", "name"),
        ("topics", discussed, topics, "topic_id", "label"),
    ):
        item = positions(links[key], items[key])
        for name, values in ((column, items[label]), (f"{key}s", items[key])):
            events[name] = labels_by(
                events["event_id"], links["event_id"], item, values, items["position"], _LIST
            )
    events["n_points"] = [
        int(n) for n in events["event_id"].map(frames.points["event_id"].value_counts()).fillna(0)
    ]
    said = statements(frames, separator=_LIST)
    for column, links, items, key in (
        ("speaker_ids", frames.point_speakers, people, "participant_id"),
        ("topic_ids", frames.point_topics, topics, "topic_id"),
    ):
        item = positions(links[key], items[key])
        said[column] = labels_by(
            said["point_id"], links["point_id"], item, items[key], items["position"], _LIST
        )
    document: dict[str, Any] = {
        "visit": frames.visit,
        "language": frames.language,
        "view": description,
        "events": _with_lists(records(events)),
        "statements": _with_lists(records(said)),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


_LIST_KEYS = ("participants", "participant_ids", "topics", "topic_ids", "speakers", "speaker_ids")


def _with_lists(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each list of names or ids as a JSON array (empty when there is none)."""
    for row in rows:
        for key in _LIST_KEYS:
            if key in row:
                row[key] = [part for part in (row[key] or "").split(_LIST) if part]
    return rows


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, missing values as null."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    records: list[dict[str, Any]] = json.loads(out.to_json(orient="records", force_ascii=False))
    return records
