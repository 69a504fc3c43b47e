"""Progress lines on stderr, so that stdout stays free for a probe's JSON."""

from __future__ import annotations

import sys
import time


def say(message: str) -> None:
    """Print ``message`` to stderr with the time of day."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
