"""``python -m bench``: run the benchmark suite and write bench/results (see bench/suite.py)."""

from bench.suite import main

raise SystemExit(main())
