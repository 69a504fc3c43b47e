"""CPU seconds used by a process and everything it started, from Linux's /proc."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent PID, user + system CPU seconds) of a live process, or None if it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name sits in parentheses and may itself hold spaces or parentheses.
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _processes() -> dict[int, tuple[int, float]]:
    """Every live process: PID -> (parent PID, CPU seconds)."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                found[int(entry.name)] = stat
    return found


def _tree(roots: Iterable[int], processes: dict[int, tuple[int, float]]) -> set[int]:
    wanted = {pid for pid in roots if pid in processes}
    while True:
        children = {pid for pid, (parent, _) in processes.items() if parent in wanted} - wanted
        if not children:
            return wanted
        wanted |= children


def descendants(roots: Iterable[int]) -> set[int]:
    """The live processes among ``roots``, and every process below them, now."""
    return _tree(roots, _processes())


def tree_cpu_seconds(roots: Iterable[int]) -> float:
    """CPU seconds of the live processes ``roots`` and all their descendants, counted once.

    A descendant that already exited is counted in its parent only once waited for; the
    replicas' own children (kaleido's browser) live as long as they do.
    """
    processes = _processes()
    return sum(processes[pid][1] for pid in _tree(roots, processes))
