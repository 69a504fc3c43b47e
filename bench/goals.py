"""The dashboard's speed goals, and whether a run's results met each: pure, over the results dict.

A goal reads one number from one measurement group of a case and compares it with a limit.
Ratios are to a reference measured in the same run (the bare parse, or the minimal page);
a few goals are in seconds at the largest size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

LARGE = 10_000
GOAL_SIZE = 50_000

Case = dict[str, Any]  # one entry of results["cases"]


@dataclass(frozen=True)
class Goal:
    """At most ``limit`` (a ratio, or seconds) for the number ``value`` reads from ``group``.

    Attributes:
        what: The measure, in words.
        group: The case's measurement group the number comes from.
        value: That group -> the number, None when it was not measured.
        limit: The most the number may be.
        unit: "×" for a ratio, "s" for seconds.
        where: Which cases the goal is set for, in words ("" for every case).
        applies: Whether the goal is set for a case.
        missing: That group -> why the number is missing, when it is.
    """

    what: str
    group: str
    value: Callable[[dict[str, Any]], float | None]
    limit: float
    unit: Literal["×", "s"]
    where: str = ""
    applies: Callable[[Case], bool] = lambda case: True
    missing: Callable[[dict[str, Any]], str] = lambda group: "not measured"

    @property
    def text(self) -> str:
        """The goal in words: the measure, its limit and where it is set."""
        limit = f"{self.limit:g}×" if self.unit == "×" else _seconds(self.limit)
        return f"{self.what} ≤ {limit}" + (f", {self.where}" if self.where else "")

    @property
    def limit_text(self) -> str:
        """The limit alone, as a table's goal column shows it: "≤ 3×", "≤ 300 ms"."""
        return f"≤ {self.limit:g}×" if self.unit == "×" else f"≤ {_seconds(self.limit)}"


@dataclass(frozen=True)
class Verdict:
    """A goal judged on one case: the number (None if not measured) and whether it met the limit.

    Attributes:
        goal: The goal.
        label: The case's label.
        value: The measured number, or None.
        reason: Why it was not measured, when it was not.
    """

    goal: Goal
    label: str
    value: float | None
    reason: str = ""

    @property
    def met(self) -> bool | None:
        """True or False once measured; None when not."""
        return None if self.value is None else self.value <= self.goal.limit


def _shipped(case: Case) -> bool:
    return bool(case.get("shipped"))


def _at_least(events: int) -> Callable[[Case], bool]:
    return lambda case: case["events"] >= events


def _path(*keys: str) -> Callable[[dict[str, Any]], float | None]:
    """A reader of the number at ``keys`` in a group; None where any key is missing."""

    def read(group: dict[str, Any]) -> float | None:
        value: Any = group
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return float(value) if isinstance(value, int | float) else None

    return read


def _step_failure(step: str, reference: str | None = None) -> Callable[[dict[str, Any]], str]:
    """Why an AppTest step's number is missing: the dashboard's step, or the minimal page's."""

    def why(group: dict[str, Any]) -> str:
        for page, name in (("dashboard", step), ("minimal", reference or step)):
            error = group.get(page, {}).get("errors", {}).get(name)
            if error:
                return f"{page}: {error}"
        return "not measured"

    return why


LOAD = Goal(
    "Load ÷ bare parse",
    "load",
    _path("ratio"),
    1.5,
    "×",
    f"from {LARGE:,} events",
    _at_least(LARGE),
)
# Below that, the store's fixed cost outweighs a parse of a few milliseconds.
WARM_START = Goal(
    "Warm start ÷ bare parse",
    "load",
    _path("warm_ratio"),
    0.1,
    "×",
    f"from {LARGE:,} events",
    _at_least(LARGE),
)
FIRST_RUN = Goal(
    "AppTest first run ÷ minimal page",
    "apptest",
    _path("ratios", "first"),
    2,
    "×",
    missing=_step_failure("first"),
)
FILTER = Goal(
    "AppTest rerun after a topic filter ÷ minimal page",
    "apptest",
    _path("ratios", "filter"),
    3,
    "×",
    "on the shipped log",
    _shipped,
    _step_failure("filter"),
)
FILTER_SECONDS = Goal(
    "AppTest rerun after a topic filter",
    "apptest",
    _path("dashboard", "steps", "filter"),
    0.3,
    "s",
    f"at {GOAL_SIZE:,} events",
    _at_least(GOAL_SIZE),
    _step_failure("filter"),
)
CACHED_VIEW = Goal(
    "AppTest second session's rerun to a view already cached ÷ minimal page",
    "apptest",
    _path("ratios", "second_cached"),
    1.5,
    "×",
    missing=_step_failure("second_cached"),
)
WARM_CHART = Goal(
    "Browser warm first chart ÷ minimal page", "browser", _path("warm_ratio"), 1.5, "×"
)
REDRAW = Goal(
    "Browser redraw after a filter ÷ minimal page", "browser", _path("redraw_ratio"), 2, "×"
)
WARM_CHART_SECONDS = Goal(
    "Browser warm first chart",
    "browser",
    _path("dashboard", "warm"),
    3,
    "s",
    f"at {GOAL_SIZE:,} events",
    _at_least(GOAL_SIZE),
)
REDRAW_SECONDS = Goal(
    "Browser redraw after a filter",
    "browser",
    _path("dashboard", "redraw"),
    1.5,
    "s",
    f"at {GOAL_SIZE:,} events",
    _at_least(GOAL_SIZE),
)
GOALS = (
    LOAD,
    WARM_START,
    FIRST_RUN,
    FILTER,
    FILTER_SECONDS,
    CACHED_VIEW,
    WARM_CHART,
    REDRAW,
    WARM_CHART_SECONDS,
    REDRAW_SECONDS,
)


def verdict(goal: Goal, case: Case) -> Verdict | None:
    """``goal`` judged on ``case``; None where the goal is not set for it."""
    if not goal.applies(case):
        return None
    group: dict[str, Any] = case.get(goal.group, {})
    if "error" in group:
        return Verdict(goal, case["label"], None, group["error"])
    if group.get("skipped"):
        return Verdict(goal, case["label"], None, "skipped (--skip-browser)")
    value = goal.value(group)
    return Verdict(goal, case["label"], value, "" if value is not None else goal.missing(group))


def verdicts(cases: list[Case]) -> list[Verdict]:
    """Every goal on every case it is set for, goal by goal."""
    judged = (verdict(goal, case) for goal in GOALS for case in cases)
    return [v for v in judged if v is not None]


def mark(goals: tuple[Goal, ...], case: Case) -> str:
    """A table cell for ``goals`` on ``case``: "≤ 3× ✓", joined by "; "; "—" if none is set."""
    marks = []
    for goal in goals:
        judged = verdict(goal, case)
        if judged is not None:
            sign = {True: "✓", False: "✗", None: "n/a"}[judged.met]
            marks.append(f"{goal.limit_text} {sign}")
    return "; ".join(marks) or "—"


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:g} s"
