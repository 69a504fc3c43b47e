"""The dashboard's charts for one view: metrics, then figures. Shared by the page and the export,
so a chart is written once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, metrics
from dashboard.load import Frames
from dashboard.metrics import CountBy, SplitBy


@dataclass(frozen=True)
class Panel:
    """One chart: its file-name stem, its figure and the aggregated data it draws."""

    name: str
    figure: go.Figure
    data: pd.DataFrame


def panels(
    shown: Frames,
    by: CountBy = "points",
    split: SplitBy = "day",
    days: tuple[date, date] | None = None,
) -> list[Panel]:
    """The four charts for filtered frames, in the frames' language and the page's order.

    Args:
        shown: Filtered frames.
        by: What the topic chart counts, ``"points"`` or ``"events"``.
        split: What the topic chart's bars are split by, ``"day"`` or ``"event"``.
        days: The day range the timeline's axis spans; the events' own days when None.
    """
    lang = shown.language
    rows = metrics.timeline_rows(shown)
    frequency = metrics.topic_frequency(shown, by=by, split=split)
    counts = metrics.speaker_topic_counts(shown)
    grid = metrics.attendance_matrix(shown)
    return [
        Panel("timeline", charts.timeline(rows, lang, days=days), rows),
        Panel(
            "topics", charts.topic_frequency_chart(frequency, lang, by=by, split=split), frequency
        ),
        Panel("speakers-topics", charts.speaker_topic_heatmap(counts, lang), counts),
        Panel("attendance", charts.attendance_heatmap(grid, lang), grid),
    ]
