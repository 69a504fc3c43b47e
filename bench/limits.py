"""The address-space cap for every measured process (probe or server).

The machine is shared, and a chart that grows with participants x events would otherwise take
all of its memory and wake the OOM killer. Past the cap the page fails with MemoryError, which
is recorded as a result.
"""

from __future__ import annotations

import contextlib
import resource
from collections.abc import Iterator

MEMORY_CAP_GB = 8


def cap_memory() -> None:
    """Lower this process's address-space limit to the cap (never raise it)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MEMORY_CAP_GB * 1024**3
    resource.setrlimit(
        resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
    )


@contextlib.contextmanager
def memory_capped() -> Iterator[None]:
    """This process, and what it starts meanwhile, under the cap; the old limit restored after."""
    limits = resource.getrlimit(resource.RLIMIT_AS)
    cap_memory()
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)
