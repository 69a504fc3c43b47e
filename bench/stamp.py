"""Where and when a measurement was made: date, commit, machine and Python."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import Any

from bench import procfs
from bench.cases import ROOT


def stamp() -> dict[str, Any]:
    """The date, the commit (and whether tracked files differ from it), the machine, Python."""
    dirty = command_output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "date": command_output(["date", "-u"]),
        "commit": command_output(["git", "rev-parse", "--short", "HEAD"]),
        "uncommitted_changes": bool(dirty),
        "nproc": os.cpu_count(),
        "cpu": procfs.cpu_model(),
        "memory_gb": procfs.memory_gb(),
        "python": platform.python_version(),
        # Others share the machine: a busy one stretches every absolute time.
        "load": round(os.getloadavg()[0], 2),
    }


def commit_text(meta: dict[str, Any]) -> str:
    """The commit as a report names it: "abc1234", with a note if the tree differed."""
    note = " (with uncommitted changes)" if meta["uncommitted_changes"] else ""
    return f"{meta['commit']}{note}"


def load_text(meta: dict[str, Any]) -> str:
    """ "; load average 1.23 at the start", or nothing for results stamped without it."""
    return f"; load average {meta['load']:.2f} at the start" if "load" in meta else ""


def command_output(argv: list[str]) -> str:
    """What ``argv`` prints, run in the project's root; "unknown" if it cannot run."""
    try:
        return subprocess.run(
            argv, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
