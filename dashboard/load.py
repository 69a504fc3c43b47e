"""A log file -> a validated :class:`Log` -> tidy :class:`Frames`, the contract the charts read.

Frames are built for one display language; ids never change with it. Columns and dtypes are
fixed (see ``COLUMNS``) so that every later stage, and other tools, can rely on them.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from itertools import compress, repeat
from operator import eq, is_not, not_
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.encoding import Encoding, encode
from dashboard.flat import NOT_STATED, FlatLog, count_reviews
from dashboard.i18n import t
from dashboard.problems import LogError, Problem
from dashboard.project import DEFAULT_LOG as DEFAULT_LOG  # re-exported: callers import it from here
from dashboard.validate import validate

# The frames' contract: column -> dtype. Text is pandas' string dtype; a missing optional value
# (no clock time, no place, no citation) is <NA>, never an empty string or an invented value.
# A point about the visit as a whole has no event: its event_id and date are <NA>/NaT. An event
# whose day the source does not state has date NaT and date_stated False. A point's voice is
# said, agreed or reported (a version 1 log's points read as said); "inferred" lists each value
# the source does not state but the log infers, with its reason.
STR = "string"
COLUMNS: dict[str, dict[str, str]] = {
    "events": {
        "event_id": STR,
        "date": "datetime64[ns]",
        "date_stated": "bool",
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
        "voice": STR,
        "text": STR,
        "reading": STR,
        "source_id": STR,
        "paragraph": "Int64",
        "quote": STR,
        # Every language's text, one a line: what a search looks in, whatever the page's language.
        "text_all_languages": STR,
    },
    "point_topics": {"point_id": STR, "event_id": STR, "topic_id": STR, "voice": STR},
    "point_speakers": {"point_id": STR, "event_id": STR, "participant_id": STR, "voice": STR},
    "participants": {
        "participant_id": STR,
        "name": STR,
        "short": STR,
        "role": STR,
        "organization": STR,
        "position": "int64",
        "name_all_languages": STR,
    },
    "topics": {
        "topic_id": STR,
        "label": STR,
        "short": STR,
        "group_id": STR,
        "group_label": STR,
        "position": "int64",
        "label_all_languages": STR,
    },
    "paragraphs": {
        "source_id": STR,
        "source_title": STR,
        "language": STR,
        "paragraph": "int64",
        "text": STR,
    },
    "inferred": {"subject": STR, "subject_id": STR, "field": STR, "reason": STR},
}

# The voice of a point that gives none (a version 1 log's): what such a log always meant.
DEFAULT_VOICE = "said"


@dataclass(frozen=True)
class LogInfo:
    """What a page or an export says of a valid log besides its frames."""

    name: str
    sha256: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Log:
    """A log that passed every check.

    Attributes:
        document: The parsed YAML, as plain values.
        name: The file name shown in messages.
        languages: The languages every text is given in, the visit title's order.
        paragraphs: Each readable source's paragraphs, by source id.
        sha256: Hash of the file's bytes, so an export can name its exact input.
        flat: The document flattened, for the frames in any language.
        notices: What the reader should know but need not fix, e.g. that a version 1 log's
            points read as said.
    """

    document: dict[str, Any]
    name: str
    languages: tuple[str, ...]
    paragraphs: dict[str, list[str]]
    sha256: str
    flat: FlatLog
    notices: tuple[str, ...] = ()

    @property
    def info(self) -> LogInfo:
        return LogInfo(self.name, self.sha256, self.languages)


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
    inferred: pd.DataFrame
    visit: dict[str, str]
    language: str
    # The whole log's scales, made from the unfiltered frames when they are built and passed on
    # unchanged by every filter (dataclasses.replace copies it), so no view recolours or reorders.
    # Any: typed where it is read (``encoding``); the frames' constructors pass their tables as
    # ``**{name: DataFrame}``, which a typed field here would make mypy check against it.
    _encoding: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self._encoding is None:
            object.__setattr__(self, "_encoding", encode(self))

    @property
    def encoding(self) -> Encoding:
        """The whole log's colours, orders, names and topic totals (``dashboard.encoding``)."""
        encoding: Encoding = self._encoding
        return encoding

    def by_name(self) -> dict[str, pd.DataFrame]:
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
        raise LogError(
            [
                Problem(
                    file=name,
                    line=None,
                    path="",
                    message=f"no file at {path}",
                    hint="Check the path",
                )
            ]
        ) from None
    except OSError as exc:
        raise LogError(
            [
                Problem(
                    file=name,
                    line=None,
                    path="",
                    message=f"the file cannot be read ({exc.strerror})",
                    hint="Check the path and its permissions",
                )
            ]
        ) from None
    return parse_log(data, name, path.parent if base_dir is None else base_dir)


@contextmanager
def _collector_paused(promote: bool = False) -> Iterator[None]:
    """Loading makes millions of objects and no reference cycles: the collector's full passes
    over them cost as much as the parse itself, and find nothing.

    Args:
        promote: Move what the collector tracks into its oldest generation before it resumes
            (see :func:`_promote`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote:
            _promote()
        if enabled:
            gc.enable()


def _promote() -> None:
    """Make every object the collector tracks old at once, without a pass over any.

    A load leaves some 190,000 containers (a log's lists and mappings) young. Resumed, the
    collector would go over all of them in its young pass, then again in its middle one, before
    they are old, and find nothing (0.15-0.2 s on 10,000 events). Freezing every object and
    unfreezing them at once moves them all to the oldest generation: its full passes still see
    them, and nothing stays frozen. Other young objects are made old too, so a cycle among
    them is freed at the next full pass rather than the next young one (Python's own, by its
    thresholds: .streamlit/config.toml turns off Streamlit's pass after every run). Where the
    process froze objects itself (a server that forks, say), nothing is moved, so they stay
    frozen.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def parse_log(
    data: bytes, name: str, base_dir: Path | None, sources: Mapping[str, bytes] | None = None
) -> Log:
    """Validate a log given as bytes (a file's or an upload's); see :func:`validate.validate`.

    Raises:
        LogError: every problem found, each with file, line, field path and a fix.
    """
    with _collector_paused(promote=True):
        valid = validate(data, name, base_dir, sources)
    return Log(
        document=valid.document,
        name=name,
        languages=tuple(valid.document["visit"]["title"]),
        paragraphs=valid.paragraphs,
        sha256=hashlib.sha256(data).hexdigest(),
        flat=valid.flat,
        notices=valid.notices,
    )


def pick(text: dict[str, str] | None, language: str) -> str | None:
    """The text in ``language``, else in the first language it has; None for no text."""
    if not text:
        return None
    return text.get(language) or next(iter(text.values()))


@_collector_paused()
def build_frames(log: Log, language: str) -> Frames:
    """The validated log as tidy frames, with every label in ``language``."""
    flat = log.flat
    events, points = flat.events, flat.points

    def texts(column: list[Any]) -> list[str | None]:
        """Each text in ``language``: :func:`pick`, with the common case in one pass."""
        found = [text.get(language) if text else None for text in column]
        for row in compress(range(len(found)), map(not_, found)):
            found[row] = pick(column[row], language)
        return found

    def stated(column: list[Any]) -> list[str | None]:
        """Texts, with what the source does not state said so in words."""
        unstated = t("not_stated", language)
        return [unstated if text == NOT_STATED else pick(text, language) for text in column]

    def shortened(short: list[Any], full: list[Any]) -> list[str | None]:
        """The short label in ``language``, else the full one: a short form in another
        language would put the wrong script on the axis."""
        return [
            (text or {}).get(language) or pick(whole, language)
            for text, whole in zip(short, full, strict=True)
        ]

    group_labels = dict(
        zip(flat.topic_groups["id"], texts(flat.topic_groups["label"]), strict=True)
    )
    source_titles = dict(zip(flat.sources["id"], texts(flat.sources["title"]), strict=True))
    source_languages = dict(zip(flat.sources["id"], flat.sources["language"], strict=True))
    paragraphs = [
        (sid, n, text)
        for sid, lines in log.paragraphs.items()
        for n, text in enumerate(lines, start=1)
    ]
    # A point's or an attendance row's event, and a topic's or speaker's point, are taken from
    # the table that holds them by row number (in C, by Arrow), not converted again per row.
    event_ids = _text(events["id"])
    owner = np.asarray(points["event_index"], dtype=np.int64)
    in_visit = owner < 0
    point_events = event_ids.take(pa.array(owner, mask=in_visit))
    event_dates = pd.to_datetime(events["date"], format="%Y-%m-%d")
    days = event_dates.to_numpy(dtype="datetime64[ns]")
    point_dates = np.full(len(owner), np.datetime64("NaT", "ns"))
    point_dates[~in_visit] = days[owner[~in_visit]]
    point_ids, voices = _text(points["id"]), _voiced(points["voice"])
    topic_rows = pa.array(flat.point_topics["point_row"], type=pa.int64())
    speaker_rows = pa.array(flat.point_speakers["point_row"], type=pa.int64())
    people, topic_ids = _text(flat.participants["id"]), _text(flat.topics["id"])
    event_citations, point_citations = _cited(flat)
    said = _in_each_language(points["text"], log.languages)
    columns: dict[str, dict[str, Any]] = {
        "events": {
            "event_id": event_ids,
            "date": event_dates,
            "date_stated": [day is not None for day in events["date"]],
            "sequence": events["sequence"],
            "start": events["start"],
            "end": events["end"],
            "time_reported": [start is not None for start in events["start"]],
            "kind": events["kind"],
            "format": events["format"],
            "title": texts(events["title"]),
            "summary": texts(events["summary"]),
            "place": texts(events["place"]),
            **event_citations,
        },
        "attendance": {
            "event_id": event_ids.take(pa.array(flat.attendance["event_index"], type=pa.int64())),
            "participant_id": _named(people, flat.attendance["participant_row"]),
        },
        "points": {
            "point_id": point_ids,
            "event_id": point_events,
            "date": point_dates,
            "position": np.asarray(points["point_index"], dtype=np.int64) + 1,
            "voice": voices,
            "text": said[language] if language in said else texts(points["text"]),
            "reading": texts(points["reading"]),
            **point_citations,
            "text_all_languages": _all_lines(said) if said else _every_language(points["text"]),
        },
        "point_topics": {
            "point_id": point_ids.take(topic_rows),
            "event_id": point_events.take(topic_rows),
            "topic_id": _named(topic_ids, flat.point_topics["topic_row"]),
            "voice": voices.take(topic_rows),
        },
        "point_speakers": {
            "point_id": point_ids.take(speaker_rows),
            "event_id": point_events.take(speaker_rows),
            "participant_id": _named(people, flat.point_speakers["participant_row"]),
            "voice": voices.take(speaker_rows),
        },
        "participants": {
            "participant_id": people,
            "name": texts(flat.participants["name"]),
            "short": shortened(flat.participants["short"], flat.participants["name"]),
            "role": stated(flat.participants["role"]),
            "organization": stated(flat.participants["organization"]),
            "position": flat.participants["item_index"],
            "name_all_languages": _every_language(flat.participants["name"]),
        },
        "topics": {
            "topic_id": topic_ids,
            "label": texts(flat.topics["label"]),
            "short": shortened(flat.topics["short"], flat.topics["label"]),
            "group_id": flat.topics["group"],
            "group_label": [group_labels.get(g, g) for g in flat.topics["group"]],
            "position": flat.topics["item_index"],
            "label_all_languages": _every_language(flat.topics["label"]),
        },
        "paragraphs": {
            "source_id": [sid for sid, _, _ in paragraphs],
            "source_title": [source_titles[sid] for sid, _, _ in paragraphs],
            "language": [source_languages[sid] for sid, _, _ in paragraphs],
            "paragraph": [n for _, n, _ in paragraphs],
            "text": [text for _, _, text in paragraphs],
        },
        "inferred": {
            "subject": flat.inferred["subject"],
            "subject_id": flat.inferred["subject_id"],
            "field": flat.inferred["field"],
            "reason": texts(flat.inferred["reason"]),
        },
    }
    visit = flat.visit
    return Frames(
        **{name: _frame(data, COLUMNS[name]) for name, data in columns.items()},
        visit={
            "id": visit["id"],
            "title": pick(visit["title"], language) or "",
            "place": pick(visit["place"], language) or "",
            "start": visit["start"],
            "end": visit["end"],
            "timezone": visit["timezone"],
            # Only a draft has the key, so a finished log's frames and exports are unchanged.
            **({"reviews": str(count_reviews(log.document))} if log.document.get("draft") else {}),
        },
        language=language,
    )


def _every_language(column: list[Any]) -> list[str]:
    """Each text in every language, one a line (no search can hold a line break)."""
    if None in column:  # no text: an empty line
        return ["\n".join(dict.fromkeys(text.values())) if text else "" for text in column]
    return list(map("\n".join, map(dict.fromkeys, map(dict.values, column))))


def _in_each_language(column: list[Any], languages: tuple[str, ...]) -> dict[str, pa.Array]:
    """Each language's texts as a column, where every text gives exactly ``languages``, in
    that order, none of them empty (so :func:`pick` would take each as it is); else nothing.

    Two languages at most: :func:`_all_lines` joins no more.
    """
    if not 0 < len(languages) <= 2 or None in column:
        return {}
    if not all(map(eq, map(tuple, column), repeat(languages))):
        return {}
    texts = {language: list(map(dict.get, column, repeat(language))) for language in languages}
    if any("" in values for values in texts.values()):
        return {}
    return {language: _text(values) for language, values in texts.items()}


def _all_lines(texts: dict[str, pa.Array]) -> pa.Array:
    """Each row's texts one a line, each text once: :func:`_every_language`, in C (by Arrow)."""
    first, *others = texts.values()
    if not others:
        return first
    joined = pc.binary_join_element_wise(first, others[0], pa.scalar("\n", pa.large_string()))
    return pc.if_else(pc.equal(first, others[0]), first, joined)


def _cited(flat: FlatLog) -> tuple[dict[str, Any], dict[str, Any]]:
    """The events' and the points' citation columns, <NA> where there is none.

    ``flat.citations`` already holds their fields, the visit's first, then the events' sources,
    their time sources and the points' (see :func:`flat.flatten`): each group is cut from it and
    spread over the rows of its table, so no citation is read again.
    """
    citations = flat.citations
    kinds = citations["field"]
    first_event = kinds.count("visit")
    first_point = first_event + kinds.count("source") + kinds.count("time_source")
    tables = []
    for start, stop, cited in (
        (first_event, first_event + kinds.count("source"), flat.events["source"]),
        (first_point, len(kinds), flat.points["source"]),
    ):
        present = np.fromiter(map(is_not, cited, repeat(None)), dtype=bool, count=len(cited))
        # Each row's citation's place in the group; null where the row cites nothing.
        place = pa.array(np.cumsum(present) - 1, mask=~present)
        paragraphs = pa.array(citations["paragraph"][start:stop], type=pa.int64()).take(place)
        tables.append(
            {
                "source_id": _text(citations["source"][start:stop]).take(place),
                "paragraph": pd.array(paragraphs, dtype="Int64"),
                "quote": _text(citations["quote"][start:stop]).take(place),
            }
        )
    return tables[0], tables[1]


def _named(ids: pa.Array, rows: list[int | None]) -> pa.Array:
    """The ids at ``rows``: what each reference names, as in the log (a valid one names no
    row that is not there, and a repeated id is the same text)."""
    return ids.take(pa.array(rows, type=pa.int64()))


def _text(values: list[str | None]) -> pa.Array:
    """Arrow builds text arrays in C: four times pandas' own conversion, element by element."""
    return pa.array(values, type=pa.large_string())


def _voiced(voices: list[str | None]) -> pa.Array:
    """Each point's voice; one a version 1 log does not give reads as said (in C, by Arrow)."""
    return pc.fill_null(pa.array(voices, type=pa.large_string()), DEFAULT_VOICE)


def _frame(data: dict[str, Any], columns: dict[str, str]) -> pd.DataFrame:
    """A frame of ``columns``' names and dtypes, from whole columns."""
    return pd.DataFrame(
        {name: _column(data[name], dtype) for name, dtype in columns.items()}, columns=list(columns)
    )


def _column(values: Any, dtype: str) -> Any:
    if dtype == STR and isinstance(values, pa.Array):
        return pd.array(values, dtype=STR)
    if dtype == STR:
        text = pa.array(
            values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values,
            type=pa.large_string(),
            from_pandas=True,
        )
        return pd.array(text, dtype=STR)
    series: pd.Series = pd.Series(values).reset_index(drop=True)
    return series.astype(dtype)  # type: ignore[call-overload]  # dtype names from COLUMNS
