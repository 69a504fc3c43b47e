"""One function per figure, each drawing what a metrics function returns: ``result -> go.Figure``."""

from dashboard.charts.matrix import attendance_heatmap, co_attendance_heatmap, speaker_topic_heatmap
from dashboard.charts.timeline import timeline
from dashboard.charts.topics import topic_frequency_chart
from dashboard.metrics import MAX_LANES

__all__ = [
    "MAX_LANES",
    "attendance_heatmap",
    "co_attendance_heatmap",
    "speaker_topic_heatmap",
    "timeline",
    "topic_frequency_chart",
]
