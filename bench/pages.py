"""The two pages every page measure compares: the dashboard and the minimal reference page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.apptest import MINIMAL_STEPS, STEP_NAMES


@dataclass(frozen=True)
class Page:
    """A page script, the charts it draws and the AppTest steps it supports."""

    name: str
    script: str
    charts: int
    steps: tuple[str, ...]


def pages(log: Path | None = None) -> tuple[Page, Page]:
    """The dashboard, drawing the charts of its first section that ``panels.drawn`` gives for
    ``log`` (the shipped log by default; the page draws the open section alone), then the
    minimal page."""
    from dashboard.load import DEFAULT_LOG
    from dashboard.panels import drawn, sections
    from dashboard.store import load_all_frames

    info, frames = load_all_frames(log or DEFAULT_LOG)
    first = frames[info.languages[0]]
    charts = sum(1 for c in drawn(first) if c.section == sections(first)[0])
    return (
        Page("dashboard", "streamlit_app.py", charts, STEP_NAMES),
        Page("minimal", "bench/minimal_app.py", 1, MINIMAL_STEPS),
    )
