"""Aggregations the charts draw: pure functions from (filtered) frames to tidy frames.

All are vectorised pandas: no Python loop runs per event or per point.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

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


def topic_frequency(frames: Frames, by: CountBy = "points", split: SplitBy = "day") -> pd.DataFrame:
    """How often each topic comes up, split by day or event.

    Args:
        frames: Filtered frames.
        by: ``"points"`` counts statements; ``"events"`` counts events that had any point on it.
        split: ``"day"``, ``"event"`` or ``"none"``: what each topic's count is broken down by.

    Returns:
        One row per (topic, split) with a non-zero count; ``topic_total`` is the topic's count over
        all splits. Sorted by total (descending), then the log's topic order, then split order.
    """
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
    return counts[TOPIC_FREQUENCY_COLUMNS].reset_index(drop=True)


def _split_labels(frames: Frames, split: SplitBy) -> dict[str, str]:
    if split == "day":
        days = frames.events["date"].drop_duplicates()
        return {d.strftime("%Y-%m-%d"): format_day(d.date(), frames.language) for d in days}
    if split == "event":
        return dict(zip(frames.events["event_id"], frames.events["title"], strict=True))
    return {"all": ""}


def speaker_topic_counts(frames: Frames) -> pd.DataFrame:
    """Points by speaker and topic, zeros included, for a participant × topic heatmap.

    Returns:
        Columns participant_id, name, topic_id, label, count; every speaker in view × every topic
        in view, in the log's order of participants and topics.
    """
    pairs = frames.point_speakers.merge(frames.point_topics, on=["point_id", "event_id"])
    counts = pairs.groupby(["participant_id", "topic_id"]).size().rename("count")
    speakers = frames.participants[
        frames.participants["participant_id"].isin(frames.point_speakers["participant_id"])
    ]
    topics = frames.topics[frames.topics["topic_id"].isin(frames.point_topics["topic_id"])]
    grid = speakers[["participant_id", "name", "position"]].merge(
        topics[["topic_id", "label", "position"]], how="cross", suffixes=("_p", "_t")
    )
    grid = grid.merge(counts.reset_index(), on=["participant_id", "topic_id"], how="left")
    grid["count"] = grid["count"].fillna(0).astype("int64")
    grid = grid.sort_values(["position_p", "position_t"])
    return grid[["participant_id", "name", "topic_id", "label", "count"]].reset_index(drop=True)


def attendance_matrix(frames: Frames) -> pd.DataFrame:
    """Who attended which event in view, for a participant × event grid.

    Returns:
        Columns participant_id, name, event_id, title, date, attended (bool); every participant
        who attended any event in view × every event in view, events in time order.
    """
    events = _in_time_order(frames.events)[["event_id", "title", "date"]]
    people = frames.participants[
        frames.participants["participant_id"].isin(frames.attendance["participant_id"])
    ]
    grid = people[["participant_id", "name", "position"]].merge(events, how="cross")
    present = frames.attendance.assign(attended=True)
    grid = grid.merge(present, on=["event_id", "participant_id"], how="left")
    grid["attended"] = grid["attended"].fillna(False).astype("bool")
    order = {event_id: i for i, event_id in enumerate(events["event_id"])}
    grid = grid.assign(_order=grid["event_id"].map(order)).sort_values(["position", "_order"])
    return grid[["participant_id", "name", "event_id", "title", "date", "attended"]].reset_index(
        drop=True
    )


def _in_time_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by day, then the log's sequence, which orders a day whether or not times are known."""
    return events.sort_values(["date", "sequence", "start"], na_position="last", kind="stable")


def timeline_rows(frames: Frames) -> pd.DataFrame:
    """One row per event in view, in time order, with what a timeline's hover shows.

    Returns:
        The events columns plus ``participants`` and ``topics`` (labels joined by ", "),
        ``n_points``, and ``start_at``/``end_at`` timestamps where clock times are reported.
    """
    events = _in_time_order(frames.events).copy()
    names = frames.attendance.merge(
        frames.participants[["participant_id", "name", "position"]], on="participant_id"
    ).sort_values("position")
    events["participants"] = events["event_id"].map(
        names.groupby("event_id")["name"].agg(", ".join)
    )
    labels = frames.point_topics.merge(
        frames.topics[["topic_id", "label", "position"]], on="topic_id"
    )
    labels = labels.drop_duplicates(["event_id", "topic_id"]).sort_values("position")
    events["topics"] = events["event_id"].map(labels.groupby("event_id")["label"].agg(", ".join))
    events["n_points"] = (
        events["event_id"].map(frames.points["event_id"].value_counts()).fillna(0).astype("int64")
    )
    events[["participants", "topics"]] = (
        events[["participants", "topics"]].fillna("").astype("string")
    )
    events["start_at"] = events["date"] + pd.to_timedelta(events["start"].astype("object") + ":00")
    events["end_at"] = events["date"] + pd.to_timedelta(events["end"].astype("object") + ":00")
    return events.reset_index(drop=True)


def key_figures(frames: Frames) -> dict[str, int]:
    """The header's numbers: events, points, topics discussed, participants and days in view."""
    return {
        "events": len(frames.events),
        "points": len(frames.points),
        "topics": int(frames.point_topics["topic_id"].nunique()),
        "participants": int(frames.attendance["participant_id"].nunique()),
        "days": int(frames.events["date"].nunique()),
    }
