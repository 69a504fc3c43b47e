"""One function per figure, each drawing what a metrics function returns: ``frame -> go.Figure``."""

from dashboard.charts.matrix import attendance_heatmap, co_attendance_heatmap, speaker_topic_heatmap
from dashboard.charts.timeline import MAX_LANES, timeline
from dashboard.charts.topics import topic_frequency_chart

__all__ = [
    "MAX_LANES",
    "attendance_heatmap",
    "co_attendance_heatmap",
    "speaker_topic_heatmap",
    "timeline",
    "topic_frequency_chart",
]
