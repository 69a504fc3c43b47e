"""The benchmark's reference page: the same log, one bar chart per day, one filter, one toggle.

It is what a bare Streamlit page costs for the same data: the fastest parse (``yaml_rs``), no
validation, no frames, one chart. The dashboard's times are reported as ratios to this page's.
Its widgets carry the dashboard's keys, so the same clicks drive both: ``topics`` (a
multiselect) and ``count_by`` (a segmented control counting statements or events).

Run: ``streamlit run bench/minimal_app.py -- --data PATH`` (or with ``VISIT_LOG=PATH``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st
import yaml_rs

DEFAULT_LOG = Path(__file__).resolve().parent.parent / "data" / "events.yaml"
COUNT_BY = {"points": "Statements", "events": "Events"}

# Each event's day, its topics and how many statements (points) it holds.
Event = tuple[str, frozenset[str], int]


def _log_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.data or Path(os.environ.get("VISIT_LOG") or DEFAULT_LOG)


# A resource, not data: cache_data would pickle the whole document on every rerun.
@st.cache_resource(show_spinner=False, max_entries=4)
def _events(path: str, stamp: tuple[int, int]) -> tuple[list[Event], dict[str, str]]:
    """Each event of the log at ``path``, and every topic's English label."""
    del stamp
    document: dict[str, Any] = yaml_rs.loads(Path(path).read_text(encoding="utf-8"))  # type: ignore[assignment]  # yaml_rs returns object
    events = [
        (
            str(event["date"]),
            frozenset(t for point in event["points"] for t in point["topics"]),
            len(event["points"]),
        )
        for event in document["events"]
    ]
    labels = {topic["id"]: topic["label"].get("en", topic["id"]) for topic in document["topics"]}
    return events, labels


def per_day(events: list[Event], topics: set[str], count_by: str = "events") -> go.Figure:
    """A bar chart of events (or their statements) per day, about any of ``topics`` (all if empty)."""
    days: Counter[str] = Counter()
    for day, about, points in events:
        if not topics or about & topics:
            days[day] += points if count_by == "points" else 1
    ordered = sorted(days)
    figure = go.Figure(go.Bar(x=ordered, y=[days[day] for day in ordered]))
    figure.update_layout(template="plotly_white", height=400, margin={"t": 30})
    return figure


def main() -> None:
    """Draw the page for one run of the script."""
    path = _log_path()
    stat = path.stat()
    events, labels = _events(str(path.resolve()), (stat.st_mtime_ns, stat.st_size))
    chosen = st.multiselect(
        "Topics", options=list(labels), key="topics", format_func=lambda x: labels.get(x, x)
    )
    count_by = st.segmented_control(
        "Count",
        options=list(COUNT_BY),
        key="count_by",
        default="points",
        required=True,
        format_func=COUNT_BY.__getitem__,
    )
    st.plotly_chart(per_day(events, set(chosen), count_by or "points"), key="per_day", theme=None)


if __name__ == "__main__":
    main()
