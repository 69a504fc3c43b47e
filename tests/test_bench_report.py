"""The benchmark's report, rendered from a small results fixture, compared line by line."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bench import report

META = {
    "date": "Wed Dec  2 12:00:00 UTC 2026",
    "commit": "abc1234",
    "uncommitted_changes": True,
    "nproc": 2,
    "cpu": "AMD EPYC",
    "memory_gb": 23.5,
    "python": "3.11.7",
    "argv": ["python", "-m", "bench", "--sizes", "100", "50000"],
    "seed": 1,
}
# Every group measured; the warm first chart exactly at its limit, the redraw past it.
SHIPPED: dict[str, Any] = {
    "label": "3 (shipped)",
    "events": 3,
    "path": "data/events.yaml",
    "shipped": True,
    "file_bytes": 35_800,
    "repeats": 3,
    "load": {
        "parse": 0.01,
        "pyyaml": 0.02,
        "pyyaml_ratio": 2.0,
        "read_log": 0.015,
        "build_frames": 0.025,
        "load": 0.04,
        "ratio": 4.0,
        "warm_prime": 0.05,
        "warm": 0.03,
        "warm_ratio": 3.0,
        "topic": {"id": "syria", "label": "Syria", "events": 2},
        "charts": {
            "reference": {
                "metrics": 0.001,
                "figure": 0.009,
                "seconds": 0.01,
                "to_json": 0.002,
                "json_bytes": 5_000,
            },
            "timeline": {
                "metrics": 0.02,
                "figure": 0.01,
                "seconds": 0.03,
                "to_json": 0.004,
                "json_bytes": 10_000,
            },
            "topics": {
                "metrics": 0.005,
                "figure": 0.005,
                "seconds": 0.01,
                "to_json": 0.001,
                "json_bytes": 2_500,
            },
        },
    },
    "apptest": {
        "dashboard": {
            "steps": {
                "first": 2.0,
                "filter": 0.25,
                "count": 0.1,
                "lang": 0.3,
                "search": 0.2,
                "second_first": 0.5,
                "second_cached": 0.06,
            },
            "errors": {},
            "charts": {"first": 4},
            "peak_rss_mb": 200.0,
        },
        "minimal": {
            "steps": {
                "first": 1.0,
                "filter": 0.1,
                "count": 0.05,
                "second_first": 0.4,
                "second_cached": 0.05,
            },
            "errors": {},
            "charts": {"first": 1},
            "peak_rss_mb": 80.0,
        },
        "ratios": {
            "first": 2.0,
            "filter": 2.5,
            "count": 2.0,
            "lang": 6.0,
            "search": 2.0,
            "second_first": 1.25,
            "second_cached": 1.2,
        },
    },
    "browser": {
        "runs": 3,
        "dashboard": {"cold": 6.0, "warm": 4.5, "redraw": 1.0, "page_errors": []},
        "minimal": {
            "cold": 3.0,
            "warm": 3.0,
            "redraw": 0.4,
            "page_errors": ["TypeError: x is undefined"],
        },
        "cold_ratio": 2.0,
        "warm_ratio": 1.5,
        "redraw_ratio": 2.5,
        "server_peak_rss_mb": {"dashboard": 300.0, "minimal": 100.0},
    },
    "server_cpu": {
        "reruns": 8,
        "dashboard": {"per_rerun": 0.12, "first": 0.3, "each": [0.3, *[0.094] * 7]},
        "minimal": {"per_rerun": 0.02, "first": 0.02, "each": [0.02] * 8},
        "ratio": 6.0,
    },
}
# Every group failed, or was left out of the run.
FAILED: dict[str, Any] = {
    "label": "100",
    "events": 100,
    "path": ".cache/bench/seed-1/events-100.yaml",
    "shipped": False,
    "file_bytes": 500_000,
    "repeats": 3,
    "load": {"error": "failed: RuntimeError: load exited 1: ValueError: bad"},
    "apptest": {"error": "failed: RuntimeError: apptest timed out after 302 s"},
    "browser": {"skipped": True},
    "server_cpu": {"skipped": True},
}
# Measured in part: one chart and two AppTest steps failed, the browser timed out.
LARGE: dict[str, Any] = {
    "label": "50,000",
    "events": 50_000,
    "path": ".cache/bench/seed-1/events-50000.yaml",
    "shipped": False,
    "file_bytes": 2_000_000,
    "repeats": 1,
    "load": {
        "parse": 10.0,
        "pyyaml": None,
        "read_log": 8.0,
        "build_frames": 6.0,
        "load": 14.0,
        "ratio": 1.4,
        "warm_prime": 1.0,
        "warm": 0.5,
        "warm_ratio": 0.05,
        "topic": {"id": "t1", "label": "Trade 1", "events": 900},
        "charts": {
            "reference": {
                "metrics": 0.001,
                "figure": 0.1,
                "seconds": 0.101,
                "to_json": 0.01,
                "json_bytes": 8_000,
            },
            "timeline": {"error": "failed: MemoryError: "},
            "topics": {
                "metrics": 0.5,
                "figure": 0.5,
                "seconds": 1.0,
                "to_json": 0.05,
                "json_bytes": 200_000,
            },
        },
    },
    "apptest": {
        "dashboard": {
            "steps": {"first": 25.0, "count": 0.5, "lang": 1.2, "second_first": 1.0},
            "errors": {
                "search": "failed: the page has no widget with key 'q'",
                "filter": "failed: the page has no widget with key 'topics'",
                "second_cached": "failed: the page has no widget with key 'topics'",
            },
            "charts": {"first": 4},
            "peak_rss_mb": 4096.0,
        },
        "minimal": {
            "steps": {
                "first": 10.0,
                "filter": 0.15,
                "count": 0.1,
                "second_first": 0.5,
                "second_cached": 0.12,
            },
            "errors": {},
            "charts": {"first": 1},
            "peak_rss_mb": 1024.0,
        },
        "ratios": {"first": 2.5, "count": 5.0, "lang": 12.0, "second_first": 2.0},
    },
    "browser": {
        "error": "failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout",
        "server_peak_rss_mb": {"dashboard": 2048.0, "minimal": None},
    },
    "server_cpu": {"error": "failed: RuntimeError: no process listens on http://127.0.0.1:1"},
}
RESULTS = {"meta": META, "cases": [SHIPPED, FAILED, LARGE]}

GOALS = [
    "## Goals",
    "",
    "| Goal | Events | Measured | Verdict |",
    "|---|---|---|---|",
    "| Load ÷ bare parse ≤ 1.5×, from 10,000 events | 50,000 | 1.40× | met |",
    "| Warm start ÷ bare parse ≤ 0.1×, from 10,000 events | 50,000 | 0.05× | met |",
    "| AppTest first run ÷ minimal page ≤ 2× | 3 (shipped) | 2.00× | met |",
    "| AppTest first run ÷ minimal page ≤ 2× | 100 | n/a | not measured: failed: RuntimeError: apptest timed out after 302 s |",
    "| AppTest first run ÷ minimal page ≤ 2× | 50,000 | 2.50× | missed |",
    "| AppTest rerun after a topic filter ÷ minimal page ≤ 3×, on the shipped log | 3 (shipped) | 2.50× | met |",
    "| AppTest rerun after a topic filter ≤ 300 ms, at 50,000 events | 50,000 | n/a | not measured: dashboard: failed: the page has no widget with key 'topics' |",
    "| AppTest second session's rerun to a view already cached ÷ minimal page ≤ 1.5× | 3 (shipped) | 1.20× | met |",
    "| AppTest second session's rerun to a view already cached ÷ minimal page ≤ 1.5× | 100 | n/a | not measured: failed: RuntimeError: apptest timed out after 302 s |",
    "| AppTest second session's rerun to a view already cached ÷ minimal page ≤ 1.5× | 50,000 | n/a | not measured: dashboard: failed: the page has no widget with key 'topics' |",
    "| Browser warm first chart ÷ minimal page ≤ 1.5× | 3 (shipped) | 1.50× | met |",
    "| Browser warm first chart ÷ minimal page ≤ 1.5× | 100 | n/a | not measured: skipped (--skip-browser) |",
    "| Browser warm first chart ÷ minimal page ≤ 1.5× | 50,000 | n/a | not measured: failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout |",
    "| Browser redraw after a filter ÷ minimal page ≤ 2× | 3 (shipped) | 2.50× | missed |",
    "| Browser redraw after a filter ÷ minimal page ≤ 2× | 100 | n/a | not measured: skipped (--skip-browser) |",
    "| Browser redraw after a filter ÷ minimal page ≤ 2× | 50,000 | n/a | not measured: failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout |",
    "| Browser warm first chart ≤ 3 s, at 50,000 events | 50,000 | n/a | not measured: failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout |",
    "| Browser redraw after a filter ≤ 1.5 s, at 50,000 events | 50,000 | n/a | not measured: failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout |",
    "",
]
LOAD_ROWS = [
    "| Events | File | Runs | Bare parse (yaml_rs) | PyYAML CSafeLoader | read_log | build_frames | Load (read_log + build_frames) | Load ÷ parse | Goal | Warm start | Warm ÷ parse | Goal |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    "| 3 (shipped) | 35.8 kB | 3 | 10 ms | 20 ms (2.00×) | 15 ms | 25 ms | 40 ms | 4.00× | — | 30 ms | 3.00× | — |",
    "| 100 | failed: RuntimeError: load exited 1: ValueError: bad |  |  |  |  |  |  |  |  |  |  |  |",
    "| 50,000 | 2.00 MB | 1 | 10.00 s | not run | 8.00 s | 6.00 s | 14.00 s | 1.40× | ≤ 1.5× ✓ | 500 ms | 0.05× | ≤ 0.1× ✓ |",
    "",
]
CHART_ROWS = [
    "| Events | Chart | Metrics | Figure | Metrics + figure | ÷ reference | JSON | ÷ reference JSON | to_json |",
    "|---|---|---|---|---|---|---|---|---|",
    "| 3 (shipped) | reference: the minimal page's | 1.0 ms | 9.0 ms | 10 ms | 1.00× | 5.0 kB | 1.00× | 2.0 ms |",
    "| 3 (shipped) | timeline | 20 ms | 10 ms | 30 ms | 3.00× | 10.0 kB | 2.00× | 4.0 ms |",
    "| 3 (shipped) | topics | 5.0 ms | 5.0 ms | 10 ms | 1.00× | 2.5 kB | 0.50× | 1.0 ms |",
    "| 3 (shipped) | all 2 (`panels.CHARTS`) |  |  | 40 ms | 4.00× | 12.5 kB | 2.50× |  |",
    "| 100 | failed: RuntimeError: load exited 1: ValueError: bad |  |  |  |  |  |  |  |",
    "| 50,000 | reference: the minimal page's | 1.0 ms | 100 ms | 101 ms | 1.00× | 8.0 kB | 1.00× | 10 ms |",
    "| 50,000 | timeline | failed: MemoryError:  |  |  |  |  |  |  |",
    "| 50,000 | topics | 500 ms | 500 ms | 1.00 s | 9.90× | 0.20 MB | 25.00× | 50 ms |",
    "",
]
APPTEST_ROWS = [
    "| Events | Runs | Step | Dashboard | Minimal page's step | Minimal | Ratio | Goal |",
    "|---|---|---|---|---|---|---|---|",
    "| 3 (shipped) | 3 | First run | 2.00 s | same | 1.00 s | 2.00× | ≤ 2× ✓ |",
    "| 3 (shipped) | 3 | Rerun after a topic filter (`topics`) | 250 ms | same | 100 ms | 2.50× | ≤ 3× ✓ |",
    "| 3 (shipped) | 3 | Rerun after the count toggle (`count_by`) | 100 ms | same | 50 ms | 2.00× | — |",
    "| 3 (shipped) | 3 | Rerun after the language switch (`lang`) | 300 ms | Rerun after the count toggle (`count_by`) | 50 ms | 6.00× | — |",
    "| 3 (shipped) | 3 | Rerun after a search (`q`), the topic filter cleared | 200 ms | Rerun after a topic filter (`topics`) | 100 ms | 2.00× | — |",
    "| 3 (shipped) | 3 | Second session: first run | 500 ms | same | 400 ms | 1.25× | — |",
    "| 3 (shipped) | 3 | Second session: the same topic, a view already cached | 60 ms | same | 50 ms | 1.20× | ≤ 1.5× ✓ |",
    "| 100 | failed: RuntimeError: apptest timed out after 302 s |  |  |  |  |  |  |",
    "| 50,000 | 1 | First run | 25.00 s | same | 10.00 s | 2.50× | ≤ 2× ✗ |",
    "| 50,000 | 1 | Rerun after a topic filter (`topics`) | failed: the page has no widget with key 'topics' | same | 150 ms | n/a | ≤ 300 ms n/a |",
    "| 50,000 | 1 | Rerun after the count toggle (`count_by`) | 500 ms | same | 100 ms | 5.00× | — |",
    "| 50,000 | 1 | Rerun after the language switch (`lang`) | 1.20 s | Rerun after the count toggle (`count_by`) | 100 ms | 12.00× | — |",
    "| 50,000 | 1 | Rerun after a search (`q`), the topic filter cleared | failed: the page has no widget with key 'q' | Rerun after a topic filter (`topics`) | 150 ms | n/a | — |",
    "| 50,000 | 1 | Second session: first run | 1.00 s | same | 500 ms | 2.00× | — |",
    "| 50,000 | 1 | Second session: the same topic, a view already cached | failed: the page has no widget with key 'topics' | same | 120 ms | n/a | ≤ 1.5× n/a |",
    "",
]
BROWSER_ROWS = [
    "| Events | Runs | Cold first chart: dashboard | minimal | Warm first chart: dashboard | minimal | ratio | Goal | Redraw after filter: dashboard | minimal | ratio | Goal |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    "| 3 (shipped) | 3 | 6.00 s | 3.00 s | 4.50 s | 3.00 s | 1.50× | ≤ 1.5× ✓ | 1.00 s | 400 ms | 2.50× | ≤ 2× ✗ |",
    "| 100 | skipped (--skip-browser) |  |  |  |  |  |  |  |  |  |  |",
    "| 50,000 | failed: StepFailed: dashboard, warm first chart: TimeoutError: Timeout |  |  |  |  |  |  |  |  |  |  |",
    "",
    "Page errors reported by the browser:",
    "",
    "- 3 (shipped), minimal: TypeError: x is undefined",
    "",
]
CPU_ROWS = [
    "| Events | Reruns | CPU per rerun: dashboard | minimal | ratio | First rerun: dashboard | minimal |",
    "|---|---|---|---|---|---|---|",
    "| 3 (shipped) | 8 | 120 ms | 20 ms | 6.00× | 300 ms | 20 ms |",
    "| 100 | skipped (--skip-browser) |  |  |  |  |  |",
    "| 50,000 | failed: RuntimeError: no process listens on http://127.0.0.1:1 |  |  |  |  |  |",
    "",
]
MEMORY_ROWS = [
    "| Events | Server peak RSS: dashboard | minimal | ratio | AppTest process peak RSS: dashboard | minimal | ratio |",
    "|---|---|---|---|---|---|---|",
    "| 3 (shipped) | 300 MiB | 100 MiB | 3.00× | 200 MiB | 80 MiB | 2.50× |",
    "| 100 | skipped (--skip-browser) |  |  | failed: RuntimeError: apptest timed out after 302 s |  |  |",
    "| 50,000 | 2048 MiB | n/a | n/a | 4096 MiB | 1024 MiB | 4.00× |",
    "",
]


def _tail(lines: list[str], first: str) -> list[str]:
    """``lines`` from the one that starts with ``first``: a section without its prose."""
    return lines[next(i for i, line in enumerate(lines) if line.startswith(first)) :]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (report.goal_table, GOALS),
        (report.load_table, LOAD_ROWS),
        (report.chart_table, CHART_ROWS),
        (report.apptest_table, APPTEST_ROWS),
        (report.browser_table, BROWSER_ROWS),
        (report.cpu_table, CPU_ROWS),
        (report.memory_table, MEMORY_ROWS),
    ],
    ids=["goals", "load", "charts", "apptest", "browser", "cpu", "memory"],
)
def test_each_section_renders_exactly(
    section: Callable[[list[dict[str, Any]]], list[str]], expected: list[str]
) -> None:
    """Each section's table is exactly as expected for measured, failed and skipped groups."""
    assert _tail(section(RESULTS["cases"]), expected[0][:4]) == expected


def test_the_report_opens_with_the_runs_context_then_every_section_in_order() -> None:
    """The report starts with the date, machine, commit and command, then the sections in order."""
    text = report.markdown(RESULTS)
    assert text.splitlines()[:6] == [
        "# Benchmark results",
        "",
        "- Date: Wed Dec  2 12:00:00 UTC 2026",
        "- Machine: 2 CPUs, AMD EPYC, 23.5 GB memory; Python 3.11.7",
        "- Commit: abc1234 (with uncommitted changes)",
        "- Command: `python -m bench --sizes 100 50000` (synthetic logs: `bench/generate.py`, seed 1)",
    ]
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Goals",
        "## Load",
        "## Charts",
        "## AppTest",
        "## Browser (headless Chromium)",
        "## Server CPU per rerun",
        "## Memory",
    ]
    assert text.endswith("\n") and not text.endswith("\n\n\n")


def test_the_machines_load_is_stated_when_it_was_recorded() -> None:
    """A run stamped with the load average says it beside the machine."""
    lines = report.context({**META, "load": 3.456})
    assert lines[3] == (
        "- Machine: 2 CPUs, AMD EPYC, 23.5 GB memory; Python 3.11.7; load average 3.46 at the start"
    )


def test_rendering_leaves_the_results_unchanged() -> None:
    """The renderer only reads: the results are the same after it ran."""
    before = copy.deepcopy(RESULTS)
    report.markdown(RESULTS)
    assert before == RESULTS


def test_charts_have_no_ratio_when_the_reference_failed() -> None:
    """A failed reference chart leaves the other charts' times without ratios, and no total."""
    case = copy.deepcopy(SHIPPED)
    case["load"]["charts"]["reference"] = {"error": "failed: MemoryError: "}
    assert report.chart_table([case])[-5:-1] == [
        "|---|---|---|---|---|---|---|---|---|",
        "| 3 (shipped) | reference: the minimal page's | failed: MemoryError:  |  |  |  |  |  |  |",
        "| 3 (shipped) | timeline | 20 ms | 10 ms | 30 ms | — | 10.0 kB | — | 4.0 ms |",
        "| 3 (shipped) | topics | 5.0 ms | 5.0 ms | 10 ms | — | 2.5 kB | — | 1.0 ms |",
    ]


def test_a_case_without_a_cpu_group_says_it_was_not_measured() -> None:
    """Results from before the CPU measure existed still render, the CPU row saying so."""
    older = {key: value for key, value in SHIPPED.items() if key != "server_cpu"}
    assert report.cpu_table([older])[-2] == "| 3 (shipped) | not measured |  |  |  |  |  |"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "n/a"),
        (float("nan"), "n/a"),
        (0.0042, "4.2 ms"),
        (0.01, "10 ms"),
        (0.9994, "999 ms"),
        (1.0, "1.00 s"),
        (99.5, "99.50 s"),
        (100.0, "100 s"),
        (1234.4, "1234 s"),
    ],
)
def test_seconds_are_written_in_readable_units(seconds: float | None, shown: str) -> None:
    """Times under 10 ms keep a decimal, under 1 s are in ms, from 100 s have no decimals."""
    assert report.s(seconds) == shown


@pytest.mark.parametrize(
    ("ratio", "shown"), [(0.031, "0.03×"), (1.5, "1.50×"), (99.994, "99.99×"), (301.2, "301×")]
)
def test_ratios_carry_a_times_sign(ratio: float, shown: str) -> None:
    """Ratios have two decimals below 100 and none from there."""
    assert report.x(ratio) == shown


@pytest.mark.parametrize(
    ("size", "shown"), [(35_800, "35.8 kB"), (99_999, "100.0 kB"), (100_000, "0.10 MB")]
)
def test_file_sizes_switch_to_megabytes_at_a_tenth(size: int, shown: str) -> None:
    """Sizes below 100 kB are in kB, from there in MB."""
    assert report.mb(size) == shown
