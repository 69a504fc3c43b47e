"""The benchmark suite runs end to end at the smallest size; its numbers are never judged here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A number with a times sign, as every ratio in the report is written: "1.23×", "301×".
RATIO = re.compile(r"^\d+(\.\d+)?×$")


@pytest.mark.xdist_group("bench")
def test_bench_writes_a_report_for_the_smallest_size(tmp_path: Path) -> None:
    """`python -m bench` at 100 events without a browser exits 0 and reports ratios as numbers."""
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
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = (tmp_path / "results.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in report.splitlines() if line.startswith("| 100 |")]
    assert rows, report
    measured = [[cell.strip() for cell in row] for row in rows if "skipped" not in "".join(row)]
    assert not [row for row in measured if any(cell.startswith("failed") for cell in row)], rows
    assert all(any(RATIO.match(cell) for cell in row) for row in measured), rows
    assert (tmp_path / "results.json").exists()
