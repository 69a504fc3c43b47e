"""The two pages every page measure compares: the dashboard and the minimal reference page."""

from __future__ import annotations

from dataclasses import dataclass

from bench.apptest import MINIMAL_STEPS, STEP_NAMES


@dataclass(frozen=True)
class Page:
    """A page script, the charts it draws and the AppTest steps it supports."""

    name: str
    script: str
    charts: int
    steps: tuple[str, ...]


def pages() -> tuple[Page, Page]:
    """The dashboard, drawing every chart of ``panels.CHARTS``, then the minimal page."""
    from dashboard.panels import CHARTS

    return (
        Page("dashboard", "streamlit_app.py", len(CHARTS), STEP_NAMES),
        Page("minimal", "bench/minimal_app.py", 1, MINIMAL_STEPS),
    )
