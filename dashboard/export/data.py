"""The filtered data as flat tables, CSV and JSON: what a reader takes into a spreadsheet."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from dashboard.load import Frames
from dashboard.metrics import joined, timeline_rows

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


def statements(frames: Frames) -> pd.DataFrame:
    """One row per point in view, with its event, speakers, topics and verbatim quote.

    Returns:
        Columns ``STATEMENT_COLUMNS``, in time order then the points' order within their event.
    """
    speakers = frames.point_speakers.merge(
        frames.participants[["participant_id", "name", "position"]], on="participant_id"
    ).sort_values("position", kind="stable")
    topics = frames.point_topics.merge(
        frames.topics[["topic_id", "label", "position"]], on="topic_id"
    ).sort_values("position", kind="stable")
    events = frames.events[["event_id", "title", "format", "sequence"]].rename(
        columns={"title": "event"}
    )
    table = frames.points.merge(events, on="event_id", how="inner")
    by_point = {
        "speakers": joined(speakers["point_id"], speakers["name"], "; "),
        "topics": joined(topics["point_id"], topics["label"], "; "),
    }
    for column, text in by_point.items():
        table[column] = table["point_id"].map(text).fillna("").astype("string")
    languages = frames.paragraphs.drop_duplicates("source_id").set_index("source_id")["language"]
    table["source_language"] = table["source_id"].map(languages).astype("string")
    table["date"] = table["date"].dt.strftime("%Y-%m-%d").astype("string")
    table = table.sort_values(["date", "sequence", "position"], kind="stable")
    return table[STATEMENT_COLUMNS].reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so spreadsheet programs show Devanagari correctly."""
    return table.to_csv(index=False).encode("utf-8-sig")


def to_json(frames: Frames, description: str) -> bytes:
    """The view as one JSON document: the visit, what the filters keep, its events and statements."""
    events = timeline_rows(frames)
    document: dict[str, Any] = {
        "visit": frames.visit,
        "language": frames.language,
        "view": description,
        "events": records(
            events[
                [
                    "event_id",
                    "date",
                    "sequence",
                    "start",
                    "end",
                    "kind",
                    "format",
                    "title",
                    "summary",
                    "participants",
                    "topics",
                    "n_points",
                ]
            ]
        ),
        "statements": records(statements(frames)),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: dates as YYYY-MM-DD, missing values as null."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    records: list[dict[str, Any]] = json.loads(out.to_json(orient="records", force_ascii=False))
    return records
