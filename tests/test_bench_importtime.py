"""The import-time probe's reading and summary of `python -X importtime`, on fixed output."""

from __future__ import annotations

import statistics

import pytest

from bench.importtime import Import, Summary, direct_imports, parse, render, summarise

# Start-up imports, then `import dashboard.app`: post-order, children indented under parents.
OUTPUT = """\
import time: self [us] | cumulative | imported package
import time:        50 |         50 |     encodings.aliases
import time:       300 |        350 |   encodings
import time:       900 |       1250 | site
import time:      2000 |       2000 |   dashboard
import time:      1000 |       1000 |         numpy.core
import time:      4000 |       5000 |       numpy
import time:      6000 |      11000 |     pandas
import time:      3000 |       3000 |     dashboard.i18n
import time:       500 |      14500 |   dashboard.model
import time:      7000 |       7000 |   streamlit
import time:      1500 |      25000 | dashboard.app
"""
STARTUP = {"encodings.aliases", "encodings", "site"}


def _run(scale: float) -> list[Import]:
    """The output above with every time multiplied by ``scale``, as a slower run would print."""
    return [
        Import(
            line.module, round(line.self_us * scale), round(line.cumulative_us * scale), line.depth
        )
        for line in parse(OUTPUT)
    ]


def test_lines_are_read_with_their_times_and_depth() -> None:
    """Each import line gives its module, self and cumulative microseconds, and its nesting."""
    assert parse(OUTPUT)[:7] == [
        Import("encodings.aliases", 50, 50, 2),
        Import("encodings", 300, 350, 1),
        Import("site", 900, 1250, 0),
        Import("dashboard", 2000, 2000, 1),
        Import("numpy.core", 1000, 1000, 4),
        Import("numpy", 4000, 5000, 3),
        Import("pandas", 6000, 11000, 2),
    ]
    assert len(parse(OUTPUT)) == 11  # the header and anything else are skipped


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("dashboard.app", ["dashboard", "dashboard.model", "streamlit"]),
        ("dashboard.model", ["pandas", "dashboard.i18n"]),
        ("numpy", ["numpy.core"]),
        ("streamlit", []),
    ],
)
def test_direct_imports_are_the_next_level_of_the_modules_subtree(
    module: str, expected: list[str]
) -> None:
    """A module's direct imports are its subtree's lines one level deeper, in import order."""
    assert [line.module for line in direct_imports(parse(OUTPUT), module)] == expected


def test_summary_takes_medians_without_the_start_up_imports() -> None:
    """Totals leave the interpreter's start-up out; every figure is the median over the runs."""
    summary = summarise([_run(1), _run(3), _run(2)], STARTUP, "dashboard.app")
    assert summary.totals_ms == [25.0, 75.0, 50.0]
    assert summary.direct == [
        ("dashboard.model", 29.0),
        ("streamlit", 14.0),
        ("dashboard", 4.0),
        ("(self)", 3.0),
    ]
    # Self time per package adds up to the total: each microsecond is counted once.
    assert summary.packages == [
        ("dashboard", 14.0),
        ("streamlit", 14.0),
        ("pandas", 12.0),
        ("numpy", 10.0),
    ]
    assert sum(ms for _, ms in summary.packages) == statistics.median(summary.totals_ms)
    assert summary.project == [
        ("dashboard", 4.0, 4.0),
        ("dashboard.i18n", 6.0, 6.0),
        ("dashboard.model", 1.0, 29.0),
        ("dashboard.app", 3.0, 50.0),
    ]


def test_the_report_states_the_total_and_each_table() -> None:
    """The report names the module, its median total and each run, then three tables."""
    summary = Summary(
        module="dashboard.app",
        totals_ms=[30.0, 20.0, 25.0],
        direct=[("streamlit", 15.0), ("(self)", 2.5)],
        packages=[("streamlit", 15.0)],
        project=[("dashboard.app", 2.5, 25.0)],
    )
    meta = {
        "date": "today",
        "commit": "abc1234",
        "uncommitted_changes": False,
        "python": "3.11.7",
        "nproc": 2,
        "cpu": "AMD EPYC",
        "command": "python -m bench.importtime",
    }
    assert render(summary, meta).splitlines() == [
        "# Import time of `dashboard.app`",
        "",
        "- Date: today; commit abc1234; Python 3.11.7; 2 CPUs, AMD EPYC",
        "- Command: `python -m bench.importtime`: 3 fresh processes, each running",
        "  `python -X importtime -c 'import dashboard.app'`; medians, without the interpreter's",
        "  own start-up imports (those of `python -X importtime -c pass`).",
        "",
        "Total: **25 ms** (runs: 20 ms, 25 ms, 30 ms).",
        "",
        "## What `dashboard.app` imports directly, each with all it imported first",
        "",
        "| Module | Cumulative | Share |",
        "|---|---:|---:|",
        "| `streamlit` | 15 ms | 60% |",
        "| `(self)` | 2.5 ms | 10% |",
        "",
        "## Self time per top-level package (where the time is spent)",
        "",
        "| Package | Self time | Share |",
        "|---|---:|---:|",
        "| `streamlit` | 15 ms | 60% |",
        "",
        "## The project's modules (`dashboard`), in import order",
        "",
        "| Module | Self | Cumulative |",
        "|---|---:|---:|",
        "| `dashboard.app` | 2.5 ms | 25 ms |",
    ]
