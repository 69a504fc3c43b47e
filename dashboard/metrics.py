"""Aggregations the charts draw: pure functions from (filtered) frames to tidy frames, and the
typed results that hand a chart its rows with what it must know of them (how many it keeps, its
colour scale's top), so that a chart only draws.

All are vectorised pandas: no Python loop runs per event or per point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.flat import NOT_STATED
from dashboard.i18n import format_day, format_label, t
from dashboard.joins import pairs, positions, ranks
from dashboard.load import Frames
from dashboard.schema import VOICES

CountBy = Literal["points", "events"]
SplitBy = Literal["day", "event", "none"]

TOPIC_FREQUENCY_COLUMNS = [
    "topic_id",
    "label",
    "group_id",
    "group_label",
    "split_id",
    "split_label",
    "count",
    "topic_total",
    "said",
    "agreed",
    "reported",
]


# Above these, a chart stops being readable (and its JSON stops being small): the charts show the
# most frequent items and say how many there are in all; the data tables keep everything.
MAX_TOPICS = 40
MAX_SPLITS = 12
MAX_PEOPLE = 30
MAX_EVENTS = 40
# Past this many events, a timeline's lanes would be unreadable and slow: it shows events per day.
MAX_LANES = 60


class ChartData(Protocol):
    """What every metric hands its chart: a typed result whose ``rows`` the data table shows."""

    @property
    def rows(self) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Kept:
    """How many of an axis's items a chart draws, of how many it could: where they differ, the
    subtitle says "showing the 40 most frequent of 300 topics".

    Attributes:
        axis: Which items: ``"topic_id"``, ``"participant_id"`` or ``"event_id"``.
        shown: How many the chart draws.
        of: How many there were to choose from.
    """

    axis: Literal["topic_id", "participant_id", "event_id"]
    shown: int
    of: int


# eq=False: a result holds frames, which compare cell by cell; results are compared by identity.
@dataclass(frozen=True, eq=False)
class TopicFrequency:
    """What the topic chart draws (:func:`topic_frequency`).

    Attributes:
        rows: One row per (topic, split) with a non-zero count, ``TOPIC_FREQUENCY_COLUMNS``.
        count_by: What was counted: statements (``"points"``) or events.
        split_by: The split the counts are broken down by: the one asked for, or ``"none"`` with
            more than ``MAX_SPLITS`` days or events.
        splits: The split ids ``rows`` have, in the whole log's order of days or events (the
            encoding's), one the encoding does not know (an unstated day) last: the order of
            the stacks and the legend. ``("all",)`` unsplit.
        topics: How many topics ``rows`` keep, of how many are in view.
    """

    rows: pd.DataFrame
    count_by: CountBy
    split_by: SplitBy
    splits: tuple[str, ...]
    topics: Kept


@dataclass(frozen=True, eq=False)
class SpeakerTopics:
    """What the who-spoke-about-what grid draws (:func:`speaker_topic_counts`).

    Attributes:
        rows: Every kept speaker × every kept topic, with their counts.
        people: How many speakers the grid keeps, of how many it could.
        topics: How many topics the grid keeps, of how many it could.
        scale_max: The whole log's largest count of own words in a cell: the colour scale's top,
            so a shade means the same number in every view.
        statements_said: Each speaker's (by name) statements in their own words, each once
            however many topics it touched: what a title may call their statements.
        filtered: Whether the view is narrower than the whole log (an empty cell is then "none
            in this view", not "none").
    """

    rows: pd.DataFrame
    people: Kept
    topics: Kept
    scale_max: int
    statements_said: Mapping[str, int]
    filtered: bool


@dataclass(frozen=True, eq=False)
class Attendance:
    """What the who-attended-what grid draws (:func:`attendance_matrix`).

    Attributes:
        rows: Every kept participant × every kept event, events in time order.
        people: How many participants the grid keeps, of how many it could.
        events: How many events the grid keeps, of how many it could.
    """

    rows: pd.DataFrame
    people: Kept
    events: Kept


@dataclass(frozen=True, eq=False)
class CoAttendance:
    """What the who-met-whom grid draws (:func:`co_attendance`).

    Attributes:
        rows: Every kept participant × every kept participant, with the events they shared.
        people: How many participants the grid keeps, of how many it could.
        scale_max: The whole log's most events any pair shared: the colour scale's top.
        filtered: Whether the view is narrower than the whole log.
    """

    rows: pd.DataFrame
    people: Kept
    scale_max: int
    filtered: bool


def topic_frequency(
    frames: Frames,
    count_by: CountBy,
    split_by: SplitBy,
    limit: int | None = MAX_TOPICS,
) -> TopicFrequency:
    """How often each topic comes up, split by day or event.

    Args:
        frames: Filtered frames.
        count_by: ``"points"`` counts statements; ``"events"`` counts events that had any point on it.
        split_by: ``"day"``, ``"event"`` or ``"none"``: what each topic's count is broken down by.
            With more than ``MAX_SPLITS`` days or events, counts are not split (the result's
            ``split_by`` says which split was used).
        limit: Keep the most frequent topics only (None keeps all).

    Returns:
        Its rows: one per (topic, split) with a non-zero count; ``topic_total`` is the topic's
        count over all splits. Sorted by total (descending), then the log's topic order, then
        split order.
    """
    events, topics = frames.events, frames.topics
    splits = events["date"].nunique() if split_by == "day" else len(events)
    if split_by != "none" and splits > MAX_SPLITS:
        split_by = "none"
    event = positions(frames.point_topics["event_id"], events["event_id"])
    topic = positions(frames.point_topics["topic_id"], topics["topic_id"])
    known = (event >= 0) & (topic >= 0)
    event, topic = event[known], topic[known]
    voice = frames.point_topics["voice"].to_numpy(dtype=object, na_value="said")[known]
    if count_by == "events":
        once = np.unique(event * len(topics) + topic)
        event, topic = once // len(topics), once % len(topics)
    split_ids, split_labels, split_order, split_of = _splits(frames, split_by, event)
    cells = np.bincount(
        topic * len(split_ids) + split_of, minlength=len(topics) * len(split_ids)
    ).reshape(len(topics), len(split_ids))
    rows, columns = np.nonzero(cells)
    totals = cells.sum(axis=1)
    position = topics["position"].to_numpy()
    order = np.lexsort((split_order[columns], position[rows], -totals[rows]))
    rows, columns = rows[order], columns[order]
    ranked = pd.unique(rows)
    kept = len(ranked) if limit is None else min(limit, len(ranked))
    if kept < len(ranked):
        keep = np.isin(rows, ranked[:kept])
        rows, columns = rows[keep], columns[keep]
    result = (
        topics[["topic_id", "label", "group_id", "group_label"]].iloc[rows].reset_index(drop=True)
    )
    result["split_id"] = pd.array(split_ids[columns], dtype="string")
    result["split_label"] = pd.array(split_labels[columns], dtype="string")
    result["count"] = cells[rows, columns].astype("int64")
    result["topic_total"] = totals[rows].astype("int64")
    # Each cell's statements by voice, so a bar's hover tells own words from joint readouts
    # and narration; counting events, an event has no one voice, and the columns are 0.
    for name in VOICES:
        mine = voice == name if count_by == "points" else np.zeros(len(topic), dtype=bool)
        voiced = np.bincount(
            topic[mine] * len(split_ids) + split_of[mine], minlength=len(topics) * len(split_ids)
        ).reshape(len(topics), len(split_ids))
        result[name] = voiced[rows, columns].astype("int64")
    in_view = list(dict.fromkeys(result["split_id"].tolist()))
    scale = frames.encoding.days if split_by == "day" else frames.encoding.events
    return TopicFrequency(
        rows=result[TOPIC_FREQUENCY_COLUMNS],
        count_by=count_by,
        split_by=split_by,
        splits=tuple(scale.ordered(in_view)) if split_by != "none" else ("all",),
        topics=Kept("topic_id", kept, len(ranked)),
    )


def _splits(
    frames: Frames, split: SplitBy, event: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The splits' ids, labels and order, and which split each mention (by its event) falls in."""
    events = frames.events
    dates = events["date"].to_numpy()
    if split == "day":
        days, day_of_event = np.unique(dates, return_inverse=True)
        stamps = pd.DatetimeIndex(days)
        labels = [format_day(day.date(), frames.language) for day in stamps]
        # An event whose day the source does not state (NaT) has a split of its own, last.
        undated = np.isnat(days)
        return (
            np.array(
                [
                    NOT_STATED if gap else day
                    for gap, day in zip(undated, stamps.strftime("%Y-%m-%d"), strict=True)
                ],
                dtype=object,
            ),
            np.array(labels, dtype=object),
            np.where(undated, np.iinfo(np.int64).max, days.astype("int64")),
            day_of_event[event],
        )
    if split == "event":
        return (
            events["event_id"].to_numpy(dtype=object),
            events["title"].to_numpy(dtype=object),
            dates.astype("int64") + events["sequence"].to_numpy(),
            event,
        )
    return np.array(["all"], dtype=object), np.array([""], dtype=object), np.zeros(1), event * 0


def speaker_topic_counts(
    frames: Frames,
    max_people: int | None = MAX_PEOPLE,
    max_topics: int | None = MAX_TOPICS,
    whole: Frames | None = None,
) -> SpeakerTopics:
    """Points by speaker and topic, zeros included, for a participant × topic heatmap.

    Args:
        frames: Filtered frames.
        max_people: Keep the speakers with the most points only (None keeps all).
        max_topics: Keep the topics with the most points only (None keeps all).
        whole: The unfiltered frames. With them, the grid keeps every speaker and topic of the
            whole log (when they fit in the limits), so a filter never drops a row or turns the
            grid over; and the result's ``scale_max`` is the whole log's largest count of own
            words, so a shade means the same number in every view.

    Returns:
        Its rows: columns participant_id, name, short_name, topic_id, label, short_label, count
        (said and agreed), agreed (joint readouts among them) and said (their own words); every
        kept speaker × every kept topic, in the log's order of participants and topics.
    """
    people, topics = frames.participants, frames.topics
    cells = _speaker_topic_cells(frames, people, topics)
    everything = (
        cells if whole is None or whole is frames else _speaker_topic_cells(whole, people, topics)
    )
    kept_people = _keep(
        cells.sum(axis=1) > 0,
        everything.sum(axis=1) > 0,
        _ranking(ranks(people["participant_id"]), -everything.sum(axis=1), -cells.sum(axis=1)),
        people["position"].to_numpy(),
        max_people,
    )
    kept_topics = _keep(
        cells.sum(axis=0) > 0,
        everything.sum(axis=0) > 0,
        _ranking(ranks(topics["topic_id"]), -everything.sum(axis=0), -cells.sum(axis=0)),
        topics["position"].to_numpy(),
        max_topics,
    )
    rows = np.repeat(kept_people, len(kept_topics))
    columns = np.tile(kept_topics, len(kept_people))
    speakers = people[["participant_id", "name", "short"]].iloc[rows].reset_index(drop=True)
    said = topics[["topic_id", "label", "short"]].iloc[columns].reset_index(drop=True)
    result = pd.concat(
        [
            speakers.rename(columns={"short": "short_name"}),
            said.rename(columns={"short": "short_label"}),
        ],
        axis=1,
    )
    result["count"] = cells[rows, columns].astype("int64")
    # A joint readout ("the two leaders agreed") is no one person's words: counted apart, so a
    # grid never says one of them spoke about it alone.
    agreed = _speaker_topic_cells(frames, people, topics, voice="agreed")
    result["agreed"] = agreed[rows, columns].astype("int64")
    result["said"] = result["count"] - result["agreed"]
    whole_agreed = (
        agreed
        if whole is None or whole is frames
        else _speaker_topic_cells(whole, people, topics, voice="agreed")
    )
    # Each speaker's statements in their own words, each once however many topics it touched:
    # the grid's cells count (speaker, topic) pairs, which a title must not pass off as statements.
    own = frames.point_speakers
    own = own[(own["voice"] == "said").to_numpy(dtype=bool, na_value=False)]
    names = dict(zip(people["participant_id"], people["name"], strict=True))
    said_by = own.drop_duplicates(["participant_id", "point_id"])["participant_id"].value_counts()
    return SpeakerTopics(
        rows=result,
        people=Kept(
            "participant_id",
            len(kept_people),
            _active(cells.sum(axis=1) > 0, everything.sum(axis=1) > 0, max_people),
        ),
        topics=Kept(
            "topic_id",
            len(kept_topics),
            _active(cells.sum(axis=0) > 0, everything.sum(axis=0) > 0, max_topics),
        ),
        scale_max=int((everything - whole_agreed).max(initial=0)),
        statements_said={str(names.get(p, p)): int(n) for p, n in said_by.items()},
        filtered=_filtered(frames, whole),
    )


def _filtered(frames: Frames, whole: Frames | None) -> bool:
    """Whether ``frames`` are a narrower view of ``whole``: an empty cell is then "none in this
    view", not "none"."""
    return whole is not None and whole is not frames


def _speaker_topic_cells(
    frames: Frames, people: pd.DataFrame, topics: pd.DataFrame, voice: str | None = None
) -> np.ndarray:
    """Points by (row of ``people``, row of ``topics``): one point counts once for each of its
    speakers and each of its topics; only points of ``voice`` when given."""
    speakers, mentions = frames.point_speakers, frames.point_topics
    if voice is not None:
        speakers = speakers[(speakers["voice"] == voice).to_numpy(dtype=bool, na_value=False)]
    # Points numbered across both tables, then every (speaker, topic) pair of one point.
    point = (
        pc.dictionary_encode(
            # The type is given: read back from the frame store, an empty column is a chunked
            # array of no chunks, and two of them would make a chunked array of type null.
            pa.chunked_array(
                [
                    pa.array(speakers["point_id"]).cast(pa.large_string()),
                    pa.array(mentions["point_id"]).cast(pa.large_string()),
                ],
                type=pa.large_string(),
            )
        )
        .combine_chunks()
        .indices.to_numpy()
    )
    spoke, said = pairs(point[: len(speakers)], point[len(speakers) :])
    person = positions(speakers["participant_id"], people["participant_id"])[spoke]
    topic = positions(mentions["topic_id"], topics["topic_id"])[said]
    known = (person >= 0) & (topic >= 0)
    return np.bincount(
        person[known] * len(topics) + topic[known], minlength=len(people) * len(topics)
    ).reshape(len(people), len(topics))


def _keep(
    in_view: np.ndarray,
    anywhere: np.ndarray,
    preference: np.ndarray,
    order: np.ndarray,
    limit: int | None,
) -> np.ndarray:
    """The rows of a grid's axis to draw, in ``order``.

    Every row with anything in the whole log when they all fit in ``limit``: the axis is then
    the same in every view, an empty row kept in its place rather than dropped. When they do not
    fit (a log far larger than a grid can show), the rows with anything in view, the most
    preferred (lowest ``preference``) first, up to ``limit``; the chart says how many it shows.
    """
    chosen = in_view | anywhere
    if limit is not None and int(chosen.sum()) > limit:
        chosen = in_view
    rows = np.flatnonzero(chosen)
    rows = rows[np.argsort(preference[rows], kind="stable")][:limit]
    return rows[np.argsort(order[rows], kind="stable")]


def _active(in_view: np.ndarray, anywhere: np.ndarray, limit: int | None) -> int:
    """How many rows ``_keep`` chose from: the count a "showing N of M" note gives as M."""
    chosen = int((in_view | anywhere).sum())
    return chosen if limit is None or chosen <= limit else int(in_view.sum())


def _ranking(*keys: np.ndarray) -> np.ndarray:
    """Each row's place when sorted by ``keys``, the last key first (as ``np.lexsort``)."""
    order = np.lexsort(keys)
    placed = np.empty(len(order), dtype=np.int64)
    placed[order] = np.arange(len(order))
    return placed


def attendance_matrix(
    frames: Frames,
    max_people: int | None = MAX_PEOPLE,
    max_events: int | None = MAX_EVENTS,
    whole: Frames | None = None,
) -> Attendance:
    """Who attended which event, for a participant × event grid.

    Args:
        frames: Filtered frames.
        max_people: Keep the participants at the most of the kept events only (None keeps all).
        max_events: Keep the first events in time order only (None keeps all).
        whole: The unfiltered frames. With them, the grid keeps every event and participant of
            the whole log (when they fit in the limits), an event out of view as an empty row
            (``in_view`` false), so a filter never reshapes the grid.

    Returns:
        Its rows: columns participant_id, name, short_name, event_id, title, date, attended
        (bool: in view), in_view (bool: the event is in view); every kept participant × every
        kept event, events in time order.
    """
    people = frames.participants
    ordered = in_time_order((frames if whole is None else whole).events)[
        ["event_id", "title", "date"]
    ]
    visible = positions(ordered["event_id"], frames.events["event_id"]) >= 0
    time = np.arange(len(ordered))
    kept_events = _keep(
        visible, np.ones(len(ordered), bool), _ranking(time, ~visible), time, max_events
    )
    events = ordered.iloc[kept_events]
    cells = _attended(frames, people, events)
    everywhere = cells if whole is None or whole is frames else _attended(whole, people, events)
    kept = _keep(
        cells.sum(axis=1) > 0,
        everywhere.sum(axis=1) > 0,
        _ranking(ranks(people["participant_id"]), -everywhere.sum(axis=1), -cells.sum(axis=1)),
        people["position"].to_numpy(),
        max_people,
    )
    rows = np.repeat(kept, len(events))
    columns = np.tile(np.arange(len(events)), len(kept))
    result = pd.concat(
        [
            people[["participant_id", "name", "short"]]
            .iloc[rows]
            .reset_index(drop=True)
            .rename(columns={"short": "short_name"}),
            events.iloc[columns].reset_index(drop=True),
        ],
        axis=1,
    )
    result["attended"] = cells[rows, columns]
    result["in_view"] = visible[kept_events][columns]
    return Attendance(
        rows=result,
        people=Kept(
            "participant_id",
            len(kept),
            _active(cells.sum(axis=1) > 0, everywhere.sum(axis=1) > 0, max_people),
        ),
        events=Kept(
            "event_id", len(events), _active(visible, np.ones(len(ordered), bool), max_events)
        ),
    )


def _attended(frames: Frames, people: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """Whether each of ``people`` attended each of ``events``, by ``frames``' attendance."""
    attendance = frames.attendance
    event = positions(attendance["event_id"], events["event_id"])
    person = positions(attendance["participant_id"], people["participant_id"])
    present = (event >= 0) & (person >= 0)
    cells = np.zeros((len(people), len(events)), dtype=bool)
    cells[person[present], event[present]] = True
    return cells


# A pair's hover lists this many of their events; the rest are counted.
MAX_SHARED_TITLES = 6


def co_attendance(
    frames: Frames, max_people: int | None = MAX_PEOPLE, whole: Frames | None = None
) -> CoAttendance:
    """Who met whom: for each pair of participants, the events in view they attended together.

    A virtual meeting counts as a meeting, and each pair's formats are counted too. The diagonal
    is each participant's own events.

    Args:
        frames: Filtered frames.
        max_people: Keep the most-connected participants only (most others met, then most
            events, then id); None keeps all.
        whole: The unfiltered frames. With them, the grid keeps every participant who attended
            anything in the whole log (when they fit in ``max_people``), and the result's
            ``scale_max`` is the whole log's most events any pair shared.

    Returns:
        Its rows: columns participant_id, name, short_name, other_id, other_name, other_short, events,
        formats (each format with its count, e.g. "in person 1 · virtual 1") and titles (the
        first ``MAX_SHARED_TITLES`` events' titles with their format, in time order, and how
        many more); every kept participant × every kept participant, in the log's order.
    """
    people, lang = frames.participants, frames.language
    events = in_time_order(frames.events).reset_index(drop=True)
    first, second, shared = _meetings(frames, people, events)
    cells = _pair_counts(first, second, len(people))
    if whole is None or whole is frames:  # an unfiltered view is its own whole
        everything = cells
    else:
        everything = _pair_counts(*_meetings(whole, people, whole.events)[:2], len(people))
    kept = _keep(
        np.diag(cells) > 0,
        np.diag(everything) > 0,
        _ranking(
            ranks(people["participant_id"]),
            -np.diag(everything),
            -_others_met(everything),
            -np.diag(cells),
            -_others_met(cells),
        ),
        people["position"].to_numpy(),
        max_people,
    )
    rows, columns = np.repeat(kept, len(kept)), np.tile(kept, len(kept))
    named = people[["participant_id", "name", "short"]]
    result = named.iloc[rows].reset_index(drop=True).rename(columns={"short": "short_name"})
    others = named.iloc[columns].reset_index(drop=True)
    result["other_id"], result["other_name"] = others["participant_id"], others["name"]
    result["other_short"] = others["short"]
    result["events"] = cells[rows, columns].astype("int64")
    cell_of = np.full(len(people) ** 2, -1)
    cell_of[rows * len(people) + columns] = np.arange(len(rows))
    at = cell_of[first * len(people) + second]
    chosen = at >= 0
    result["formats"] = _format_counts(events, shared[chosen], at[chosen], len(rows), lang)
    result["titles"] = _shared_titles(events, shared[chosen], at[chosen], len(rows), lang)
    off_diagonal = everything[~np.eye(len(people), dtype=bool)]
    return CoAttendance(
        rows=result,
        people=Kept(
            "participant_id",
            len(kept),
            _active(np.diag(cells) > 0, np.diag(everything) > 0, max_people),
        ),
        scale_max=int(off_diagonal.max(initial=0)),
        filtered=_filtered(frames, whole),
    )


def _meetings(
    frames: Frames, people: pd.DataFrame, events: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (person, other, event) where both attended the event (the diagonal included), as
    rows of ``people`` and ``events``."""
    event = positions(frames.attendance["event_id"], events["event_id"])
    person = positions(frames.attendance["participant_id"], people["participant_id"])
    known = (event >= 0) & (person >= 0)
    # Each (event, person) once, however often the log lists them.
    once = np.unique(event[known] * len(people) + person[known])
    event, person = once // len(people), once % len(people)
    left, right = pairs(event, event)
    return person[left], person[right], event[left]


def _pair_counts(first: np.ndarray, second: np.ndarray, people: int) -> np.ndarray:
    return np.bincount(first * people + second, minlength=people**2).reshape(people, people)


def _others_met(cells: np.ndarray) -> np.ndarray:
    """How many others each person met (their own events, on the diagonal, not counted)."""
    own = np.diag(cells)
    met: np.ndarray = (cells > 0).sum(axis=1) - (own > 0)
    return met


def _format_counts(
    events: pd.DataFrame, event: np.ndarray, cell: np.ndarray, cells: int, lang: str
) -> pd.Series:
    """Per cell, "in person 2 · virtual 1": how many of its events were held in each format."""
    formats, code = np.unique(
        events["format"].to_numpy(dtype=object).astype(str), return_inverse=True
    )
    counts = np.bincount(cell * len(formats) + code[event], minlength=cells * len(formats)).reshape(
        cells, len(formats)
    )
    words = [format_label(f, lang) for f in formats]
    return pd.Series(
        [" · ".join(f"{w} {n}" for w, n in zip(words, row, strict=True) if n) for row in counts],
        dtype="string",
    )


def _shared_titles(
    events: pd.DataFrame, event: np.ndarray, cell: np.ndarray, cells: int, lang: str
) -> pd.Series:
    """Per cell, its first events' titles with their format, in time order, and how many more.

    Only the titles shown are ever made into text: at most MAX_SHARED_TITLES per cell.
    """
    order = np.lexsort((event, cell))  # events are numbered in time order
    cell, event = cell[order], event[order]
    per_cell = np.bincount(cell, minlength=cells)
    first = np.concatenate([[0], np.cumsum(per_cell)[:-1]]).astype("int64")
    shown = np.arange(len(cell)) - first[cell] < MAX_SHARED_TITLES
    cell, event = cell[shown], event[shown]
    titles = events["title"].to_numpy(dtype=object)[event]
    formats = events["format"].to_numpy(dtype=object)[event]
    words = {f: format_label(str(f), lang) for f in set(formats)}
    texts: list[list[str]] = [[] for _ in range(cells)]
    # One loop over the titles shown, at most MAX_SHARED_TITLES per cell; never per event.
    for at, title, fmt in zip(cell.tolist(), titles, formats, strict=True):
        texts[at].append(f"{title} ({words[fmt]})")
    more = per_cell - MAX_SHARED_TITLES
    return pd.Series(
        [
            "; ".join(parts)
            + (f"; {t('chart.more_events', lang, n=int(extra))}" if extra > 0 else "")
            for parts, extra in zip(texts, more, strict=True)
        ],
        dtype="string",
    )


def in_time_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by day, then the log's sequence, which orders a day whether or not times are known.

    Events already in that order (as the log usually lists them) come back as they are.
    """
    order = time_order(events)
    return events if bool((order == np.arange(len(order))).all()) else events.iloc[order]


def time_order(events: pd.DataFrame) -> np.ndarray:
    """The rows of ``events`` by day, sequence, then start time, untimed last; stable.

    numpy's lexsort: a pandas sort_values costs a millisecond even on three rows.
    """
    # "~" sorts after every "HH:MM", so an event without a time comes last within its place.
    start = events["start"].to_numpy(dtype=object, na_value="~").astype(str)
    _, start_rank = np.unique(start, return_inverse=True)
    return np.lexsort((start_rank, events["sequence"].to_numpy(), events["date"].to_numpy()))


def timeline_rows(frames: Frames, labels: bool = True) -> pd.DataFrame:
    """One row per event in view, in time order, with what a timeline's hover shows.

    Args:
        frames: Filtered frames.
        labels: Join each event's participants and topics; a timeline of more events than it
            draws lanes for shows neither, and at 50,000 events the joins took a second.

    Returns:
        The events columns plus ``participants`` and ``topics`` (labels joined by ", ") and
        ``n_topics`` (only with ``labels``), ``n_points``, and ``start_at``/``end_at`` timestamps where clock
        times are reported.
    """
    events = in_time_order(frames.events).reset_index(drop=True)
    ids = events["event_id"]
    if labels:
        _add_labels(events, frames)
    said = positions(frames.points["event_id"], ids)
    events["n_points"] = np.bincount(said[said >= 0], minlength=len(ids)).astype("int64")
    dates = events["date"].to_numpy()
    for column, clock in (("start_at", "start"), ("end_at", "end")):
        events[column] = dates + _clock(events[clock])
    return events


@dataclass(frozen=True, eq=False)
class DayCounts:
    """Events per kind and day: the timeline's density strip, for more events than it has lanes.

    Attributes:
        kinds: The event kinds in view, sorted: the strip's rows.
        counts: Events per kind (a row of ``kinds``) and day (a column of the axis's days).
    """

    kinds: tuple[str, ...]
    counts: np.ndarray


@dataclass(frozen=True, eq=False)
class TimelineRows:
    """What the timeline draws (:func:`timeline_of`).

    Attributes:
        rows: :func:`timeline_rows`: one row per event in view, in time order.
        days: Every day the axis covers, as midnights: the visit's range asked for, widened to
            the events' own days.
        density: Events per kind and day when there are more than ``MAX_LANES`` events, which
            the timeline then draws instead of one lane per event; None otherwise.
    """

    rows: pd.DataFrame
    days: pd.DatetimeIndex
    density: DayCounts | None


def timeline_of(rows: pd.DataFrame, days: tuple[date, date] | None = None) -> TimelineRows:
    """What a timeline of ``rows`` draws: its days and, past ``MAX_LANES`` events, their counts.

    Args:
        rows: :func:`timeline_rows` of the filtered frames.
        days: First and last day the axis must cover (the visit's), beyond the events' own days.
    """
    span = _span(rows, days)
    return TimelineRows(rows, span, _day_counts(rows, span) if len(rows) > MAX_LANES else None)


def _span(rows: pd.DataFrame, days: tuple[date, date] | None) -> pd.DatetimeIndex:
    """Every day the x-axis covers, as midnights."""
    bounds = [pd.Timestamp(d) for d in days] if days else []
    if len(rows):
        bounds += [rows["date"].min(), rows["date"].max()]
    if not bounds:
        return pd.DatetimeIndex([])
    return pd.date_range(min(bounds).normalize(), max(bounds).normalize(), freq="D")


def _day_counts(rows: pd.DataFrame, span: pd.DatetimeIndex) -> DayCounts:
    """Events per (kind, day of ``span``), counted by position: a crosstab took 70 ms at 50,000
    events."""
    kinds, kind = np.unique(rows["kind"].to_numpy(dtype=object).astype(str), return_inverse=True)
    day = (
        ((rows["date"].to_numpy() - span[0].to_datetime64()) // np.timedelta64(1, "D")).astype(
            "int64"
        )
        if len(span)
        else np.zeros(len(rows), dtype="int64")
    )
    counts = np.bincount(kind * len(span) + day, minlength=len(kinds) * len(span)).reshape(
        len(kinds), len(span)
    )
    return DayCounts(tuple(str(k) for k in kinds), counts)


def _add_labels(events: pd.DataFrame, frames: Frames) -> None:
    """Each event's participants' names and topics' labels, as two columns of ``events``."""
    ids = events["event_id"]
    attendance, people = frames.attendance, frames.participants
    person = positions(attendance["participant_id"], people["participant_id"])
    events["participants"] = labels_by(
        ids, attendance["event_id"], person, people["name"], people["position"]
    )
    mentions, topics = frames.point_topics, frames.topics
    topic = positions(mentions["topic_id"], topics["topic_id"])
    event = positions(mentions["event_id"], ids)
    # Each topic once per event, however many of its points were about it.
    _, first = np.unique(event * (len(topics) + 1) + topic, return_index=True)
    events["topics"] = labels_by(
        ids, mentions["event_id"].iloc[first], topic[first], topics["label"], topics["position"]
    )
    # How many: a hover lists 19 topics as "19 topics", never as a line wider than the chart.
    named = event[first]
    events["n_topics"] = np.bincount(named[named >= 0], minlength=len(ids)).astype("int64")


def _clock(times: pd.Series) -> np.ndarray:
    """ "HH:MM" texts as timedeltas since midnight, NaT where there is none (the schema checks the form).

    Arrow slices the digits: pandas' to_timedelta parsed 50,000 times in 70 ms.
    """
    text = pa.array(times).cast(pa.large_string())
    hours = pc.cast(pc.utf8_slice_codeunits(text, 0, 2), pa.int64())
    minutes = pc.cast(pc.utf8_slice_codeunits(text, 3, 5), pa.int64())
    total = pc.add(pc.multiply(hours, 60), minutes).to_numpy(zero_copy_only=False)
    known = ~np.isnan(total.astype("float64"))
    out = np.full(len(total), np.timedelta64("NaT"), dtype="timedelta64[ns]")
    out[known] = total[known].astype("int64") * np.timedelta64(60, "s")
    return out


def labels_by(
    ids: pd.Series,
    keys: pd.Series,
    items: np.ndarray,
    labels: pd.Series,
    order: pd.Series,
    separator: str = ", ",
) -> pd.Series:
    """For each of ``ids``, the labels of the items linked to it, joined in the items' own order.

    Args:
        ids: What to label, e.g. events in view.
        keys: One row per link: the id it belongs to (e.g. an attendance row's event).
        items: Each link's item, as a row of ``labels`` (-1 for an unknown item, left out).
        labels: The items' labels, e.g. participants' names.
        order: The items' order, e.g. their position in the log.
        separator: What goes between two labels.

    Returns:
        A text Series aligned with ``ids``; "" where an id has no linked item.
    """
    links = np.flatnonzero(items >= 0)
    links = links[np.argsort(order.to_numpy()[items[links]], kind="stable")]
    found, text = _joined(
        pa.array(keys).take(links), pa.array(labels).take(items[links]), separator
    )
    at = pc.index_in(pa.array(ids).cast(pa.large_string()), value_set=found)
    shown = pc.take(text, at).fill_null("")
    return pd.Series(pd.array(shown, dtype="string"))


def joined(keys: pd.Series, values: pd.Series, separator: str) -> pd.Series:
    """Each key's values joined in their order, e.g. an event's participants' names, by key."""
    found, text = _joined(pa.array(keys), pa.array(values), separator)
    return pd.Series(
        pd.array(text, dtype="string"), index=pd.Index(pd.array(found, dtype="string"))
    )


def _joined(keys: pa.Array, values: pa.Array, separator: str) -> tuple[pa.Array, pa.Array]:
    """The distinct keys, and each one's values joined in their order.

    ``groupby(...).agg(", ".join)`` builds a Series per group (a second at 10,000 groups) and a
    Python loop takes seconds at a million rows; Arrow groups and joins in C. Single-threaded,
    its groups keep the values' order.
    """
    table = pa.table({"key": keys.cast(pa.large_string()), "value": values.cast(pa.large_string())})
    grouped = table.group_by("key", use_threads=False).aggregate([("value", "list")])
    text = pc.binary_join(grouped["value_list"], pa.scalar(separator, type=pa.large_string()))
    return grouped["key"].combine_chunks(), text.combine_chunks()


def lookup(keys: pd.Series, ids: pd.Series, values: pd.Series, missing: object) -> np.ndarray:
    """``values`` (aligned with ``ids``) for each key, ``missing`` where a key is not among ids."""
    found = positions(keys, ids)
    out = np.full(len(keys), missing, dtype=object)
    out[found >= 0] = values.to_numpy(dtype=object)[found[found >= 0]]
    return out


def key_figures(frames: Frames) -> dict[str, int]:
    """The header's numbers: events, points, topics discussed, participants and days in view."""
    return {
        "events": len(frames.events),
        "points": len(frames.points),
        "topics": int(frames.point_topics["topic_id"].nunique()),
        "participants": int(frames.attendance["participant_id"].nunique()),
        "days": int(frames.events["date"].nunique()),
    }
