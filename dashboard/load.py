"""A log file -> a validated :class:`Log` -> tidy :class:`Frames`, the contract the charts read.

Frames are built for one display language; ids never change with it. Columns and dtypes are
fixed (see ``COLUMNS``) so that every later stage, and other tools, can rely on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.parse import decode, line_finder, load_yaml
from dashboard.problems import LogError, Problem, format_path
from dashboard.schema import MAX_FINDINGS, read_source, schema_findings, semantic_findings

DEFAULT_LOG = Path(__file__).resolve().parent.parent / "data" / "events.yaml"

# The frames' contract: column -> dtype. Text is pandas' string dtype; a missing optional value
# (no clock time, no place, no citation) is <NA>, never an empty string or an invented value.
STR = "string"
COLUMNS: dict[str, dict[str, str]] = {
    "events": {
        "event_id": STR,
        "date": "datetime64[ns]",
        "sequence": "int64",
        "start": STR,
        "end": STR,
        "time_reported": "bool",
        "kind": STR,
        "format": STR,
        "title": STR,
        "summary": STR,
        "place": STR,
        "source_id": STR,
        "paragraph": "Int64",
        "quote": STR,
    },
    "attendance": {"event_id": STR, "participant_id": STR},
    "points": {
        "point_id": STR,
        "event_id": STR,
        "date": "datetime64[ns]",
        "position": "int64",
        "text": STR,
        "source_id": STR,
        "paragraph": "Int64",
        "quote": STR,
    },
    "point_topics": {"point_id": STR, "event_id": STR, "topic_id": STR},
    "point_speakers": {"point_id": STR, "event_id": STR, "participant_id": STR},
    "participants": {
        "participant_id": STR,
        "name": STR,
        "role": STR,
        "organization": STR,
        "position": "int64",
    },
    "topics": {
        "topic_id": STR,
        "label": STR,
        "group_id": STR,
        "group_label": STR,
        "position": "int64",
    },
    "paragraphs": {
        "source_id": STR,
        "source_title": STR,
        "language": STR,
        "paragraph": "int64",
        "text": STR,
    },
}


@dataclass(frozen=True)
class Log:
    """A log that passed every check.

    Attributes:
        document: The parsed YAML, as plain values.
        name: The file name shown in messages.
        languages: The languages every text is given in, the visit title's order.
        paragraphs: Each readable source's paragraphs, by source id.
        sha256: Hash of the file's bytes, so an export can name its exact input.
    """

    document: dict[str, Any]
    name: str
    languages: tuple[str, ...]
    paragraphs: dict[str, list[str]]
    sha256: str


@dataclass(frozen=True)
class Frames:
    """The log as tidy tables in one language; see ``COLUMNS`` for each table's columns."""

    events: pd.DataFrame
    attendance: pd.DataFrame
    points: pd.DataFrame
    point_topics: pd.DataFrame
    point_speakers: pd.DataFrame
    participants: pd.DataFrame
    topics: pd.DataFrame
    paragraphs: pd.DataFrame
    visit: dict[str, str]
    language: str

    def tables(self) -> dict[str, pd.DataFrame]:
        """The frames by name, in ``COLUMNS`` order."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in COLUMNS}


def read_log(path: Path, name: str | None = None, base_dir: Path | None = None) -> Log:
    """Read and validate the log at ``path``.

    Raises:
        LogError: every problem found, each with file, line, field path and a fix.
    """
    name = name or path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LogError([Problem(name, None, "", f"no file at {path}", "Check the path")]) from None
    except OSError as exc:
        raise LogError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"the file cannot be read ({exc.strerror})",
                    "Check the path and its permissions",
                )
            ]
        ) from None
    return parse_log(data, name, path.parent if base_dir is None else base_dir)


def parse_log(
    data: bytes, name: str, base_dir: Path | None, sources: Mapping[str, bytes] | None = None
) -> Log:
    """Validate a log given as bytes (a file's or an upload's).

    Args:
        data: The file's bytes.
        name: The name to show in messages.
        base_dir: The folder that source paths are relative to.
        sources: Source texts by file name (an upload's); when given, the disk is not read.

    Raises:
        LogError: every problem found.
    """
    text = decode(data, name)
    document = load_yaml(text, name)
    if not isinstance(document, dict):
        raise LogError(
            [
                Problem(
                    name,
                    1,
                    "",
                    f"the document is {_kind(document)}, not a mapping of fields",
                    "Start the file with 'schema_version: 1', then 'visit:', 'events:' ...",
                )
            ]
        )
    findings = schema_findings(document)
    if not findings:
        findings = semantic_findings(document, base_dir, sources)
    if findings:
        line_of = line_finder(text)
        problems = [
            Problem(name, line_of(path), format_path(path), message, hint)
            for path, message, hint in findings[:MAX_FINDINGS]
        ]
        problems.sort(key=lambda p: p.line or 0)
        if len(findings) > MAX_FINDINGS:
            problems.append(
                Problem(
                    name,
                    None,
                    "",
                    f"there are more problems; only the first {MAX_FINDINGS} are listed",
                    "Fix these, then check the file again",
                )
            )
        raise LogError(problems)
    paragraphs = {}
    for source in document.get("sources", []):
        lines = read_source(source["path"], base_dir, sources)
        if isinstance(lines, list):
            paragraphs[source["id"]] = lines
    return Log(
        document=document,
        name=name,
        languages=tuple(document["visit"]["title"]),
        paragraphs=paragraphs,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _kind(value: Any) -> str:
    kinds = {
        list: "a list",
        str: "plain text",
        int: "a number",
        float: "a number",
        bool: "true or false",
    }
    return kinds.get(type(value), "empty")


def pick(text: dict[str, str] | None, language: str) -> str | None:
    """The text in ``language``, else in the first language it has; None for no text."""
    if not text:
        return None
    return text.get(language) or next(iter(text.values()))


def build_frames(log: Log, language: str) -> Frames:
    """The validated log as tidy frames, with every label in ``language``."""
    doc = log.document
    events: list[dict[str, Any]] = []
    attendance: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    point_topics: list[dict[str, Any]] = []
    point_speakers: list[dict[str, Any]] = []
    for event in doc["events"]:
        citation = event.get("source", {})
        event_id = event["id"]
        events.append(
            {
                "event_id": event_id,
                "date": event["date"],
                "sequence": event["sequence"],
                "start": event.get("start"),
                "end": event.get("end"),
                "time_reported": "start" in event,
                "kind": event["kind"],
                "format": event["format"],
                "title": pick(event["title"], language),
                "summary": pick(event["summary"], language),
                "place": pick(event.get("place"), language),
                "source_id": citation.get("source"),
                "paragraph": citation.get("paragraph"),
                "quote": citation.get("quote"),
            }
        )
        attendance.extend(
            {"event_id": event_id, "participant_id": p} for p in event["participants"]
        )
        for position, point in enumerate(event["points"], start=1):
            source = point.get("source", {})
            point_id = point["id"]
            points.append(
                {
                    "point_id": point_id,
                    "event_id": event_id,
                    "date": event["date"],
                    "position": position,
                    "text": pick(point["text"], language),
                    "source_id": source.get("source"),
                    "paragraph": source.get("paragraph"),
                    "quote": source.get("quote"),
                }
            )
            point_topics.extend(
                {"point_id": point_id, "event_id": event_id, "topic_id": t} for t in point["topics"]
            )
            point_speakers.extend(
                {"point_id": point_id, "event_id": event_id, "participant_id": s}
                for s in point["speakers"]
            )
    group_labels = {g["id"]: pick(g["label"], language) for g in doc.get("topic_groups", [])}
    participants = [
        {
            "participant_id": p["id"],
            "name": pick(p["name"], language),
            "role": pick(p["role"], language),
            "organization": pick(p["organization"], language),
            "position": i,
        }
        for i, p in enumerate(doc["participants"])
    ]
    topics = [
        {
            "topic_id": t["id"],
            "label": pick(t["label"], language),
            "group_id": t["group"],
            "group_label": group_labels.get(t["group"], t["group"]),
            "position": i,
        }
        for i, t in enumerate(doc["topics"])
    ]
    titles = {s["id"]: pick(s["title"], language) for s in doc.get("sources", [])}
    source_languages = {s["id"]: s["language"] for s in doc.get("sources", [])}
    paragraphs = [
        {
            "source_id": sid,
            "source_title": titles[sid],
            "language": source_languages[sid],
            "paragraph": n,
            "text": text,
        }
        for sid, lines in log.paragraphs.items()
        for n, text in enumerate(lines, start=1)
    ]
    visit = doc["visit"]
    tables = {
        "events": events,
        "attendance": attendance,
        "points": points,
        "point_topics": point_topics,
        "point_speakers": point_speakers,
        "participants": participants,
        "topics": topics,
        "paragraphs": paragraphs,
    }
    return Frames(
        **{name: _frame(rows, COLUMNS[name]) for name, rows in tables.items()},
        visit={
            "id": visit["id"],
            "title": pick(visit["title"], language) or "",
            "place": pick(visit["place"], language) or "",
            "start": visit["start"],
            "end": visit["end"],
            "timezone": visit["timezone"],
        },
        language=language,
    )


def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype(columns)


def load_frames(path: Path, language: str) -> tuple[Log, Frames]:
    """Read, validate and build frames in one call."""
    log = read_log(path)
    return log, build_frames(log, language)
