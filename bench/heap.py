"""``python -m bench.heap``: what one full garbage collection costs over a served page's heap.

    python -m bench.heap [--runs 5] [--collections 9]

Streamlit's ``runner.postScriptGC`` (on by default) runs ``gc.collect(2)`` after every script
run. Its cost grows with every object the process holds: Streamlit, pandas and plotly themselves,
the cached frames and views, and each session's state. This runs the page in this process
(``AppTest``, the shipped log) ``--runs`` times, then times full collections over that heap, before
and after ``gc.freeze()`` (which moves every object alive now out of the collector's sight), and
prints the figures the readers benchmark's rounds are read against. One process, no server, a
few seconds: the figures are a collection's own cost, not a rerun's.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Sequence

from deploy.serve import ROOT


def collection_ms(collections: int) -> float:
    """The median wall time of ``collections`` full collections, in milliseconds."""
    times = []
    for _ in range(collections):
        started = time.perf_counter()
        gc.collect(2)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def tracked_objects() -> int:
    """How many objects the collector looks at in a full collection (frozen ones excluded)."""
    return len(gc.get_objects())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the page, then print the cost of a full collection before and after a freeze."""
    parser = argparse.ArgumentParser(prog="python -m bench.heap", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="page runs before measuring")
    parser.add_argument("--collections", type=int, default=9, help="collections timed")
    args = parser.parse_args(argv)
    # Imported here, as bench/apptest.py does: only running the page needs streamlit.
    from streamlit.testing.v1 import AppTest

    os.chdir(ROOT)  # the page reads the shipped config and log from the project root
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    for _ in range(args.runs):
        app.run()
    if app.exception:
        print(f"heap: the page failed: {app.exception[0].message}")
        return 1
    before = (tracked_objects(), collection_ms(args.collections))
    gc.freeze()
    after = (tracked_objects(), collection_ms(args.collections))
    frozen = gc.get_freeze_count()
    print(
        f"after {args.runs} page runs: {before[0]:,} tracked objects, a full collection "
        f"{before[1]:.1f} ms (median of {args.collections}); after gc.freeze() ({frozen:,} "
        f"frozen): {after[0]:,} tracked, {after[1]:.1f} ms; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
