"""Aggregations the charts draw: pure functions from (filtered) frames to tidy frames.

All are vectorised pandas: no Python loop runs per event or per point.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.i18n import format_day
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


def _keep_top(
    frame: pd.DataFrame, column: str, order: list[str], limit: int | None
) -> pd.DataFrame:
    """Rows whose ``column`` is among the first ``limit`` of ``order``; records (shown, total) in attrs."""
    total = len(order)
    if limit is not None and total > limit:
        frame = frame[frame[column].isin(order[:limit])].reset_index(drop=True)
    frame.attrs[f"{column}_shown_of"] = (min(total, limit or total), total)
    return frame


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
    splits = frames.events["date"].nunique() if split == "day" else len(frames.events)
    if split != "none" and splits > MAX_SPLITS:
        split = "none"
    pairs = frames.point_topics.merge(
        frames.events[["event_id", "date", "sequence", "title"]], on="event_id", how="inner"
    )
    if by == "events":
        pairs = pairs.drop_duplicates(["event_id", "topic_id"])
    if split == "day":
        pairs["split_id"] = pairs["date"].dt.strftime("%Y-%m-%d")
        pairs["split_order"] = pairs["date"].astype("int64")
    elif split == "event":
        pairs["split_id"] = pairs["event_id"]
        pairs["split_order"] = pairs["date"].astype("int64") + pairs["sequence"]
    else:
        pairs["split_id"] = "all"
        pairs["split_order"] = 0
    counts = pairs.groupby(["topic_id", "split_id"], as_index=False, observed=True).agg(
        count=("event_id", "size"), split_order=("split_order", "first")
    )
    labels = _split_labels(frames, split)
    counts = counts.merge(
        frames.topics[["topic_id", "label", "group_id", "group_label", "position"]],
        on="topic_id",
        how="left",
    )
    counts["split_label"] = (
        counts["split_id"].map(labels).fillna(counts["split_id"]).astype("string")
    )
    counts["topic_total"] = counts.groupby("topic_id")["count"].transform("sum")
    counts = counts.sort_values(
        ["topic_total", "position", "split_order"], ascending=[False, True, True]
    )
    result = counts[TOPIC_FREQUENCY_COLUMNS].reset_index(drop=True)
    result = _keep_top(result, "topic_id", list(result["topic_id"].drop_duplicates()), limit)
    result.attrs["split"] = split
    return result


def _split_labels(frames: Frames, split: SplitBy) -> dict[str, str]:
    if split == "day":
        days = frames.events["date"].drop_duplicates()
        return {d.strftime("%Y-%m-%d"): format_day(d.date(), frames.language) for d in days}
    if split == "event":
        return dict(zip(frames.events["event_id"], frames.events["title"], strict=True))
    return {"all": ""}


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
    pairs = frames.point_speakers.merge(frames.point_topics, on=["point_id", "event_id"])
    counts = pairs.groupby(["participant_id", "topic_id"]).size().rename("count").reset_index()
    people = _top(counts, "participant_id", max_people)
    topics = _top(counts, "topic_id", max_topics)
    speakers = frames.participants[frames.participants["participant_id"].isin(people)]
    kept_topics = frames.topics[frames.topics["topic_id"].isin(topics)]
    grid = speakers[["participant_id", "name", "position"]].merge(
        kept_topics[["topic_id", "label", "position"]], how="cross", suffixes=("_p", "_t")
    )
    grid = grid.merge(counts, on=["participant_id", "topic_id"], how="left")
    grid["count"] = grid["count"].fillna(0).astype("int64")
    grid = grid.sort_values(["position_p", "position_t"])
    result = grid[["participant_id", "name", "topic_id", "label", "count"]].reset_index(drop=True)
    result.attrs["participant_id_shown_of"] = (len(people), counts["participant_id"].nunique())
    result.attrs["topic_id_shown_of"] = (len(topics), counts["topic_id"].nunique())
    return result


def _top(counts: pd.DataFrame, column: str, limit: int | None) -> list[str]:
    """The ``limit`` values of ``column`` with the highest summed count (all where None)."""
    totals = counts.groupby(column)["count"].sum().sort_values(ascending=False, kind="stable")
    return [str(value) for value in totals.index[:limit]]


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
    ordered = in_time_order(frames.events)[["event_id", "title", "date"]]
    events = ordered.iloc[:max_events] if max_events is not None else ordered
    present = frames.attendance[frames.attendance["event_id"].isin(events["event_id"])]
    people_ids = _top(present.assign(count=1), "participant_id", max_people)
    people = frames.participants[frames.participants["participant_id"].isin(people_ids)]
    grid = people[["participant_id", "name", "position"]].merge(events, how="cross")
    grid = grid.merge(present.assign(attended=True), on=["event_id", "participant_id"], how="left")
    grid["attended"] = grid["attended"].fillna(False).astype("bool")
    order = {event_id: i for i, event_id in enumerate(events["event_id"])}
    grid = grid.assign(_order=grid["event_id"].map(order)).sort_values(["position", "_order"])
    result = grid[["participant_id", "name", "event_id", "title", "date", "attended"]].reset_index(
        drop=True
    )
    result.attrs["participant_id_shown_of"] = (
        len(people_ids),
        frames.attendance["participant_id"].nunique(),
    )
    result.attrs["event_id_shown_of"] = (len(events), len(ordered))
    return result


def in_time_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by day, then the log's sequence, which orders a day whether or not times are known."""
    return events.sort_values(["date", "sequence", "start"], na_position="last", kind="stable")


def timeline_rows(frames: Frames) -> pd.DataFrame:
    """One row per event in view, in time order, with what a timeline's hover shows.

    Returns:
        The events columns plus ``participants`` and ``topics`` (labels joined by ", "),
        ``n_points``, and ``start_at``/``end_at`` timestamps where clock times are reported.
    """
    events = in_time_order(frames.events).copy()
    names = frames.attendance.merge(
        frames.participants[["participant_id", "name", "position"]], on="participant_id"
    ).sort_values("position")
    events["participants"] = events["event_id"].map(joined(names["event_id"], names["name"], ", "))
    labels = frames.point_topics.merge(
        frames.topics[["topic_id", "label", "position"]], on="topic_id"
    )
    labels = labels.drop_duplicates(["event_id", "topic_id"]).sort_values("position")
    events["topics"] = events["event_id"].map(joined(labels["event_id"], labels["label"], ", "))
    events["n_points"] = (
        events["event_id"].map(frames.points["event_id"].value_counts()).fillna(0).astype("int64")
    )
    events[["participants", "topics"]] = (
        events[["participants", "topics"]].fillna("").astype("string")
    )
    events["start_at"] = events["date"] + pd.to_timedelta(events["start"].astype("object") + ":00")
    events["end_at"] = events["date"] + pd.to_timedelta(events["end"].astype("object") + ":00")
    return events.reset_index(drop=True)


def joined(keys: pd.Series, values: pd.Series, separator: str) -> pd.Series:
    """Each key's values joined in their order, e.g. an event's participants' names, by key.

    ``groupby(...).agg(", ".join)`` builds a Series per group (a second at 10,000 groups) and a
    Python loop takes seconds at a million rows; Arrow groups and joins in C. Single-threaded,
    its groups keep the values' order.
    """
    table = pa.table(
        {
            "key": pa.array(keys, type=pa.large_string()),
            "value": pa.array(values, type=pa.large_string()),
        }
    )
    grouped = table.group_by("key", use_threads=False).aggregate([("value", "list")])
    text = pc.binary_join(grouped["value_list"], pa.scalar(separator, type=pa.large_string()))
    return pd.Series(
        pd.array(text, dtype="string"), index=pd.Index(pd.array(grouped["key"], dtype="string"))
    )


def key_figures(frames: Frames) -> dict[str, int]:
    """The header's numbers: events, points, topics discussed, participants and days in view."""
    return {
        "events": len(frames.events),
        "points": len(frames.points),
        "topics": int(frames.point_topics["topic_id"].nunique()),
        "participants": int(frames.attendance["participant_id"].nunique()),
        "days": int(frames.events["date"].nunique()),
    }
