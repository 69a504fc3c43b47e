"""The clicks an AppTest session makes, step by step: the AppTest measure and the profiler share them.

Session 1 makes the first run, chooses one topic in the ``topics`` filter, toggles the count
(``count_by``) and switches the language (``lang``). Session 2 is a new AppTest in the same
process, so that process-wide caches are shared: its first run, then the same topic that
session 1 chose, in session 1's first language and count: a view already cached. Widgets are
found by key, which stays put when the layout changes; a fragment's rerun is still ``run()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

# The values of the two segmented controls the steps toggle, on both pages.
COUNT_BY = ("points", "events")
LANGUAGES = ("en", "hi")


@dataclass(frozen=True)
class Step:
    """One timed ``run()`` of a session.

    Attributes:
        name: Its key in the results.
        label: What it does, for the report.
        reference: The minimal page's step its ratio divides by.
    """

    name: str
    label: str
    reference: str


STEPS = (
    Step("first", "First run", "first"),
    Step("filter", "Rerun after a topic filter (`topics`)", "filter"),
    Step("count", "Rerun after the count toggle (`count_by`)", "count"),
    # The minimal page has one language; its count toggle is the same kind of full rerun.
    Step("lang", "Rerun after the language switch (`lang`)", "count"),
    # The minimal page has no search; its topic filter narrows the data the same way.
    Step("search", "Rerun after a search (`q`), the topic filter cleared", "filter"),
    Step("second_first", "Second session: first run", "second_first"),
    Step("second_cached", "Second session: the same topic, a view already cached", "second_cached"),
)
STEP_NAMES = tuple(step.name for step in STEPS)
MINIMAL_STEPS = tuple(name for name in STEP_NAMES if name not in {"lang", "search"})


@dataclass(frozen=True)
class Outcome:
    """A step's seconds (None if it failed), why it failed, and the charts the page then held."""

    step: str
    seconds: float | None
    error: str | None
    charts: int


def drive(
    script: Path,
    topic: str,
    steps: Sequence[str],
    timeout: float,
    before: Callable[[str], None] | None = None,
    search: str = "",
) -> Iterator[Outcome]:
    """Run ``steps`` (names from ``STEPS``, in order) of ``script``, timing each ``run()``.

    Args:
        script: The page.
        topic: The topic id the filter steps choose.
        steps: Which steps to take; the minimal page has no language to switch.
        timeout: Seconds one run may take.
        before: Called with the step's name just before its run (the profiler labels runs so).
        search: What the search step types (a word of a quote on the topic).
    """
    from streamlit.testing.v1 import AppTest

    first = AppTest.from_file(script, default_timeout=timeout)
    second = AppTest.from_file(script, default_timeout=timeout)
    actions: dict[str, tuple[AppTest, Callable[[], object]]] = {
        "first": (first, lambda: None),
        "filter": (first, lambda: first.multiselect(key="topics").set_value([topic])),
        "count": (first, lambda: _toggle(first, "count_by", COUNT_BY)),
        "lang": (first, lambda: _toggle(first, "lang", LANGUAGES)),
        "search": (first, lambda: _search(first, search)),
        "second_first": (second, lambda: None),
        "second_cached": (second, lambda: second.multiselect(key="topics").set_value([topic])),
    }
    for name in steps:
        app, act = actions[name]
        try:
            act()
        except KeyError as missing:
            yield Outcome(name, None, f"failed: the page has no widget with key {missing}", 0)
            continue
        if before is not None:
            before(name)
        try:
            start = time.perf_counter()
            app.run()
            seconds = time.perf_counter() - start
        except Exception as error:  # the run timed out, mostly
            yield Outcome(name, None, f"failed: {type(error).__name__}: {_first_line(error)}", 0)
            continue
        charts = len(app.get("plotly_chart"))
        if len(app.exception):
            message = _first_line(app.exception[0].message)
            yield Outcome(name, None, f"failed: the page raised: {message}", charts)
        else:
            yield Outcome(name, seconds, None, charts)


def _toggle(app: AppTest, key: str, values: tuple[str, str]) -> None:
    """Choose the value of the segmented control ``key`` that is not chosen now."""
    control = app.segmented_control(key=key)
    control.set_value(values[1] if control.value == values[0] else values[0])


def _search(app: AppTest, text: str) -> None:
    """Clear the topic filter and type ``text`` in the search box, as a reader would."""
    app.multiselect(key="topics").set_value([])
    app.text_input(key="q").input(text)


def _first_line(error: object) -> str:
    return (str(error).strip().splitlines() or [""])[0][:200]
