"""One failed measurement group never stops a run: it is recorded as failed, with the reason."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench.progress import say


def guarded(what: str, measure: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``measure(*args)``, or ``{"error": "failed: ..."}`` saying why it raised.

    Set ``BENCH_DEBUG`` to see the traceback too.
    """
    start = time.monotonic()
    try:
        result = measure(*args)
    except Exception as error:
        reason = (str(error).strip().splitlines() or [""])[0]
        say(f"  {what} failed: {type(error).__name__}: {reason}")
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
        return {"error": f"failed: {type(error).__name__}: {reason[:200]}"}
    say(f"  {what} done in {time.monotonic() - start:.0f} s")
    return result
