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


def tree_cpu_seconds(roots: Iterable[int]) -> float:
    """CPU seconds of the live processes ``roots`` and all their descendants, counted once.

    A descendant that already exited is counted in its parent only once waited for; the
    replicas' own children (kaleido's browser) live as long as they do.
    """
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            found = _stat(int(entry.name))
            if found is not None:
                parents[int(entry.name)], seconds[int(entry.name)] = found
    wanted = {pid for pid in roots if pid in seconds}
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in wanted} - wanted
        wanted |= children
        grew = bool(children)
    return sum(seconds[pid] for pid in wanted)
