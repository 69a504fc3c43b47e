"""The filtered data as flat tables, CSV and JSON: what a reader takes into a spreadsheet."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from dashboard.i18n import has, t
from dashboard.joins import positions
from dashboard.load import Frames
from dashboard.metrics import labels_by, lookup, timeline_rows

STATEMENT_COLUMNS = [
    "date",
    "event_id",
    "event",
    "format",
    "point_id",
    "voice",
    "text",
    "speakers",
    "topics",
    "source_id",
    "source_language",
    "paragraph",
    "quote",
    "reading",
    "inferred",
    "date_inferred",
    "format_inferred",
    "event_inferred",
]


# Between the labels of a list that JSON writes as an array: no name or label can hold it.
_LIST = "\x1f"
# What a reader's table shows between two names in one cell.
SEPARATOR = "; "


def statements(frames: Frames, separator: str = SEPARATOR) -> pd.DataFrame:
    """One row per point in view, with its event, voice, speakers, topics and verbatim quote.

    The points about the visit as a whole come first, with no event, day or format; then the
    events' points in time order, and last those of events whose day the source does not state.

    Args:
        frames: The frames in view.
        separator: Between two speakers' names, or two topics' labels, in one cell.

    Returns:
        Columns ``STATEMENT_COLUMNS``, in time order then the points' order within their event.
        ``inferred`` words the point's inferred fields with their reasons; ``date_inferred`` and
        ``format_inferred`` the reasons for its event's day and format; ``event_inferred`` the
        event's other inferred fields. Each is <NA> where nothing is inferred.
    """
    points, events = frames.points, frames.events
    lang = frames.language
    event = positions(points["event_id"], events["event_id"])
    at_visit = points["event_id"].isna().to_numpy()
    keep = (event >= 0) | at_visit
    table = points[keep].reset_index(drop=True)
    event, at_visit = event[keep], at_visit[keep]
    table["event"] = pd.array(
        _of_event(events["title"], event, t("visit_as_whole", lang)), dtype="string"
    )
    table["format"] = pd.array(_of_event(events["format"], event, None), dtype="string")
    table["sequence"] = _of_event(events["sequence"], event, 0).astype("int64")
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
    notes = _inferred_notes(frames)
    table["inferred"] = _lookup_text(table["point_id"], notes.get("point"))
    for field in ("date", "format"):
        table[f"{field}_inferred"] = _lookup_text(table["event_id"], notes.get(f"event.{field}"))
    table["event_inferred"] = _lookup_text(table["event_id"], notes.get("event"))
    # Visit first (0), then dated events (1) in time order, then undated ones (2).
    group = np.where(at_visit, 0, np.where(table["date"].isna().to_numpy(), 2, 1))
    order = np.lexsort(
        (
            table["position"].to_numpy(),
            table["sequence"].to_numpy(),
            table["date"].to_numpy(),
            group,
        )
    )
    table["date"] = table["date"].dt.strftime("%Y-%m-%d").astype("string")
    return table[STATEMENT_COLUMNS].iloc[order].reset_index(drop=True)


def _of_event(column: pd.Series, event: np.ndarray, visit: object) -> np.ndarray:
    """Each row's value of its event's ``column``; ``visit`` for the visit's own points (-1)."""
    out = np.full(len(event), visit, dtype=object)
    found = event >= 0
    out[found] = column.to_numpy(dtype=object)[event[found]]
    return out


def _inferred_notes(frames: Frames) -> dict[str, pd.Series]:
    """The inferred notes, worded in the frames' language, by what they are about.

    Keys: ``point`` (by point id: each inferred field and its reason), ``event.date`` and
    ``event.format`` (by event id: the reason alone, shown beside the value), and ``event``
    (by event id: its other inferred fields, each with its reason).
    """
    lang = frames.language
    notes = frames.inferred
    if not len(notes):
        return {}
    fields = notes["field"].astype(str)
    worded = [
        t("inferred_field", lang, field=field_label(field, lang), reason=reason)
        for field, reason in zip(fields, notes["reason"].astype(str), strict=True)
    ]
    table = pd.DataFrame(
        {
            "subject": notes["subject"].astype(str).to_numpy(),
            "subject_id": notes["subject_id"].astype(str).to_numpy(),
            "field": fields.to_numpy(),
            "reason": notes["reason"].astype(str).to_numpy(),
            "worded": worded,
        }
    )
    points = table[table["subject"] == "point"]
    events = table[table["subject"] == "event"]
    shown_beside = events["field"].isin(["date", "format"])
    found = {
        "point": points.groupby("subject_id", sort=False)["worded"].agg("; ".join),
        "event": events[~shown_beside].groupby("subject_id", sort=False)["worded"].agg("; ".join),
    }
    for field in ("date", "format"):
        chosen = events[events["field"] == field]
        found[f"event.{field}"] = chosen.set_index("subject_id")["reason"]
    return found


def _lookup_text(keys: pd.Series, notes: pd.Series | None) -> pd.Series:
    """Each key's note, <NA> where it has none."""
    if notes is None or not len(notes):
        return pd.Series(pd.array([None] * len(keys), dtype="string"))
    found = keys.astype(object).map(notes.to_dict())
    return pd.Series(pd.array(found.where(found.notna(), None).tolist(), dtype="string"))


def field_label(field: str, lang: str) -> str:
    """A field's name in words ("Format", "Speakers"); an unknown one as itself."""
    key = f"field.{field}"
    return t(key, lang) if has(key) else field


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
