"""The profiler's summary of pyinstrument's samples, on fixed stacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.cases import ROOT, SHIPPED_LOG, Case
from bench.profiler import STDLIB, Spent, StepProfile, area, frame, location, render, summarise

SITE = ROOT / ".venv" / "lib" / "python3.11" / "site-packages"


def entry(function: str, path: Path | str, line: int) -> str:
    """A pyinstrument stack entry, with an attribute after it as the sampler writes one."""
    return f"{function}\x00{path}\x00{line}\x01l{line + 3}"


RUNNER = entry("_run_script", SITE / "streamlit" / "runtime" / "scriptrunner" / "exec_code.py", 80)
MAIN = entry("main", ROOT / "dashboard" / "app.py", 500)
MODEL = entry("page_model", ROOT / "dashboard" / "model.py", 120)
MERGE = entry("merge", SITE / "pandas" / "core" / "reshape" / "merge.py", 130)
STAT = entry("stat", "<built-in>", 0)
REALPATH = entry("realpath", STDLIB / "posixpath.py", 410)
RECORDS = [
    ([RUNNER, MAIN, MODEL, MERGE], 0.5),
    ([RUNNER, MAIN, MODEL, MODEL], 0.25),  # page_model calls itself: counted once
    ([RUNNER, MAIN, REALPATH, STAT], 0.2),  # a built-in, charged to its caller
    ([RUNNER], 0.05),
    ([], 1.0),  # an empty stack holds nothing to charge
]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (ROOT / "dashboard" / "model.py", "dashboard/model.py"),
        (ROOT / "bench" / "profiled_app.py", "bench/profiled_app.py"),
        (SITE / "pandas" / "core" / "frame.py", "pandas"),
        (SITE / "six.py", "six"),
        (STDLIB / "re" / "_parser.py", "python (standard library)"),
        ("<frozen posixpath>", "python (standard library)"),
        ("/somewhere/else.py", "other"),
    ],
)
def test_each_file_belongs_to_a_project_module_a_library_or_python(
    path: Path | str, expected: str
) -> None:
    """A file's area is its project path, its library's top-level package, or Python itself."""
    assert area(str(path)) == expected


def test_a_stack_entry_gives_function_file_and_line_without_attributes() -> None:
    """The entry's function, file and first line are read; the attributes after them dropped."""
    assert frame(MODEL) == ("page_model", str(ROOT / "dashboard" / "model.py"), "120")
    assert location(str(SITE / "pandas" / "core" / "reshape" / "merge.py"), "130") == (
        "pandas/core/reshape/merge.py:130"
    )


def test_samples_are_summed_by_area_by_own_time_and_by_project_total() -> None:
    """Own time goes to the leaf (a built-in's area is its caller's); a project function's total
    counts every sample it is on, once however deep it recurses."""
    sampled, areas, own, project = summarise(RECORDS, top=3)
    assert sampled == 1.0
    assert areas == [
        Spent("pandas", "", 0.5),
        Spent("dashboard/model.py", "", 0.25),
        Spent("python (standard library)", "", 0.2),
    ]
    assert own == [
        Spent("merge", "pandas/core/reshape/merge.py:130", 0.5),
        Spent("page_model", "dashboard/model.py:120", 0.25),
        Spent("stat", "built-in, from posixpath.py:410", 0.2),
    ]
    assert project == [
        Spent("main", "dashboard/app.py:500", 0.95),
        Spent("page_model", "dashboard/model.py:120", 0.75),
    ]


def test_the_report_gives_an_overview_row_per_step_then_its_tables() -> None:
    """Each step has a row in the overview, with its largest areas, and a section of its own."""
    _, areas, own, project = summarise(RECORDS, top=2)
    profile = StepProfile("filter", 1.5, None, 1, 1.0, areas, own, project)
    failed = StepProfile(
        "lang", None, "failed: the page has no widget with key 'lang'", 0, 0.0, [], [], []
    )
    lines = render(
        Case("3 (shipped)", 3, SHIPPED_LOG),
        [profile, failed],
        {"id": "syria"},
        {
            "date": "today",
            "commit": "abc1234",
            "uncommitted_changes": False,
            "python": "3.11.7",
            "nproc": 2,
            "cpu": "AMD EPYC",
            "command": "python -m bench.profiler",
            "pyinstrument": "5.1.3",
            "log": "data/events.yaml",
        },
    ).splitlines()
    overview = lines[
        lines.index(
            "| Step | Wall (AppTest run) | Sampled | Script runs | Largest own-time areas |"
        ) :
    ]
    assert overview[2:4] == [
        "| Rerun after a topic filter (`topics`) | 1.50 s | 1.00 s | 1 | pandas 50%, dashboard/model.py 25% |",
        "| Rerun after the language switch (`lang`) | failed: the page has no widget with key 'lang' | 0 ms | 0 |  |",
    ]
    at = lines.index("## Rerun after a topic filter (`topics`)")
    assert lines[at + 2 : at + 8] == [
        "Own time by area:",
        "",
        "| Area | Own | Share |",
        "|---|---:|---:|",
        "| `pandas` | 500 ms | 50% |",
        "| `dashboard/model.py` | 250 ms | 25% |",
    ]
    assert "| `merge` | `pandas/core/reshape/merge.py:130` | 500 ms | 50% |" in lines
    assert "| `main` | `dashboard/app.py:500` | 950 ms | 95% |" in lines
    assert lines[-1] == "No samples: failed: the page has no widget with key 'lang'."
