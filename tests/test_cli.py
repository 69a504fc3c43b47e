"""``python -m dashboard validate``: exit codes and messages, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_accepts_the_shipped_log() -> None:
    """With no path, the shipped log is checked and found valid (exit 0)."""
    result = _run("validate")
    assert result.returncode == 0, result.stderr
    assert "valid (3 events, 22 statements, languages: en, hi)" in result.stdout


def test_validate_rejects_a_bad_log_with_every_problem(variant: Callable[..., Path]) -> None:
    """An invalid log exits 1 and prints each problem with file, line and field, and no traceback."""
    path = variant(("date: 2021-05-13", "date: 2021-05-15"), ("format: virtual", "format: hybrid"))
    result = _run("validate", str(path))
    assert result.returncode == 1
    assert (
        "events[2].date: 2021-05-15 is outside the visit" not in result.stderr
    )  # schema stage first
    assert (
        "events[2].format: 'hybrid' is not allowed. Use one of: in-person, virtual" in result.stderr
    )
    assert f"{path}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_a_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is a clear message and exit 1."""
    result = _run("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert "no file at" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_come_from_argparse() -> None:
    """An unknown command is refused by argparse with its usage line (exit 2)."""
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "usage: python -m dashboard" in result.stderr
