"""Browser tests: Debian's Chromium, driven by Playwright, against a real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.settled import SETTLED_JS, want
from dashboard import panels
from dashboard.load import DEFAULT_LOG


def charts_for(log: Path, section: str | None = None) -> int:
    """How many charts the page draws for the log at ``log`` with ``section`` open (the first
    section the log offers by default): those of ``panels.drawn`` in that section."""
    from dashboard.load import build_frames, read_log

    found = read_log(log)
    frames = build_frames(found, found.languages[0])
    open_section = section or panels.sections(frames)[0]
    return sum(1 for chart in panels.drawn(frames) if chart.section == open_section)


SHIPPED_CHARTS = charts_for(DEFAULT_LOG)


def settle(page: Any, timeout: float, charts: int = SHIPPED_CHARTS) -> None:
    """Wait until the page's run has ended and exactly ``charts`` charts are drawn.

    The same test of "drawn" as the benchmark's (bench/settled.py); an exception on the page
    fails the wait at once, with its text.
    """
    outcome = page.wait_for_function(SETTLED_JS, arg=want(charts), timeout=timeout)
    assert outcome.json_value() is True, outcome.json_value()
