"""``python -m bench.loadsteps``: where a cold load's time goes, and loads against the bare parse.

Every figure comes from fresh processes, as ``bench/probes.py`` takes them, and is a median.

- ``steps LOG [DIR] [--runs N]``: the CPU time of each step of ``read_log`` then
  ``build_frames``, with this checkout's dashboard or DIR's. The collector's pass when it
  resumes is most of what ``parse_log`` takes beyond ``validate``.
- ``compare LOG [--runs N] [DIR ...]``: the bare parse (``yaml_rs.loads`` of the file's text,
  as the benchmark's parse probe) and the load (``read_log`` + ``build_frames(log, "en")``),
  interleaved, one process each; with DIRs, the load of the dashboard in each DIR (a folder
  holding a ``dashboard/``, e.g. from ``git archive``) instead of this checkout's.

Run it under ``flock /work/bench.lock`` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.cases import ROOT

# (module, function) of each step, in the order a load takes them.
STEPS = (
    ("dashboard.load", "parse_log"),
    ("dashboard.load", "validate"),
    ("dashboard.validate", "decode"),
    ("dashboard.validate", "_may_hold_tags_or_aliases"),
    ("dashboard.validate", "_forbidden_bytes"),
    ("dashboard.validate", "load_yaml_rs"),
    ("dashboard.validate", "schema_allows"),
    ("dashboard.validate", "flatten"),
    ("dashboard.validate", "read_sources"),
    ("dashboard.validate", "semantic_findings"),
    ("dashboard.load", "encode"),
)


def _timed_steps(path: str) -> dict[str, float]:
    """One load with each step's CPU seconds (a step missing from this code is skipped)."""
    import importlib

    spent: dict[str, float] = {}

    def timer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start

        return timed

    for module_name, name in STEPS:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, timer(name, getattr(module, name)))
    from dashboard.load import build_frames, read_log

    start = time.process_time()
    log = read_log(Path(path))
    read = time.process_time()
    build_frames(log, "en")
    spent["read_log"] = read - start
    spent["build_frames"] = time.process_time() - read
    spent["load"] = time.process_time() - start
    return spent


def _parse(path: str) -> dict[str, float]:
    import yaml_rs

    wall, cpu = time.perf_counter(), time.process_time()
    yaml_rs.loads(Path(path).read_text(encoding="utf-8"))
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def _load(path: str) -> dict[str, float]:
    from dashboard.load import build_frames, read_log

    wall, cpu = time.perf_counter(), time.process_time()
    build_frames(read_log(Path(path)), "en")
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


CHILDREN: dict[str, Callable[[str], dict[str, float]]] = {
    "_steps": _timed_steps,
    "_parse": _parse,
    "_load": _load,
}


def _fresh(kind: str, path: str, code: Path = ROOT) -> dict[str, float]:
    """Run one child in a fresh process whose ``dashboard`` is the one in ``code``."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.loadsteps", kind, path],
        cwd=code,
        env={"PYTHONPATH": f"{code}:{ROOT}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def steps(path: str, runs: int, code: Path = ROOT) -> str:
    """Each step's median CPU over ``runs`` cold loads, and its share of yaml-rs's parse."""
    results = [_fresh("_steps", path, code) for _ in range(runs)]
    medians = {key: statistics.median(r.get(key, 0.0) for r in results) for key in results[0]}
    if "parse_log" in medians and "validate" in medians:
        medians["collector and hash (parse_log - validate)"] = (
            medians["parse_log"] - medians["validate"]
        )
    parse = medians.get("load_yaml_rs") or 1.0
    lines = [f"{'step':44} {'CPU ms':>8} {'x parse':>8}"]
    lines += [f"{k:44} {v * 1000:8.0f} {v / parse:8.2f}" for k, v in medians.items()]
    return "\n".join(lines)


def compare(path: str, runs: int, codes: list[Path]) -> str:
    """The bare parse and each code's load, interleaved, as medians and ratios to the parse."""
    codes = codes or [ROOT]
    results: dict[str, list[dict[str, float]]] = {"parse": []}
    results |= {str(code): [] for code in codes}
    for _ in range(runs):
        results["parse"].append(_fresh("_parse", path))
        for code in codes:
            results[str(code)].append(_fresh("_load", path, code))
    parse = {k: statistics.median(r[k] for r in results["parse"]) for k in ("wall", "cpu")}
    lines = [f"{'':32} {'wall s':>7} {'CPU s':>7} {'wall/parse':>10} {'CPU/parse':>10}  walls"]
    for name, measured in results.items():
        wall = statistics.median(r["wall"] for r in measured)
        cpu = statistics.median(r["cpu"] for r in measured)
        each = " ".join(f"{r['wall']:.2f}" for r in measured)
        lines.append(
            f"{name[-32:]:32} {wall:7.2f} {cpu:7.2f} {wall / parse['wall']:10.2f} "
            f"{cpu / parse['cpu']:10.2f}  {each}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the steps or the comparison; a child prints its one JSON line."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in CHILDREN:
        print(json.dumps(CHILDREN[argv[0]](argv[1])))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.loadsteps", description=__doc__)
    parser.add_argument("command", choices=("steps", "compare"))
    parser.add_argument("log", type=Path)
    parser.add_argument("code", type=Path, nargs="*", help="folders holding a dashboard/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    log = str(args.log.resolve())
    if args.command == "steps":
        print(steps(log, args.runs, *[code.resolve() for code in args.code[:1]]))
    else:
        print(compare(log, args.runs, [code.resolve() for code in args.code]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
