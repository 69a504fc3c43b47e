"""``python -m bench``: run the benchmark and write bench/results (see bench/run.py)."""

from bench.run import main

raise SystemExit(main())
