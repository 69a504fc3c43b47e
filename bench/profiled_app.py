"""The dashboard's page under pyinstrument, for ``python -m bench.profile``.

AppTest runs the script on a thread of its own, so a profiler started in the test's thread
sees only its wait; this page starts one inside the script's thread. With ``$BENCH_PROFILE_DIR``
set, every run of the script saves its session there as ``<step>-<n>.json``, the step named by
``$BENCH_PROFILE_STEP``; without it, the page runs unprofiled.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.app import main

FOLDER = os.environ.get("BENCH_PROFILE_DIR")

if FOLDER:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001, async_mode="disabled")
    profiler.start()
    try:
        main()
    finally:
        # Also when st.rerun() or a stop ends the run with an exception.
        session = profiler.stop()
        step = os.environ.get("BENCH_PROFILE_STEP", "run")
        runs = len(list(Path(FOLDER).glob(f"{step}-*.json")))
        session.save(Path(FOLDER) / f"{step}-{runs}.json")
else:
    main()
