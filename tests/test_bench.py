"""The benchmark runs end to end at the smallest size; its numbers are never judged here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.apptest import MINIMAL_STEPS, STEP_NAMES, STEPS
from bench.cases import DEFAULT_SIZES
from bench.run import parse_args
from dashboard.panels import CHART_NAMES

ROOT = Path(__file__).resolve().parents[1]
# A number with a times sign, as every ratio in the report is written: "1.23×", "301×".
RATIO = re.compile(r"^\d+(\.\d+)?×$")


@pytest.fixture(scope="module")
def smallest_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder `python -m bench` wrote at 100 events, once, without a browser."""
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--sizes",
            "100",
            "--repeat",
            "1",
            "--skip-browser",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.mark.xdist_group("bench")
def test_bench_writes_a_report_for_the_smallest_size(smallest_run: Path) -> None:
    """`python -m bench` at 100 events without a browser exits 0 and reports ratios as numbers."""
    report = (smallest_run / "results.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in report.splitlines() if line.startswith("| 100 |")]
    assert rows, report
    measured = [[cell.strip() for cell in row] for row in rows if "skipped" not in "".join(row)]
    assert not [row for row in measured if any(cell.startswith("failed") for cell in row)], rows
    assert all(any(RATIO.match(cell) for cell in row) for row in measured), rows
    assert (smallest_run / "results.json").exists()


@pytest.mark.xdist_group("bench")
def test_bench_times_every_apptest_step_and_every_registered_chart(smallest_run: Path) -> None:
    """Every AppTest step is timed on both pages (the minimal page has no language switch),
    each with a ratio, and every chart of panels.CHARTS is timed, though the page draws its
    first section's alone."""
    results = json.loads((smallest_run / "results.json").read_text(encoding="utf-8"))
    case = next(case for case in results["cases"] if case["events"] == 100)
    apptest = case["apptest"]
    assert tuple(apptest["dashboard"]["steps"]) == STEP_NAMES, apptest
    assert tuple(apptest["minimal"]["steps"]) == MINIMAL_STEPS, apptest
    assert tuple(apptest["ratios"]) == STEP_NAMES
    assert apptest["dashboard"]["charts"]["first"] == 1  # the open section's: the topic chart
    assert list(case["load"]["charts"]) == ["reference", *CHART_NAMES]
    report = (smallest_run / "results.md").read_text(encoding="utf-8")
    for step in STEPS:
        assert f"| 100 | 1 | {step.label} |" in report, step.name


@pytest.mark.xdist_group("bench")
def test_bench_judges_the_goals_it_measured(smallest_run: Path) -> None:
    """The goals table judges the AppTest goals at 100 events, and says the browser's were skipped."""
    report = (smallest_run / "results.md").read_text(encoding="utf-8")
    goals = report.split("## Goals", 1)[1].split("\n## ", 1)[0]
    verdicts = {
        (cells[0], cells[1]): cells[3]
        for cells in ([c.strip() for c in line.split("|")[1:-1]] for line in goals.splitlines())
        if len(cells) == 4
    }
    judged = {"met", "missed"}
    assert verdicts[("AppTest first run ÷ minimal page ≤ 2×", "100")] in judged, verdicts
    cached = "AppTest second session's rerun to a view already cached ÷ minimal page ≤ 1.5×"
    assert verdicts[(cached, "100")] in judged, verdicts
    browser = ("Browser warm first chart ÷ minimal page ≤ 1.5×", "100")
    assert verdicts[browser] == "not measured: skipped (--skip-browser)", verdicts


def test_sizes_alone_measures_the_shipped_log_only() -> None:
    """`--sizes` with no number leaves only the shipped log; without it every default size runs."""
    assert parse_args(["--sizes"]).sizes == []
    assert parse_args([]).sizes == list(DEFAULT_SIZES)


def test_a_repeat_below_one_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """`--repeat 0` stops with a message naming the option, before anything is measured."""
    with pytest.raises(SystemExit) as stopped:
        parse_args(["--repeat", "0"])
    assert stopped.value.code == 2
    assert "--repeat must be 1 or more" in capsys.readouterr().err


def test_load_steps_and_comparison_run_on_the_shipped_log() -> None:
    """``python -m bench.loadsteps`` times each step of a load and compares loads with the bare
    parse, each in fresh processes; its numbers are not judged here."""
    from bench.loadsteps import compare, steps

    log = str(ROOT / "data" / "events.yaml")
    timed = steps(log, 1)
    for step in ("load_yaml_rs", "flatten", "semantic_findings", "build_frames", "load"):
        assert re.search(rf"^{step} +\d+ +\d+\.\d\d$", timed, re.MULTILINE), step
    compared = compare(log, 1, [ROOT])
    assert compared.splitlines()[1].startswith("parse ")
    assert len(compared.splitlines()) == 3
