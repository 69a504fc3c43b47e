"""Aggregations the charts draw: pure functions from (filtered) frames to tidy frames.

All are vectorised pandas: no Python loop runs per event or per point.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.flat import NOT_STATED
from dashboard.i18n import format_day, format_label, t
from dashboard.joins import pairs, positions, ranks
from dashboard.load import Frames

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
]


# Above these, a chart stops being readable (and its JSON stops being small): the charts show the
# most frequent items and say how many there are in all; the data tables keep everything.
MAX_TOPICS = 40
MAX_SPLITS = 12
MAX_PEOPLE = 30
MAX_EVENTS = 40


def topic_frequency(
    frames: Frames, by: CountBy = "points", split: SplitBy = "day", limit: int | None = MAX_TOPICS
) -> pd.DataFrame:
    """How often each topic comes up, split by day or event.

    Args:
        frames: Filtered frames.
        by: ``"points"`` counts statements; ``"events"`` counts events that had any point on it.
        split: ``"day"``, ``"event"`` or ``"none"``: what each topic's count is broken down by.
            With more than ``MAX_SPLITS`` days or events, counts are not split (``attrs["split"]``
            says which split was used).
        limit: Keep the most frequent topics only (None keeps all).

    Returns:
        One row per (topic, split) with a non-zero count; ``topic_total`` is the topic's count over
        all splits. Sorted by total (descending), then the log's topic order, then split order.
        ``attrs["topic_id_shown_of"]`` is (topics kept, topics in view).
    """
    events, topics = frames.events, frames.topics
    splits = events["date"].nunique() if split == "day" else len(events)
    if split != "none" and splits > MAX_SPLITS:
        split = "none"
    event = positions(frames.point_topics["event_id"], events["event_id"])
    topic = positions(frames.point_topics["topic_id"], topics["topic_id"])
    known = (event >= 0) & (topic >= 0)
    event, topic = event[known], topic[known]
    if by == "events":
        once = np.unique(event * len(topics) + topic)
        event, topic = once // len(topics), once % len(topics)
    split_ids, split_labels, split_order, split_of = _splits(frames, split, event)
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
    result.attrs["topic_id_shown_of"] = (kept, len(ranked))
    result.attrs["split"] = split
    return result[TOPIC_FREQUENCY_COLUMNS]


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
    frames: Frames, max_people: int | None = MAX_PEOPLE, max_topics: int | None = MAX_TOPICS
) -> pd.DataFrame:
    """Points by speaker and topic, zeros included, for a participant × topic heatmap.

    Args:
        frames: Filtered frames.
        max_people: Keep the speakers with the most points only (None keeps all).
        max_topics: Keep the topics with the most points only (None keeps all).

    Returns:
        Columns participant_id, name, topic_id, label, count; every kept speaker × every kept
        topic, in the log's order of participants and topics. ``attrs`` records
        ``participant_id_shown_of`` and ``topic_id_shown_of``.
    """
    people, topics = frames.participants, frames.topics
    speakers, mentions = frames.point_speakers, frames.point_topics
    # Points numbered across both tables, then every (speaker, topic) pair of one point.
    point = (
        pc.dictionary_encode(
            pa.chunked_array(
                [
                    pa.array(speakers["point_id"]).cast(pa.large_string()),
                    pa.array(mentions["point_id"]).cast(pa.large_string()),
                ]
            )
        )
        .combine_chunks()
        .indices.to_numpy()
    )
    spoke, said = pairs(point[: len(speakers)], point[len(speakers) :])
    person = positions(speakers["participant_id"], people["participant_id"])[spoke]
    topic = positions(mentions["topic_id"], topics["topic_id"])[said]
    known = (person >= 0) & (topic >= 0)
    cells = np.bincount(
        person[known] * len(topics) + topic[known], minlength=len(people) * len(topics)
    ).reshape(len(people), len(topics))
    kept_people = _top(cells.sum(axis=1), people["participant_id"], max_people)
    kept_topics = _top(cells.sum(axis=0), topics["topic_id"], max_topics)
    kept_people = kept_people[np.argsort(people["position"].to_numpy()[kept_people], kind="stable")]
    kept_topics = kept_topics[np.argsort(topics["position"].to_numpy()[kept_topics], kind="stable")]
    rows = np.repeat(kept_people, len(kept_topics))
    columns = np.tile(kept_topics, len(kept_people))
    result = pd.concat(
        [
            people[["participant_id", "name"]].iloc[rows].reset_index(drop=True),
            topics[["topic_id", "label"]].iloc[columns].reset_index(drop=True),
        ],
        axis=1,
    )
    result["count"] = cells[rows, columns].astype("int64")
    result.attrs["participant_id_shown_of"] = (
        len(kept_people),
        int((cells.sum(axis=1) > 0).sum()),
    )
    result.attrs["topic_id_shown_of"] = (len(kept_topics), int((cells.sum(axis=0) > 0).sum()))
    return result


def _top(totals: np.ndarray, ids: pd.Series, limit: int | None) -> np.ndarray:
    """Rows with a non-zero total, most first, ties by id; at most ``limit`` of them."""
    active = np.flatnonzero(totals > 0)
    order = np.lexsort((ranks(ids)[active], -totals[active]))
    return active[order][:limit]


def attendance_matrix(
    frames: Frames, max_people: int | None = MAX_PEOPLE, max_events: int | None = MAX_EVENTS
) -> pd.DataFrame:
    """Who attended which event in view, for a participant × event grid.

    Args:
        frames: Filtered frames.
        max_people: Keep the participants at the most of the kept events only (None keeps all).
        max_events: Keep the first events in time order only (None keeps all).

    Returns:
        Columns participant_id, name, event_id, title, date, attended (bool); every kept
        participant × every kept event, events in time order. ``attrs`` records
        ``participant_id_shown_of`` and ``event_id_shown_of``.
    """
    people, attendance = frames.participants, frames.attendance
    ordered = in_time_order(frames.events)[["event_id", "title", "date"]]
    events = ordered.iloc[:max_events] if max_events is not None else ordered
    event = positions(attendance["event_id"], events["event_id"])
    person = positions(attendance["participant_id"], people["participant_id"])
    present = (event >= 0) & (person >= 0)
    cells = np.zeros((len(people), len(events)), dtype=bool)
    cells[person[present], event[present]] = True
    kept = _top(cells.sum(axis=1), people["participant_id"], max_people)
    kept = kept[np.argsort(people["position"].to_numpy()[kept], kind="stable")]
    rows = np.repeat(kept, len(events))
    columns = np.tile(np.arange(len(events)), len(kept))
    result = pd.concat(
        [
            people[["participant_id", "name"]].iloc[rows].reset_index(drop=True),
            events.iloc[columns].reset_index(drop=True),
        ],
        axis=1,
    )
    result["attended"] = cells[rows, columns]
    result.attrs["participant_id_shown_of"] = (len(kept), attendance["participant_id"].nunique())
    result.attrs["event_id_shown_of"] = (len(events), len(ordered))
    return result


# A pair's hover lists this many of their events; the rest are counted.
MAX_SHARED_TITLES = 6


def co_attendance(frames: Frames, max_people: int | None = MAX_PEOPLE) -> pd.DataFrame:
    """Who met whom: for each pair of participants, the events in view they attended together.

    A virtual meeting counts as a meeting, and each pair's formats are counted too. The diagonal
    is each participant's own events.

    Args:
        frames: Filtered frames.
        max_people: Keep the most-connected participants only (most others met, then most
            events, then id); None keeps all.

    Returns:
        Columns participant_id, name, other_id, other_name, events, formats (each format with
        its count, e.g. "in person 1 · virtual 1") and titles (the first ``MAX_SHARED_TITLES``
        events' titles with their format, in time order, and how many more); every kept
        participant × every kept participant, in the log's order. ``attrs`` records
        ``participant_id_shown_of``.
    """
    people, lang = frames.participants, frames.language
    events = in_time_order(frames.events).reset_index(drop=True)
    event = positions(frames.attendance["event_id"], events["event_id"])
    person = positions(frames.attendance["participant_id"], people["participant_id"])
    known = (event >= 0) & (person >= 0)
    # Each (event, person) once, however often the log lists them.
    once = np.unique(event[known] * len(people) + person[known])
    event, person = once // len(people), once % len(people)
    left, right = pairs(event, event)
    first, second, shared = person[left], person[right], event[left]
    cells = np.bincount(first * len(people) + second, minlength=len(people) ** 2).reshape(
        len(people), len(people)
    )
    own = np.diag(cells)
    met = (cells > 0).sum(axis=1) - (own > 0)
    ranked = np.lexsort((ranks(people["participant_id"]), -own, -met))
    ranked = ranked[own[ranked] > 0]
    kept = ranked[:max_people]
    kept = kept[np.argsort(people["position"].to_numpy()[kept], kind="stable")]
    rows, columns = np.repeat(kept, len(kept)), np.tile(kept, len(kept))
    result = people[["participant_id", "name"]].iloc[rows].reset_index(drop=True)
    others = people[["participant_id", "name"]].iloc[columns].reset_index(drop=True)
    result["other_id"], result["other_name"] = others["participant_id"], others["name"]
    result["events"] = cells[rows, columns].astype("int64")
    cell_of = np.full(len(people) ** 2, -1)
    cell_of[rows * len(people) + columns] = np.arange(len(rows))
    at = cell_of[first * len(people) + second]
    chosen = at >= 0
    result["formats"] = _format_counts(events, shared[chosen], at[chosen], len(rows), lang)
    result["titles"] = _shared_titles(events, shared[chosen], at[chosen], len(rows), lang)
    result.attrs["participant_id_shown_of"] = (len(kept), len(ranked))
    return result


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
